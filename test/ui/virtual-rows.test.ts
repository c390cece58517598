import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { visibleRange } from '../../src/ui/console/VirtualRows';

describe('visibleRange', () => {
  it('covers the rows in view plus the overscan, clamped to the list', () => {
    expect(visibleRange(0, 500, 100, 50_000, 6)).toEqual([0, 11]);
    expect(visibleRange(10_000, 500, 100, 50_000, 6)).toEqual([94, 111]);
    expect(visibleRange(5_000_000, 500, 100, 50_000, 6)).toEqual([49_994, 50_000]);
    expect(visibleRange(0, 500, 100, 3, 6)).toEqual([0, 3]);
  });

  it('always holds every row that is at least partly visible', () => {
    fc.assert(fc.property(fc.nat(1e7), fc.integer({ min: 1, max: 3000 }), fc.integer({ min: 10, max: 300 }), fc.nat(100_000), fc.nat(20), (top, viewport, h, count, over) => {
      const [s, e] = visibleRange(top, viewport, h, count, over);
      expect(0 <= s && s <= e && e <= count).toBe(true);
      const firstVisible = Math.floor(top / h);
      const lastVisible = Math.ceil((top + viewport) / h) - 1;
      for (const r of [firstVisible, lastVisible]) if (r < count) expect(r >= s && r < e).toBe(true);
    }), { numRuns: 2000 });
  });
});
