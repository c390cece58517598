import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AlertState } from '../../src/domain/events';
import type { AlertTransition } from '../../src/domain/lifecycle';
import { transitionFor } from '../../src/domain/lifecycle';

describe('transitionFor', () => {
  it.each<[AlertState | undefined, AlertState, AlertTransition]>([
    [undefined, 'firing', 'new'],
    ['resolved', 'firing', 'new'],
    ['firing', 'firing', 'repeat'],
    ['firing', 'resolved', 'resolved'],
    [undefined, 'resolved', 'ignored'],
    ['resolved', 'resolved', 'ignored'],
    [undefined, 'pending', 'pending'],
    ['resolved', 'pending', 'pending'],
    ['pending', 'pending', 'repeat'],
    ['pending', 'firing', 'new'],
    ['pending', 'resolved', 'withdrawn'],
    ['firing', 'pending', 'ignored'],
  ])('%s + %s → %s', (prev, next, expected) => {
    expect(transitionFor(prev, next)).toBe(expected);
  });

  it('property: replaying any sequence, every resolve that is not ignored follows a firing, and news never stack', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom<AlertState>('firing', 'resolved'), { maxLength: 50 }), (states) => {
        let prev: AlertState | undefined;
        let open = false;
        for (const s of states) {
          const t = transitionFor(prev, s);
          if (t === 'new') expect(open).toBe(false);
          if (t === 'repeat' || t === 'resolved') expect(open).toBe(true);
          if (t === 'ignored') expect(open).toBe(false);
          if (t !== 'ignored') prev = s;
          open = prev === 'firing';
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('property: with pending, an all-clear only ends a firing, a withdrawal only a pending, and pending never demotes a firing', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom<AlertState>('firing', 'pending', 'resolved'), { maxLength: 50 }), (states) => {
        let prev: AlertState | undefined;
        for (const s of states) {
          const t = transitionFor(prev, s);
          if (t === 'resolved') expect(prev).toBe('firing');
          if (t === 'withdrawn') expect(prev).toBe('pending');
          if (t === 'pending') expect(prev === undefined || prev === 'resolved').toBe(true);
          if (prev === 'firing' && s === 'pending') expect(t).toBe('ignored');
          if (t !== 'ignored') prev = s;
        }
      }),
      { numRuns: 2000 },
    );
  });
});
