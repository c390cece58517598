import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_BACKOFF, backoffDelay, statusForAttempt } from '../../src/sources/connection';
import { createFakeClock } from '../helpers/fake-clock';
import type { Timers } from '../../src/sources/connection';

const low = () => 0;
const high = () => 0.999999999;

describe('backoffDelay', () => {
  it('grows exponentially from the base', () => {
    // With rng = 1 (almost), the delay is the full exponential step.
    expect([1, 2, 3, 4, 5, 6].map((a) => backoffDelay(a, high))).toEqual([500, 1000, 2000, 4000, 8000, 16000]);
    // With rng = 0 it is half of it: never collapses to zero.
    expect([1, 2, 3, 4].map((a) => backoffDelay(a, low))).toEqual([250, 500, 1000, 2000]);
  });

  it('is capped at maxMs', () => {
    for (const a of [7, 8, 20, 100, 10_000]) {
      expect(backoffDelay(a, high)).toBe(DEFAULT_BACKOFF.maxMs);
      expect(backoffDelay(a, low)).toBe(DEFAULT_BACKOFF.maxMs / 2);
    }
  });

  it('treats attempt 0 (and below) like attempt 1', () => {
    expect(backoffDelay(0, high)).toBe(500);
    expect(backoffDelay(-3, high)).toBe(500);
  });

  it('honours custom options', () => {
    const opts = { baseMs: 100, maxMs: 1000, downAfter: 3 };
    expect([1, 2, 3, 4, 5].map((a) => backoffDelay(a, high, opts))).toEqual([100, 200, 400, 800, 1000]);
  });

  it('property: jitter stays within [exp/2, exp] and is monotone in rng', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 64 }), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (attempt, r) => {
        const exp = Math.min(DEFAULT_BACKOFF.maxMs, DEFAULT_BACKOFF.baseMs * 2 ** (attempt - 1));
        const d = backoffDelay(attempt, () => r);
        expect(Number.isInteger(d)).toBe(true);
        expect(d).toBeGreaterThanOrEqual(Math.floor(exp / 2));
        expect(d).toBeLessThanOrEqual(exp);
        expect(backoffDelay(attempt, () => 0)).toBeLessThanOrEqual(d);
      }),
      { numRuns: 2000 },
    );
  });

  it('spreads retries: many random draws are not all the same', () => {
    let seed = 1;
    const rng = () => ((seed = (seed * 48271) % 2147483647) / 2147483647);
    const delays = new Set(Array.from({ length: 50 }, () => backoffDelay(5, rng)));
    expect(delays.size).toBeGreaterThan(10);
  });
});

describe('statusForAttempt', () => {
  it('retrying until downAfter attempts, then down', () => {
    expect([1, 2, 3, 4, 5].map((a) => statusForAttempt(a))).toEqual(Array(5).fill('retrying'));
    expect(statusForAttempt(6)).toBe('down');
    expect(statusForAttempt(60)).toBe('down');
    expect(statusForAttempt(2, { baseMs: 1, maxMs: 1, downAfter: 2 })).toBe('down');
  });
});

describe('the shared fake clock fits Timers', () => {
  it('runs timers in due order and cancels', () => {
    const clock = createFakeClock(1000);
    const timers: Timers = clock;
    const ran: string[] = [];
    timers.setTimeout(() => ran.push(`b@${timers.now()}`), 20);
    timers.setTimeout(() => ran.push(`a@${timers.now()}`), 10);
    const h = timers.setTimeout(() => ran.push('never'), 15);
    timers.clearTimeout(h);
    clock.advance(25);
    expect(ran).toEqual(['a@1010', 'b@1020']);
    expect(timers.now()).toBe(1025);
  });
});
