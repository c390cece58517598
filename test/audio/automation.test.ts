// The JS mirror of native automation (src/audio/voices/automation.ts): Web Audio's
// formulas, cancel-and-hold, and Tone.Envelope's shapes as the voices schedule them.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GlidingParam, ParamSchedule, quantumStart, RENDER_QUANTUM, triggerAttack, triggerRelease, type EnvelopeShape } from '../../src/audio/voices/automation';

const SAMPLE = 1 / 48_000;

/** Records the calls a native AudioParam receives. */
function fakeParam(value = 0) {
  const calls: string[] = [];
  const param = {
    value,
    setValueAtTime: (v: number, t: number) => calls.push(`set ${v.toFixed(4)} @${t.toFixed(3)}`),
    linearRampToValueAtTime: (v: number, t: number) => calls.push(`ramp ${v.toFixed(4)} @${t.toFixed(3)}`),
    exponentialRampToValueAtTime: (v: number, t: number) => calls.push(`exp ${v.toFixed(4)} @${t.toFixed(3)}`),
    setTargetAtTime: (v: number, t: number, tau: number) => calls.push(`target ${v.toFixed(4)} @${t.toFixed(3)} tau ${tau.toFixed(4)}`),
    cancelScheduledValues: (t: number) => calls.push(`cancel @${t.toFixed(3)}`),
  };
  return { param: param as unknown as AudioParam, calls };
}

describe('ParamSchedule', () => {
  it('evaluates set, linear, exponential and setTarget as Web Audio does', () => {
    const s = new ParamSchedule(0);
    s.add({ kind: 'set', t: 1, v: 2 });
    s.add({ kind: 'ramp', t: 2, v: 4 });
    s.add({ kind: 'exp', t: 3, v: 16 });
    s.add({ kind: 'target', t: 3, v: 0, tau: 0.5 });
    expect(s.valueAt(0.5)).toBe(0);
    expect(s.valueAt(1.5)).toBeCloseTo(3, 12);
    expect(s.valueAt(2.5)).toBeCloseTo(8, 12);
    expect(s.valueAt(3)).toBeCloseTo(16, 12);
    expect(s.valueAt(4)).toBeCloseTo(16 * Math.exp(-2), 12);
  });

  it('holds a ramp where it is cut, and rewrites the native param from there', () => {
    const s = new ParamSchedule(0);
    s.add({ kind: 'set', t: 0, v: 0 });
    s.add({ kind: 'ramp', t: 1, v: 1 });
    const { param, calls } = fakeParam();
    s.writeTo(param);
    s.rewrite(param, 0.25, () => s.holdAt(0.25));
    expect(calls).toEqual(['set 0.0000 @0.000', 'ramp 1.0000 @1.000', 'cancel @0.250', 'ramp 0.2500 @0.250']);
    expect(s.valueAt(5)).toBeCloseTo(0.25, 12);
  });
});

describe('Tone.Envelope shapes', () => {
  const shape: EnvelopeShape = { attack: 0.01, decay: 0.1, sustain: 0.5, release: 0.2 };

  it('attack, exponential decay onto the sustain, release to silence', () => {
    const s = new ParamSchedule(0);
    triggerAttack(s, shape, 0, 0.8, SAMPLE);
    triggerRelease(s, shape, 0.5, SAMPLE);
    expect(s.valueAt(0.005)).toBeCloseTo(0.4, 9); // linear attack halfway
    expect(s.valueAt(0.01)).toBeCloseTo(0.8, 9);
    expect(s.valueAt(0.3)).toBeCloseTo(0.4, 9); // sustain = velocity × 0.5
    // Tone's approach: a setTarget whose time constant is ln(t + 1) / ln(200).
    const tau = Math.log(1.2) / Math.log(200);
    expect(s.valueAt(0.55)).toBeCloseTo(0.4 * Math.exp(-0.05 / tau), 9);
    expect(s.valueAt(0.7)).toBe(0);
    expect(s.end).toBeCloseTo(0.7, 12);
  });

  it('a retriggered attack starts where the envelope is and is shortened by the distance covered', () => {
    const s = new ParamSchedule(0);
    triggerAttack(s, shape, 0, 1, SAMPLE);
    triggerRelease(s, shape, 0.2, SAMPLE);
    const at = s.valueAt(0.25);
    triggerAttack(s, shape, 0.25, 1, SAMPLE);
    expect(s.valueAt(0.25)).toBeCloseTo(at, 12);
    expect(s.valueAt(0.25 + (1 - at) * shape.attack)).toBeCloseTo(1, 9);
  });

  it('a release curve is scaled from the value it starts at', () => {
    const s = new ParamSchedule(0);
    const curved: EnvelopeShape = { ...shape, sustain: 1, releaseCurve: [1, 0.5, 0] };
    triggerAttack(s, curved, 0, 0.6, SAMPLE);
    triggerRelease(s, curved, 0.1, SAMPLE);
    expect(s.valueAt(0.2)).toBeCloseTo(0.3, 9);
    expect(s.valueAt(0.31)).toBe(0);
  });
});

describe('GlidingParam', () => {
  it('glides from where the last glide had got to (a native hold with nothing after it inserts no value)', () => {
    const { param, calls } = fakeParam(440);
    const g = new GlidingParam(param);
    g.setAt(440, 0);
    g.glide(880, 1, 1, true);
    g.glide(440, 1.5, 1, true);
    expect(calls.slice(-2)).toEqual(['exp ' + (440 * Math.SQRT2).toFixed(4) + ' @1.500', 'exp 440.0000 @2.500']);
    // The mirror forgets the past: a long-running voice keeps a few events.
    for (let t = 3; t < 1000; t += 0.5) g.glide(200 + (t % 7), t, 0.4, true);
    expect((g as unknown as { s: ParamSchedule }).s.events.length).toBeLessThanOrEqual(3);
  });
});

describe('quantumStart (where a k-rate step must be set to hold from t)', () => {
  it('is the start of the 128-frame quantum holding t: a whole quantum, never after t, less than one quantum before it', () => {
    fc.assert(fc.property(fc.double({ min: 0, max: 3600, noNaN: true }), fc.constantFrom(44_100, 48_000, 96_000), (t, sr) => {
      const q = quantumStart(t, sr);
      const frames = q * sr;
      expect(Math.abs(frames - Math.round(frames))).toBeLessThan(1e-6);
      expect(Math.round(frames) % RENDER_QUANTUM).toBe(0);
      expect(q).toBeLessThanOrEqual(t + 1e-12);
      expect(t - q).toBeLessThan(RENDER_QUANTUM / sr);
    }));
  });
});
