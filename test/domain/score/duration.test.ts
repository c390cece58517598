import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration } from '../../../src/domain/score/duration';

describe('parseDuration', () => {
  it('reads Prometheus-style durations, compound ones too', () => {
    expect(parseDuration('500ms')).toBe(500);
    expect(parseDuration('30s')).toBe(30_000);
    expect(parseDuration('1h30m')).toBe(5_400_000);
    expect(parseDuration('1.5h')).toBe(5_400_000);
    expect(parseDuration(' 2d ')).toBe(172_800_000);
    expect(parseDuration('1w')).toBe(604_800_000);
  });

  it('rejects anything else', () => {
    for (const bad of ['', '5', 's', '5 s', '5sec', '-5s', '1h 30m', '5parsecs', '1e3s']) expect(parseDuration(bad), bad).toBeNull();
  });

  it('formatDuration round-trips whole units (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000_000 }), (ms) => {
        expect(parseDuration(formatDuration(ms))).toBe(ms);
      }),
    );
  });
});
