// A metric voice's mapping: raw value → normalised level and deviation → sound
// parameters. Baseline normalisation is a z-score over a time window, so "normal"
// sounds the same every day whatever the absolute numbers are.
import type { MetricVoiceSpec, PitchMapping, Range, ScaleName } from './types';

export interface VoiceParams {
  readonly frequency: number;
  /** Linear amplitude. */
  readonly gain: number;
  /** Low-pass cutoff in Hz, when the voice has brightness. */
  readonly cutoff?: number;
  /** Amplitude pulses per second, when the voice pulses. */
  readonly pulseHz?: number;
  /** 0..1 depth of fast amplitude modulation heard as roughness. */
  readonly roughness?: number;
  /** 0..1; what the UI shows. */
  readonly level: number;
  /** 0..1 distance from normal; 0 is calm. */
  readonly deviation: number;
}

const SCALES: Record<ScaleName, readonly number[]> = {
  pentatonic: [0, 2, 4, 7, 9],
  major: [0, 2, 4, 5, 7, 9, 11],
  minor: [0, 2, 3, 5, 7, 8, 10],
  dorian: [0, 2, 3, 5, 7, 9, 10],
  chromatic: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11],
};

const clamp01 = (x: number) => (Number.isFinite(x) ? Math.min(1, Math.max(0, x)) : 0);

/** Level 0..1 → frequency on the scale, monotonic non-decreasing. */
export function scalePitch(level: number, scale: ScaleName, base: number, octaves: number): number {
  const steps = SCALES[scale];
  const total = Math.max(1, Math.round(steps.length * octaves));
  const step = Math.round(clamp01(level) * total);
  const octave = Math.floor(step / steps.length);
  return base * 2 ** ((12 * octave + (steps[step % steps.length] ?? 0)) / 12);
}

export function pitchOf(p: PitchMapping, level: number, deviation: number): number {
  const x = p.follows === 'value' ? level : deviation;
  return p.kind === 'linear' ? p.base + x * p.range : scalePitch(x, p.scale, p.base, p.octaves);
}

function rangeOf(r: Range, level: number, deviation: number): number {
  return r.min + (r.max - r.min) * (r.follows === 'value' ? level : deviation);
}

/** Samples kept per baseline window: enough for a stable mean, bounded for months of uptime. */
const MAX_BASELINE_SAMPLES = 600;

export class MetricMapper {
  private samples: { t: number; v: number }[] = [];

  constructor(readonly spec: MetricVoiceSpec) {}

  /** Level and deviation of `value` at time `now` (ms). */
  normalise(value: number, now: number): { level: number; deviation: number } {
    const n = this.spec.normalise;
    if (n.kind === 'fixed') {
      const level = clamp01((value - n.min) / (n.max - n.min));
      return { level, deviation: level };
    }
    // Keep one sample per slice of the window, so a fast metric cannot shrink it.
    const last = this.samples[this.samples.length - 1];
    if (!last || now - last.t >= n.windowMs / MAX_BASELINE_SAMPLES) this.samples.push({ t: now, v: value });
    while (this.samples.length > MAX_BASELINE_SAMPLES || (this.samples[0] && now - this.samples[0].t > n.windowMs)) this.samples.shift();
    const mean = this.samples.reduce((a, s) => a + s.v, 0) / this.samples.length;
    const variance = this.samples.reduce((a, s) => a + (s.v - mean) ** 2, 0) / this.samples.length;
    // A flat baseline has no spread; a small floor keeps tiny wiggles from reading as alarm.
    const sd = Math.max(Math.sqrt(variance), Math.abs(mean) * 0.01, 1e-9);
    const z = Math.max(-n.clamp, Math.min(n.clamp, (value - mean) / sd));
    return { level: clamp01((z / n.clamp + 1) / 2), deviation: clamp01(Math.abs(z) / n.clamp) };
  }

  map(value: number, now: number): VoiceParams {
    const { level, deviation } = this.normalise(value, now);
    const s = this.spec;
    return {
      frequency: pitchOf(s.pitch, level, deviation),
      gain: rangeOf(s.loudness, level, deviation),
      level,
      deviation,
      ...(s.brightness && { cutoff: rangeOf(s.brightness, level, deviation) }),
      ...(s.pulse && { pulseHz: rangeOf(s.pulse, level, deviation) }),
      ...(s.roughness && { roughness: rangeOf(s.roughness, level, deviation) }),
    };
  }
}

/** The metric name a voice listens to: "metrics/cpu" → "cpu". */
export function metricNameOf(spec: MetricVoiceSpec): string | undefined {
  return 'topic' in spec.source ? spec.source.topic.replace(/^metrics\//, '') : undefined;
}
