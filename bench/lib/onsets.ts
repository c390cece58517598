// Finding when a probe sound starts in a recording where other sounds overlap it.
//
// At 10 alerts/s the console's earcons overlap (each lasts 0.3–0.5 s), and in a storm
// the output never falls silent, so "the first non-silent sample" of one alert cannot
// be read off the broadband signal. Probes therefore use a sound whose pitch nothing
// else in the run has (the info earcon, 440 Hz; the load is critical earcons at 880 /
// 1046.5 Hz), and we follow the level of just that pitch:
//   bandEnvelope: quadrature demodulation at f0, smoothed by two centred moving
//     averages of two f0 periods each (zero phase; nulls at multiples of f0/2, so the
//     880 Hz load is rejected and 1046.5 Hz is ~-44 dB).
//   bandSegments: where that envelope rises above a floor and falls back (hysteresis,
//     20 ms of quiet to close), each segment one probe sound; its onset is where the
//     envelope first reaches half of the segment's early peak (level-independent, so a
//     limiter ducking the probe does not move it).
// The band onset sits a fixed, small distance from the true first non-silent sample
// (the smoothing and the attack). calibrateBias measures that distance in the same run
// on isolated probes against the audio tap's frame-exact onsets; analysis subtracts it.

export interface BandOptions {
  f0: number;
  /** Periods per moving-average stage (default 2), of `lengthHz` (default f0). */
  periods?: number;
  /** Side bands use the probe's smoothing length, so the probe itself falls in their nulls. */
  lengthHz?: number;
}

export function bandEnvelope(pcm: Float32Array, sampleRate: number, o: BandOptions): Float32Array {
  const n = pcm.length;
  const w = (2 * Math.PI * o.f0) / sampleRate;
  const L = Math.max(1, Math.round(((o.periods ?? 2) * sampleRate) / (o.lengthHz ?? o.f0)));
  const I = new Float64Array(n);
  const Q = new Float64Array(n);
  // Phase by recurrence (cheap, accurate enough over minutes at double precision).
  let c = 1;
  let s = 0;
  const cw = Math.cos(w);
  const sw = Math.sin(w);
  for (let i = 0; i < n; i++) {
    const x = pcm[i]!;
    I[i] = x * c;
    Q[i] = x * s;
    const c2 = c * cw - s * sw;
    s = s * cw + c * sw;
    c = c2;
    if ((i & 0xffff) === 0) { const m = Math.hypot(c, s); c /= m; s /= m; }
  }
  // Centred moving average of length L via prefix sums (zero phase).
  const h = Math.floor((L - 1) / 2);
  const smooth = (a: Float64Array): Float64Array => {
    const P = new Float64Array(n + 1);
    for (let i = 0; i < n; i++) P[i + 1] = P[i]! + a[i]!;
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const lo = Math.max(0, i - h);
      const hi = Math.min(n, i - h + L);
      out[i] = (P[hi]! - P[lo]!) / L;
    }
    return out;
  };
  const I2 = smooth(smooth(I));
  const Q2 = smooth(smooth(Q));
  const env = new Float32Array(n);
  for (let i = 0; i < n; i++) env[i] = 2 * Math.hypot(I2[i]!, Q2[i]!);
  return env;
}

export interface Segment {
  /** Frame index (into the pcm) where the envelope first reaches half the early peak. */
  onset: number;
  /** First frame above the entry threshold. */
  enter: number;
  exit: number;
  peak: number;
}

export interface SegmentOptions {
  /** Envelope level that opens a segment. */
  enter: number;
  /** Level the envelope must stay under for `quietMs` to close it (default enter/2). */
  exit?: number;
  quietMs?: number;
  /** Span after entry in which the peak is taken (default 60 ms). */
  peakMs?: number;
  /** Fraction of that peak that marks the onset (default 0.5). */
  rel?: number;
}

export function bandSegments(env: Float32Array, sampleRate: number, o: SegmentOptions): Segment[] {
  const exitLevel = o.exit ?? o.enter / 2;
  const quiet = Math.round(((o.quietMs ?? 20) / 1000) * sampleRate);
  const peakSpan = Math.round(((o.peakMs ?? 60) / 1000) * sampleRate);
  const rel = o.rel ?? 0.5;
  const out: Segment[] = [];
  let i = 0;
  const n = env.length;
  // Start only after the band has been quiet, so a sound cut by the recording start is skipped.
  let quietRun = 0;
  while (i < n && quietRun < quiet) { quietRun = env[i]! < exitLevel ? quietRun + 1 : 0; i++; }
  while (i < n) {
    if (env[i]! < o.enter) { i++; continue; }
    const enter = i;
    // Walk back to where the rise began (last point under the exit level).
    let start = enter;
    while (start > 0 && env[start - 1]! >= exitLevel) start--;
    let peak = 0;
    for (let j = start; j < Math.min(n, enter + peakSpan); j++) if (env[j]! > peak) peak = env[j]!;
    let onset = start;
    while (onset < n && env[onset]! < rel * peak) onset++;
    // Close after `quiet` frames under the exit level.
    let j = enter;
    let run = 0;
    while (j < n && run < quiet) { run = env[j]! < exitLevel ? run + 1 : 0; j++; }
    out.push({ onset, enter, exit: j, peak });
    i = j;
  }
  return out;
}

/** Median of a list; null when empty. */
export function median(xs: readonly number[]): number | null {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Nearest-rank quantile (q in 0..1); null when empty. */
export function quantile(xs: readonly number[], q: number): number | null {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))]!;
}

/**
 * Keeps segments that look like a probe tone rather than broadband energy (clicks of
 * retriggered envelopes, limiter pumping): at the segment's peak the probe band must
 * exceed both side bands (f0 ± f0/2, which with the same smoothing length sit in the
 * probe's spectral nulls) by `contrast`, and the segment must last `minFrames`.
 */
export function toneSegments(segs: readonly Segment[], env: Float32Array, sides: readonly Float32Array[], contrast = 3, minFrames = 0): Segment[] {
  return segs.filter((s) => {
    if (s.exit - s.onset < minFrames) return false; // shorter than the probe sound can be (e.g. a storm grain)
    let at = s.onset;
    for (let j = s.onset; j < Math.min(env.length, s.onset + (s.exit - s.onset)); j++) if (env[j]! >= s.peak) { at = j; break; }
    return sides.every((side) => env[at]! >= contrast * side[at]!);
  });
}

/**
 * Pairs probes with tone segments: probe k gets the first unused segment whose corrected
 * onset lies in [sent_k, sent_k + windowFrames). Probes are spaced at least a window
 * apart, so no probe can take another's sound; a sound later than the window leaves its
 * probe unheard (null), which the caller counts and reports as a lower bound.
 */
export function matchProbes(sentFrames: readonly number[], segments: readonly Segment[], biasFrames: number, windowFrames = Infinity): (number | null)[] {
  const out: (number | null)[] = [];
  let s = 0;
  for (const sent of sentFrames) {
    while (s < segments.length && segments[s]!.onset - biasFrames < sent) s++;
    const seg = segments[s];
    const f = seg ? seg.onset - biasFrames : null;
    if (f !== null && f - sent < windowFrames) { out.push(f); s++; } else out.push(null);
  }
  return out;
}
