// A burst of work is cut into slices of a few ms each, in order; light traffic runs at once.
import { describe, expect, it } from 'vitest';
import { createSlicer } from '../../src/sources/slicer';

function harness(budgetMs = 8) {
  let t = 0;
  const tasks: (() => void)[] = [];
  const s = createSlicer({ budgetMs, now: () => t, post: (fn) => void tasks.push(fn) });
  return { s, tick: (ms: number) => (t += ms), runTask: () => tasks.shift()?.(), tasks };
}

describe('slicer', () => {
  it('runs light work at once', () => {
    const h = harness();
    const done: number[] = [];
    h.s.run(() => done.push(1));
    h.s.run(() => done.push(2));
    expect(done).toEqual([1, 2]);
    expect(h.s.pending).toBe(0);
  });

  it('past the budget, keeps the rest for later tasks, in order, a budget each', () => {
    const h = harness(8);
    const done: number[] = [];
    for (let i = 0; i < 10; i++) h.s.run(() => { done.push(i); h.tick(3); });
    expect(done).toEqual([0, 1, 2]); // 0, 3, 6 ms in; at 9 ms the rest waits
    expect(h.s.pending).toBe(7);
    h.runTask();
    expect(done).toEqual([0, 1, 2, 3, 4, 5]);
    h.runTask();
    h.runTask();
    h.runTask();
    expect(done).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(h.s.pending).toBe(0);
  });

  it('new work waits behind queued work (order is kept)', () => {
    const h = harness(8);
    const done: string[] = [];
    h.s.run(() => { done.push('a'); h.tick(10); });
    h.s.run(() => done.push('b'));
    h.runTask();
    h.s.run(() => done.push('c'));
    expect(done).toEqual(['a', 'b', 'c']);
  });

  it('a job that throws does not stop the others', () => {
    const errors: unknown[] = [];
    const s = createSlicer({ now: () => 0, post: () => {}, onError: (e) => errors.push(e) });
    const done: number[] = [];
    s.run(() => { throw new Error('boom'); });
    s.run(() => done.push(1));
    expect(done).toEqual([1]);
    expect(errors).toHaveLength(1);
  });
});
