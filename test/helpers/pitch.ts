// Fundamental-frequency estimation for PCM captured by the audio tap.

export interface PitchOptions {
  minHz?: number;
  maxHz?: number;
  /** Samples below this level are ignored when finding the sounding region (default -40 dBFS). */
  gateDbfs?: number;
  /** Max samples analysed (default 16384); taken from the middle of the sounding region. */
  maxWindow?: number;
  /** YIN threshold on the cumulative mean normalized difference (default 0.1). */
  threshold?: number;
}

export interface PitchResult {
  hz: number;
  /** YIN aperiodicity at the chosen lag: ~0 for a clean periodic tone, → 1 for noise. */
  aperiodicity: number;
}

/** The part of `pcm` between the first and last sample above `gateDbfs`. */
export function soundingRegion(pcm: ArrayLike<number>, gateDbfs = -40): Float32Array {
  const g = 10 ** (gateDbfs / 20);
  const a = Float32Array.from(pcm);
  let first = 0;
  let last = a.length - 1;
  while (first < a.length && Math.abs(a[first]!) <= g) first++;
  while (last > first && Math.abs(a[last]!) <= g) last--;
  return a.subarray(first, last + 1);
}

/**
 * YIN (de Cheveigné & Kawahara 2002) picks the period; it is then refined with a parabolic
 * fit at multiples of the period, so a steady tone comes out within ~0.02 %. Null when
 * the sounding region is too short for `minHz`.
 */
export function estimatePitch(pcm: ArrayLike<number>, sampleRate: number, opts: PitchOptions = {}): PitchResult | null {
  const { minHz = 50, maxHz = 2000, gateDbfs = -40, maxWindow = 16384, threshold = 0.1 } = opts;
  const region = soundingRegion(pcm, gateDbfs);
  const maxLag = Math.ceil(sampleRate / minHz);
  const minLag = Math.max(2, Math.floor(sampleRate / maxHz));
  const w = Math.min(maxWindow, region.length - maxLag - 2);
  if (w < maxLag) return null;
  const off = Math.floor((region.length - w - maxLag - 2) / 2);
  const x = region.subarray(off, off + w + maxLag + 2);

  const d = new Float64Array(maxLag + 2);
  for (let tau = 1; tau <= maxLag + 1; tau++) {
    let s = 0;
    for (let i = 0; i < w; i++) {
      const v = x[i]! - x[i + tau]!;
      s += v * v;
    }
    d[tau] = s;
  }
  // Cumulative mean normalized difference.
  const cmnd = new Float64Array(maxLag + 2);
  cmnd[0] = 1;
  let run = 0;
  for (let tau = 1; tau <= maxLag + 1; tau++) {
    run += d[tau]!;
    cmnd[tau] = run > 0 ? (d[tau]! * tau) / run : 1;
  }
  let tau = -1;
  for (let t = minLag; t <= maxLag; t++) {
    if (cmnd[t]! < threshold) {
      while (t + 1 <= maxLag && cmnd[t + 1]! < cmnd[t]!) t++;
      tau = t;
      break;
    }
  }
  if (tau < 0) {
    // No dip under the threshold: take the global minimum, flagged by its aperiodicity.
    tau = minLag;
    for (let t = minLag; t <= maxLag; t++) if (cmnd[t]! < cmnd[tau]!) tau = t;
  }
  // Refine at doubling multiples of the period: the parabolic fit's error is divided by
  // the multiple, and a ±2-sample search window cannot jump to a neighbouring dip.
  let period = tau + parabolicShift(cmnd[tau - 1]!, cmnd[tau]!, cmnd[tau + 1]!);
  for (let k = 2; k * period + 3 <= maxLag; k *= 2) {
    let best = Math.round(k * period);
    for (let t = best - 2; t <= best + 2; t++) if (d[t]! < d[best]!) best = t;
    period = (best + parabolicShift(d[best - 1]!, d[best]!, d[best + 1]!)) / k;
  }
  return { hz: sampleRate / period, aperiodicity: cmnd[tau]! };
}

/** Offset (in samples, within ±0.5) of the vertex of the parabola through three points. */
function parabolicShift(a: number, b: number, c: number): number {
  const den = a - 2 * b + c;
  return den > 0 ? Math.max(-0.5, Math.min(0.5, (a - c) / (2 * den))) : 0;
}

/**
 * Frequency from upward zero crossings, interpolated linearly, averaged over the sounding
 * region. Only meaningful for tones with two zero crossings per period (sine, triangle).
 */
export function zeroCrossingHz(pcm: ArrayLike<number>, sampleRate: number, gateDbfs = -40): number | null {
  const x = soundingRegion(pcm, gateDbfs);
  const crossings: number[] = [];
  for (let i = 1; i < x.length; i++) {
    const p = x[i - 1]!;
    const q = x[i]!;
    if (p < 0 && q >= 0) crossings.push(i - 1 + p / (p - q));
  }
  if (crossings.length < 3) return null;
  const periods = crossings.length - 1;
  return (periods * sampleRate) / (crossings[crossings.length - 1]! - crossings[0]!);
}

/** Relative error of `measured` against `expected` (0.01 = 1 %). */
export function relError(measured: number, expected: number): number {
  return Math.abs(measured - expected) / expected;
}
