import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OTHER, Registry } from '../../src/telemetry/registry';
import { defineSelfMetrics } from '../../src/telemetry/self-metrics';

describe('registry', () => {
  it('refuses invalid and duplicate names at registration', () => {
    const r = new Registry();
    expect(() => r.counter({ name: 'bad-name', help: '' })).toThrow(/invalid metric name/);
    expect(() => r.gauge({ name: 'g', help: '', labelNames: ['__reserved'] })).toThrow(/invalid label name/);
    expect(() => r.histogram({ name: 'h', help: '', labelNames: ['le'], buckets: [1] })).toThrow(/invalid label name/);
    expect(() => r.gauge({ name: 'g2', help: '', labelNames: ['a', 'a'] })).toThrow(/duplicate/);
    expect(() => r.histogram({ name: 'h2', help: '', buckets: [NaN, Infinity] })).toThrow(/bucket/);
    r.counter({ name: 'c_total', help: '' });
    expect(() => r.gauge({ name: 'c_total', help: '' })).toThrow(/twice/);
  });

  it('counters only go up; gauges and counters ignore non-finite values', () => {
    const r = new Registry();
    const c = r.counter({ name: 'c_total', help: '' });
    c.inc();
    c.inc(undefined, 2.5);
    c.inc(undefined, -1);
    c.inc(undefined, NaN);
    c.set(undefined, Infinity);
    expect(c.get()).toBe(3.5);
    const g = r.gauge({ name: 'g', help: '' });
    g.set(undefined, -4);
    g.set(undefined, NaN);
    expect(g.get()).toBe(-4);
  });

  it('folds values outside the allowed list into "other"', () => {
    const r = new Registry();
    const c = r.counter<'reason'>({ name: 'r_total', help: '', labelNames: ['reason'], allowed: { reason: ['a', 'b'] } });
    c.inc({ reason: 'a' });
    c.inc({ reason: 'https://user:secret@host/' });
    c.inc({ reason: 'anything else' });
    expect(c.entries()).toEqual([
      { labels: { reason: 'a' }, value: 1 },
      { labels: { reason: OTHER }, value: 2 },
    ]);
    expect(r.serialize()).not.toContain('secret');
  });

  it('property: label sets per metric stay bounded whatever arrives (1000 runs)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.string(), fc.string()), { maxLength: 200 }), fc.integer({ min: 1, max: 20 }), (sets, max) => {
        const r = new Registry();
        const c = r.counter<'a' | 'b'>({ name: 'x_total', help: '', labelNames: ['a', 'b'], maxSeries: max });
        for (const [a, b] of sets) c.inc({ a, b });
        const entries = c.entries();
        expect(entries.length).toBeLessThanOrEqual(max + 1);
        // Nothing is lost: the overflow is counted, not dropped.
        expect(entries.reduce((n, e) => n + e.value, 0)).toBe(sets.length);
        for (const e of entries) for (const v of Object.values(e.labels)) expect(v.length).toBeLessThanOrEqual(128);
      }),
      { numRuns: 1000 },
    );
  });

  it('runs collect hooks before each collect; a failing hook does not stop the rest', () => {
    const r = new Registry();
    const g = r.gauge({ name: 'g', help: '' });
    let n = 0;
    r.onCollect(() => {
      throw new Error('boom');
    });
    const remove = r.onCollect(() => g.set(undefined, ++n));
    expect(r.serialize()).toContain('g 1');
    expect(r.serialize()).toContain('g 2');
    remove();
    expect(r.serialize()).toContain('g 2');
  });
});

describe('the self metrics', () => {
  it('exist from the first push with zero values, build info 1, in base units', () => {
    const m = defineSelfMetrics();
    const text = m.registry.serialize();
    expect(text).toMatch(/^singing_pager_build_info\{version="\d+\.\d+\.\d+[^"]*"\} 1$/m);
    expect(text).toContain('singing_pager_event_to_sound_seconds_count 0');
    expect(text).toContain('singing_pager_sent_to_sound_seconds_bucket{le="+Inf"} 0');
    expect(text).toContain('singing_pager_audio_running 0');
    expect(text).toContain('singing_pager_voices_active 0');
    expect(text).toContain('singing_pager_voices_dropped_total 0');
    // Labelled families appear with their first label set (collect.ts pre-fills known ones).
    expect(text).not.toContain('singing_pager_events_total');
    expect(text).not.toMatch(/NaN/);
    for (const line of text.split('\n').filter((l) => l.startsWith('# TYPE'))) {
      const [, , name, type] = line.split(' ');
      if (type === 'counter') expect(name).toMatch(/_total$/);
      expect(name).toMatch(/^singing_pager_/);
      expect(name).not.toMatch(/_ms|millis/);
    }
  });

  it('limits sources, kinds and reasons to their fixed lists', () => {
    const m = defineSelfMetrics();
    m.events.inc({ source: 'mqtt', kind: 'alert' });
    m.events.inc({ source: 'ws://broker:9001' as never, kind: 'alert' });
    m.rejected.inc({ reason: 'not_json' });
    m.rejected.inc({ reason: '<script>' });
    expect(m.events.entries().map((e) => e.labels)).toEqual([
      { source: 'mqtt', kind: 'alert' },
      { source: OTHER, kind: 'alert' },
    ]);
    expect(m.rejected.entries().map((e) => e.labels.reason)).toEqual(['not_json', OTHER]);
  });
});
