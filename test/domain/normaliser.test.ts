import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AlertEvent } from '../../src/domain/events';
import { severityFamily } from '../../src/domain/events';
import { MetricNormaliser } from '../../src/domain/score/normaliser';

const alert = (over: Partial<AlertEvent> = {}): AlertEvent => ({
  kind: 'alert',
  id: 'DiskFull{"instance"="db-3"}',
  name: 'DiskFull',
  severity: 'critical',
  state: 'firing',
  labels: { instance: 'db-3' },
  annotations: {},
  source: 'mqtt',
  receivedAt: 42,
  ...over,
});

describe('severityFamily', () => {
  it.each([
    ['critical', 'critical'], ['page', 'critical'], ['P1', 'critical'], ['Error', 'critical'],
    ['warning', 'warning'], ['warn', 'warning'], ['major', 'warning'], ['p3', 'warning'],
    ['info', 'info'], ['none', 'info'], ['', 'info'], ['whatever', 'info'],
  ])('%s → %s', (s, family) => expect(severityFamily(s)).toBe(family));
});

describe('MetricNormaliser', () => {
  it('passes ratios through unchanged', () => {
    const n = new MetricNormaliser();
    for (const v of [0, 0.25, 0.5, 0.999, 1]) expect(n.normalise('cpu', v)).toBe(v);
  });

  it('maps a metric with a wider range onto its observed range', () => {
    const n = new MetricNormaliser();
    expect(n.normalise('queue', 40)).toBe(1); // range now [0, 40]
    expect(n.normalise('queue', 20)).toBe(0.5);
    expect(n.normalise('queue', 80)).toBe(1); // range grows to [0, 80]
    expect(n.normalise('queue', 20)).toBe(0.25);
    expect(n.normalise('queue', -80)).toBe(0); // [-80, 80]
    expect(n.normalise('queue', 0)).toBe(0.5);
    // Once a name has a range, small values are on that range too.
    expect(n.normalise('queue', 0.5)).toBeCloseTo(80.5 / 160, 12);
  });

  it('keeps names apart', () => {
    const n = new MetricNormaliser();
    n.normalise('queue', 500);
    expect(n.normalise('cpu', 0.3)).toBe(0.3);
  });

  it('copes with the extremes of finite doubles', () => {
    const n = new MetricNormaliser();
    for (const v of [Number.MAX_VALUE, -Number.MAX_VALUE, Number.MAX_VALUE, 0, -Number.MAX_VALUE / 3]) {
      const x = n.normalise('huge', v);
      expect(Number.isFinite(x)).toBe(true);
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThanOrEqual(1);
    }
    expect(n.normalise('huge', Number.MAX_VALUE)).toBe(1);
    expect(n.normalise('huge', -Number.MAX_VALUE)).toBe(0);
    expect(n.normalise('huge', 0)).toBeCloseTo(0.5, 12);
  });

  it('property: any sequence of finite values maps into [0, 1], ratios-only names pass through', () => {
    const value = fc.oneof(
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.double({ min: 0, max: 1, noNaN: true }),
      fc.integer(),
      fc.constantFrom(Number.MAX_VALUE, -Number.MAX_VALUE, 1e308, -1e308),
    );
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom('a', 'b', 'c'), value), { maxLength: 40 }), (samples) => {
        const n = new MetricNormaliser();
        const wide = new Set<string>();
        for (const [name, v] of samples) {
          if (v < 0 || v > 1) wide.add(name);
          const x = n.normalise(name, v);
          expect(Number.isFinite(x)).toBe(true);
          expect(x).toBeGreaterThanOrEqual(0);
          expect(x).toBeLessThanOrEqual(1);
          if (!wide.has(name)) expect(x).toBe(v);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('property: order within the observed range is preserved', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 2, maxLength: 20 }), (vs) => {
        const n = new MetricNormaliser();
        for (const v of vs) n.normalise('m', v);
        n.normalise('m', 2e6); // fix a wide range first
        n.normalise('m', -2e6);
        const sorted = [...vs].sort((x, y) => x - y);
        const mapped = sorted.map((v) => n.normalise('m', v));
        for (let i = 1; i < mapped.length; i++) expect(mapped[i]!).toBeGreaterThanOrEqual(mapped[i - 1]!);
      }),
      { numRuns: 2000 },
    );
  });
});
