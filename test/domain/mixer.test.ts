// Mute, solo and volume → the gain each channel gets.
import { describe, expect, it } from 'vitest';
import { effectiveGains } from '../../src/domain/mixer';

const CH = ['critical', 'warning', 'info', 'clear', 'system', 'storm', 'metric:cpu'];

describe('effectiveGains', () => {
  it('defaults to unity for channels never touched', () => {
    expect(effectiveGains({}, CH)).toEqual(Object.fromEntries(CH.map((c) => [c, 1])));
  });

  it('mute silences one channel and keeps its volume for later', () => {
    const g = effectiveGains({ critical: { gain: 0.6, muted: true, solo: false } }, CH);
    expect(g.critical).toBe(0);
    expect(g.warning).toBe(1);
    expect(effectiveGains({ critical: { gain: 0.6, muted: false, solo: false } }, CH).critical).toBe(0.6);
  });

  it('solo wins: only soloed channels sound, at their own volume', () => {
    const g = effectiveGains({ warning: { gain: 0.5, muted: false, solo: true }, 'metric:cpu': { gain: 1.5, muted: false, solo: true } }, CH);
    expect(g).toEqual({ critical: 0, warning: 0.5, info: 0, clear: 0, system: 0, storm: 0, 'metric:cpu': 1.5 });
  });

  it('a muted soloed channel stays silent; a solo on a channel not in the score is ignored', () => {
    expect(effectiveGains({ warning: { gain: 1, muted: true, solo: true } }, CH).warning).toBe(0);
    expect(effectiveGains({ 'metric:gone': { gain: 1, muted: false, solo: true } }, CH).critical).toBe(1);
  });

  it('clamps volume to 0..2', () => {
    const g = effectiveGains({ info: { gain: 7, muted: false, solo: false }, clear: { gain: -1, muted: false, solo: false } }, CH);
    expect([g.info, g.clear]).toEqual([2, 0]);
  });
});
