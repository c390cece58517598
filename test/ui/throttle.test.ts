import { describe, expect, it } from 'vitest';
import { Throttle } from '../../src/ui/throttle';

const policy = { ms: 250, busyMs: 1000, busyAbovePerSecond: 30 };

/** Drives a Throttle as useThrottledSlice does: changes at the given times; returns the redraw times. */
function redraws(changeTimes: number[], end: number, weight: (at: number) => number = () => 1): number[] {
  const t = new Throttle(policy);
  const out: number[] = [];
  let due: number | undefined;
  let i = 0;
  for (let now = 0; now <= end; now++) {
    if (due !== undefined && now >= due) {
      t.redrawn(now);
      out.push(now);
      due = undefined;
    }
    while (i < changeTimes.length && changeTimes[i]! <= now) {
      i++;
      const wait = t.changed(now, weight(now));
      if (due !== undefined) continue;
      if (wait <= 0) {
        t.redrawn(now);
        out.push(now);
      } else due = now + wait;
    }
  }
  return out;
}

const every = (ms: number, from: number, to: number) => Array.from({ length: Math.floor((to - from) / ms) }, (_, k) => from + k * ms);

describe('Throttle: how often a list follows its store', () => {
  it('shows the first change at once', () => {
    expect(redraws([5_000], 6_000)).toEqual([5_000]);
  });

  it('redraws at most every 250 ms while alerts come 10 a second, however they are batched', () => {
    const batched = redraws(every(500, 0, 5_000), 5_000, () => 5);
    expect(batched.slice(1).map((x, k) => x - batched[k]!)).toEqual(Array(9).fill(500));
    const r = redraws(every(100, 0, 5_000), 5_000);
    const gaps = r.slice(1).map((x, k) => x - r[k]!);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(250);
    expect(Math.max(...gaps)).toBeLessThanOrEqual(300);
  });

  it('slows to once a second while batches of 50 alerts come 20 times a second, and comes back after', () => {
    const storm = every(50, 0, 5_000);
    const calm = every(100, 8_000, 10_000);
    const r = redraws([...storm, ...calm], 10_000, (at) => (at < 5_000 ? 50 : 1));
    const inStorm = r.filter((x) => x > 1_500 && x < 5_000);
    const gaps = inStorm.slice(1).map((x, k) => x - inStorm[k]!);
    expect(gaps.length).toBeGreaterThan(0);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(1_000);
    const after = r.filter((x) => x >= 8_000);
    expect(after[0]).toBe(8_000); // the first change after the storm shows at once
    const calmGaps = after.slice(2).map((x, k) => x - after[k + 1]!);
    expect(Math.max(...calmGaps)).toBeLessThanOrEqual(300);
  });
});
