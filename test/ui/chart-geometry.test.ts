import { describe, expect, it } from 'vitest';
import { sparkPath, timeTicks } from '../../src/ui/prom/chart-geometry';

const BOX = { width: 150, height: 30, pad: 3 };

describe('sparkPath', () => {
  it('maps time across the box and the values between their own min and max (higher is up)', () => {
    expect(sparkPath([{ t: 0, v: 1 }, { t: 50, v: 3 }, { t: 100, v: 2 }], 0, 100, BOX)).toBe('M3.0,27.0L75.0,3.0L147.0,15.0');
  });
  it('draws a flat series through the middle and drops non-finite points', () => {
    expect(sparkPath([{ t: 0, v: 5 }, { t: 100, v: 5 }, { t: 50, v: NaN }], 0, 100, BOX)).toBe('M3.0,15.0L147.0,15.0');
  });
  it('is empty without points, and clamps points outside the window', () => {
    expect(sparkPath([], 0, 100, BOX)).toBe('');
    expect(sparkPath([{ t: -50, v: 0 }, { t: 500, v: 1 }], 0, 100, BOX)).toBe('M3.0,27.0L147.0,3.0');
  });
});

describe('timeTicks', () => {
  it('gives n + 1 evenly spaced times from start to end', () => {
    expect(timeTicks(1000, 2000, 4)).toEqual([1000, 1250, 1500, 1750, 2000]);
  });
});
