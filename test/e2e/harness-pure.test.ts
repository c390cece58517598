// Pure (no browser) checks of the harness helpers: pitch estimation and the fake clock.
import { describe, expect, it } from 'vitest';
import { estimatePitch, relError, soundingRegion, zeroCrossingHz } from '../helpers/pitch';
import { createFakeClock } from '../helpers/fake-clock';

function tone(hz: number, seconds: number, sr: number, shape: (phase: number) => number, pad = 0): Float32Array {
  const n = Math.round(seconds * sr);
  const out = new Float32Array(n + 2 * pad);
  for (let i = 0; i < n; i++) out[pad + i] = 0.5 * shape(((hz * i) / sr) % 1);
  return out;
}
const sine = (p: number): number => Math.sin(2 * Math.PI * p);
const triangle = (p: number): number => 1 - 4 * Math.abs(p - 0.5);
const square = (p: number): number => (p < 0.5 ? 1 : -1);

describe('pitch', () => {
  it.each([55, 110, 440, 441.7, 1000, 1760])('finds %d Hz in sine, triangle and square', (hz) => {
    for (const shape of [sine, triangle, square]) {
      const r = estimatePitch(tone(hz, 0.3, 44100, shape, 2000), 44100);
      expect(relError(r!.hz, hz)).toBeLessThan(0.0005);
      expect(r!.aperiodicity).toBeLessThan(0.05);
    }
    expect(relError(zeroCrossingHz(tone(hz, 0.3, 48000, sine), 48000)!, hz)).toBeLessThan(0.001);
  });

  it('ignores leading and trailing silence, and returns null without a tone', () => {
    const x = tone(440, 0.1, 44100, sine, 5000);
    expect(soundingRegion(x).length).toBeLessThan(0.1 * 44100 + 2);
    expect(estimatePitch(new Float32Array(44100), 44100)).toBeNull();
  });
});

describe('fake clock', () => {
  it('runs due timers in order, each at its own due time', () => {
    const c = createFakeClock(1000);
    const seen: string[] = [];
    c.setTimeout(() => seen.push(`b@${c.now()}`), 20);
    c.setTimeout(() => seen.push(`a@${c.now()}`), 10);
    c.setTimeout(() => seen.push(`a2@${c.now()}`), 10);
    const h = c.setTimeout(() => seen.push('cancelled'), 15);
    c.clearTimeout(h);
    c.advance(15);
    expect(seen).toEqual(['a@1010', 'a2@1010']);
    expect(c.now()).toBe(1015);
    expect(c.delays()).toEqual([5]);
    c.advance(5);
    expect(seen).toEqual(['a@1010', 'a2@1010', 'b@1020']);
    expect(c.pending()).toBe(0);
  });

  it('runs timers scheduled by timers within the same advance, and runAll catches runaway loops', () => {
    const c = createFakeClock();
    const at: number[] = [];
    const retry = (delay: number): void => {
      c.schedule(() => {
        at.push(c.now());
        if (delay < 800) retry(delay * 2);
      }, delay);
    };
    retry(100);
    c.advance(1000);
    expect(at).toEqual([100, 300, 700]);
    c.runAll();
    expect(at).toEqual([100, 300, 700, 1500]);
    const loop = (): void => void c.schedule(loop, 1);
    loop();
    expect(() => c.runAll(50)).toThrow(/runaway|forever/);
  });
});
