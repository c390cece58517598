// Metric mapping: fixed and baseline (z-score) normalisation, and the sound
// parameters that follow: pitch on a scale or a line, loudness, brightness, pulse.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MetricMapper, metricNameOf, pitchOf, scalePitch } from '../../../src/domain/score/metric-mapper';
import { parseScore } from '../../../src/domain/score/parse';
import type { MetricVoiceSpec, ScaleName } from '../../../src/domain/score/types';

function spec(yaml: string): MetricVoiceSpec {
  const r = parseScore(`name: t\nmetrics:\n  - id: m\n    source: { topic: metrics/m }\n${yaml.replace(/^/gm, '    ')}\n`);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.score.metrics[0]!;
}

const SCALES: ScaleName[] = ['pentatonic', 'major', 'minor', 'dorian', 'chromatic'];
const STEPS: Record<ScaleName, number[]> = {
  pentatonic: [0, 2, 4, 7, 9],
  major: [0, 2, 4, 5, 7, 9, 11],
  minor: [0, 2, 3, 5, 7, 8, 10],
  dorian: [0, 2, 3, 5, 7, 9, 10],
  chromatic: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11],
};
const semitones = (hz: number, base: number) => 12 * Math.log2(hz / base);

describe('fixed normalisation', () => {
  it('maps min..max onto 0..1, clamped; deviation is the level', () => {
    const m = new MetricMapper(spec('normalise: { min: 20, max: 120 }'));
    expect(m.normalise(70, 0)).toEqual({ level: 0.5, deviation: 0.5 });
    expect(m.normalise(20, 0)).toEqual({ level: 0, deviation: 0 });
    expect(m.normalise(500, 0)).toEqual({ level: 1, deviation: 1 });
    expect(m.normalise(-5, 0)).toEqual({ level: 0, deviation: 0 });
    expect(m.normalise(Number.NaN, 0)).toEqual({ level: 0, deviation: 0 });
  });
});

describe('baseline normalisation (z-score over a window)', () => {
  const WINDOW = 60_000;
  /** A mapper that has seen `seconds` of a metric alternating lo/hi once a second. */
  function settled(lo: number, hi: number, seconds = 50) {
    const m = new MetricMapper(spec('normalise: { baseline: 1m, clamp: 3 }'));
    for (let s = 0; s < seconds; s++) m.normalise(s % 2 ? hi : lo, s * 1000);
    return { m, t: seconds * 1000 };
  }

  it('the first sample is normal: level ½, no deviation', () => {
    const m = new MetricMapper(spec('normalise: { baseline: 10m }'));
    expect(m.normalise(1234, 0)).toEqual({ level: 0.5, deviation: 0 });
  });

  it('the mean reads as ½; z standard deviations away reads as ½ ± z / (2 × clamp)', () => {
    const { m, t } = settled(10, 12); // mean 11, sd 1
    expect(m.normalise(11, t).level).toBeCloseTo(0.5, 1);
    const up = m.normalise(12.5, t + 1000);
    expect(up.level).toBeGreaterThan(0.7);
    expect(up.level).toBeLessThan(0.8);
    expect(up.deviation).toBeGreaterThan(0.4);
    expect(up.deviation).toBeLessThan(0.6);
  });

  it('clamps at ±clamp deviations: far above is 1, far below is 0, both fully deviant', () => {
    const { m, t } = settled(10, 12);
    expect(m.normalise(1e6, t)).toEqual({ level: 1, deviation: 1 });
    const { m: m2, t: t2 } = settled(10, 12);
    expect(m2.normalise(-1e6, t2)).toEqual({ level: 0, deviation: 1 });
  });

  it('forgets what is older than the window: a new normal becomes calm', () => {
    const { m, t } = settled(10, 12);
    let r = m.normalise(100, t);
    expect(r.deviation).toBe(1);
    for (let s = 1; s * 1000 <= WINDOW + 5000; s++) r = m.normalise(s % 2 ? 101 : 99, t + s * 1000);
    expect(r.deviation).toBeLessThan(0.5);
  });

  it('a flat baseline does not turn a tiny wiggle into an alarm', () => {
    const m = new MetricMapper(spec('normalise: { baseline: 1m }'));
    for (let s = 0; s < 30; s++) m.normalise(500, s * 1000);
    expect(m.normalise(500.5, 30_000).deviation).toBeLessThan(0.05);
  });

  it('level and deviation stay in [0, 1] whatever arrives (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.double({ min: -1e9, max: 1e9, noNaN: true }), fc.integer({ min: 0, max: 5000 })), { minLength: 1, maxLength: 60 }), (samples) => {
        const m = new MetricMapper(spec('normalise: { baseline: 30s, clamp: 2 }'));
        let t = 0;
        for (const [v, dt] of samples) {
          t += dt;
          const r = m.normalise(v, t);
          for (const x of [r.level, r.deviation]) {
            expect(x).toBeGreaterThanOrEqual(0);
            expect(x).toBeLessThanOrEqual(1);
          }
        }
      }),
    );
  });
});

describe('pitch', () => {
  it('quantises to the scale: pentatonic over one octave', () => {
    const hz = [0, 0.2, 0.4, 0.6, 0.8, 1].map((l) => scalePitch(l, 'pentatonic', 220, 1));
    expect(hz.map((f) => Math.round(semitones(f, 220)))).toEqual([0, 2, 4, 7, 9, 12]);
  });

  it('every pitch is on its scale (property)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...SCALES), fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0.25, max: 4, noNaN: true }), (scale, level, octaves) => {
        const st = semitones(scalePitch(level, scale, 110, octaves), 110);
        expect(Math.abs(st - Math.round(st))).toBeLessThan(1e-9);
        expect(STEPS[scale]).toContain(((Math.round(st) % 12) + 12) % 12);
        expect(st).toBeGreaterThanOrEqual(0);
        // octaves counts scale steps (round(steps × octaves)), so the top may round up one step (≤ 3 semitones).
        expect(st).toBeLessThanOrEqual(12 * octaves + 3 + 1e-9);
      }),
    );
  });

  it('never falls as the level rises, for any scale and range (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...SCALES),
        fc.double({ min: 20, max: 4000, noNaN: true }),
        fc.double({ min: 0.25, max: 4, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (scale, base, octaves, a, b) => {
          const [lo, hi] = a <= b ? [a, b] : [b, a];
          expect(scalePitch(lo, scale, base, octaves)).toBeLessThanOrEqual(scalePitch(hi, scale, base, octaves));
        },
      ),
    );
  });

  it('a full sweep climbs from base to base × 2^octaves', () => {
    expect(scalePitch(0, 'major', 220, 2)).toBeCloseTo(220, 9);
    expect(scalePitch(1, 'major', 220, 2)).toBeCloseTo(880, 9);
    expect(scalePitch(2, 'major', 220, 2)).toBeCloseTo(880, 9); // clamped
  });

  it('linear: base + x × range, following value or deviation', () => {
    expect(pitchOf({ kind: 'linear', base: 440, range: 440, follows: 'value' }, 0.5, 0.9)).toBe(660);
    expect(pitchOf({ kind: 'linear', base: 440, range: 440, follows: 'deviation' }, 0.5, 0.25)).toBe(550);
  });
});

describe('MetricMapper.map', () => {
  it('the classic cpu voice: 440 + value × 440 Hz at a steady level', () => {
    const m = new MetricMapper(spec('pitch: { linear: true, base: 440, range: 440 }\nloudness: { min: 0.3, max: 0.3 }'));
    expect(m.map(0, 0)).toMatchObject({ frequency: 440, gain: 0.3, level: 0 });
    expect(m.map(0.5, 0)).toMatchObject({ frequency: 660, gain: 0.3 });
    expect(m.map(1, 0)).toMatchObject({ frequency: 880, gain: 0.3 });
  });

  it('loudness, brightness, pulse and roughness follow what they are told to', () => {
    const m = new MetricMapper(
      spec('normalise: { min: 0, max: 100 }\nloudness: { min: 0.1, max: 1.0, follows: value }\nbrightness: { min: 400, max: 3000 }\npulse: { min: 0, max: 6 }\nroughness: { min: 0, max: 0.5, follows: value }'),
    );
    const p = m.map(50, 0);
    expect(p).toMatchObject({ level: 0.5, deviation: 0.5 });
    expect(p.gain).toBeCloseTo(0.55, 9);
    expect(p.cutoff).toBeCloseTo(1700, 9);
    expect(p.pulseHz).toBeCloseTo(3, 9);
    expect(p.roughness).toBeCloseTo(0.25, 9);
  });

  it('leaves out what the voice does not have', () => {
    const p = new MetricMapper(spec('')).map(0.5, 0);
    expect(p).not.toHaveProperty('cutoff');
    expect(p).not.toHaveProperty('pulseHz');
    expect(p).not.toHaveProperty('roughness');
  });

  it('metricNameOf: the topic without metrics/', () => {
    expect(metricNameOf(spec(''))).toBe('m');
  });
});
