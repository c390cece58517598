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

export interface RiseOptions {
  /** How far the band must rise above its level just before (the probe's own height, reduced for limiter ducking). */
  minRise: number;
  /** Where the level before is taken (default the 15 ms before). */
  baseMs?: number;
  /** Span in which the rise's peak is taken (default 60 ms, as for isolated probes). */
  peakMs?: number;
  /** The probe band's rise must exceed each side band's rise by this (a tone, not broadband); default 3, or 1 with `pitch`. */
  contrast?: number;
  /** The rise must still stand this long after its peak (default 120 ms); unused with `pitch`. */
  holdMs?: number;
  /**
   * A narrow band at the probe's exact pitch (bandEnvelope with a long smoothing, e.g.
   * lengthHz 20: nulls every 20 Hz) and what an isolated probe does in it (calibrate with
   * narrowRise): a rise is the probe only if the narrow band rose by at least half as
   * much, half-way at the same place (`offsetFrames` from the onset, within `toleranceMs`,
   * default 5). Storm grains near 440 Hz are never at 440.000 Hz and fall in its nulls;
   * a grain just before the probe has its rise, but not where the narrow band rises.
   */
  pitch?: { env: Float32Array; ratio: number; offsetFrames: number; toleranceMs?: number };
}

export interface NarrowRise {
  /** Narrow band's rise around `onset`, per unit of the wide band's peak after it. */
  ratio: number;
  /** Where the narrow band is half-way up, from `onset` (frames). */
  offsetFrames: number;
}

/** The narrow band's rise in the `spanMs` either side of `onset`. */
function narrowStep(narrow: Float32Array, onset: number, span: number): { rise: number; half: number } {
  const lo = Math.max(0, onset - span);
  const hi = Math.min(narrow.length - 1, onset + span);
  const base = narrow[lo]!;
  let peak = base;
  for (let i = lo; i <= hi; i++) if (narrow[i]! > peak) peak = narrow[i]!;
  let half = lo;
  while (half < hi && narrow[half]! < base + 0.5 * (peak - base)) half++;
  return { rise: peak - base, half: half - onset };
}

/** How an isolated probe starting at `onset` shows in the narrow band (for RiseOptions.pitch). */
export function narrowRise(env: Float32Array, narrow: Float32Array, sampleRate: number, onset: number, spanMs = 60): NarrowRise | null {
  const span = Math.round((spanMs / 1000) * sampleRate);
  if (onset < span || onset + span >= narrow.length) return null;
  let peak = 0;
  for (let i = onset; i < Math.min(env.length, onset + 0.06 * sampleRate); i++) if (env[i]! > peak) peak = env[i]!;
  const st = narrowStep(narrow, onset, span);
  return peak > 0 ? { ratio: st.rise / peak, offsetFrames: st.half } : null;
}

/**
 * Probe onsets found as rises of the probe band, for probes that may start on top of
 * another sound in the same band (the previous probe's tail, a storm grain near 440 Hz):
 * segments merge then, and a merged segment's onset precedes the probe. For probe k the
 * first frame in [sent_k + bias, sent_k + bias + window) where the band climbs `minRise`
 * above its level just before; the onset is where it crosses half-way from that level to
 * the rise's peak (the same rule as for isolated probes, whose level before is zero).
 * Returns onsets corrected by the bias, or null for a probe with no rise in its window.
 */
export function riseOnsets(env: Float32Array, sides: readonly Float32Array[], sampleRate: number, sentFrames: readonly number[], biasFrames: number, windowFrames: number, o: RiseOptions): (number | null)[] {
  const base = Math.round(((o.baseMs ?? 15) / 1000) * sampleRate);
  const span = Math.round(((o.peakMs ?? 60) / 1000) * sampleRate);
  // With the exact-pitch check the side bands need only show the rise is no wider than
  // the probe's band: a storm grain starting in a side band with the probe (a full run
  // saw one at 2/3 of its height) must not veto it; the narrow band tells pitch.
  const contrast = o.pitch ? Math.min(1, o.contrast ?? 1) : o.contrast ?? 3;
  const hold = Math.round(((o.holdMs ?? 120) / 1000) * sampleRate);
  const step = 16;
  const minBefore = (band: Float32Array, j: number) => {
    let m = Infinity;
    for (let i = Math.max(0, j - base); i <= j; i += 4) if (band[i]! < m) m = band[i]!;
    return m;
  };
  return sentFrames.map((sent) => {
    const lo = Math.max(base, sent + biasFrames);
    const hi = Math.min(env.length - span, lo + windowFrames);
    for (let j = lo; j < hi; j += step) {
      if (env[j]! < o.minRise) continue;
      const before = minBefore(env, j - step);
      if (env[j]! - before < o.minRise) continue;
      // The rise began where the band left its level before; its peak is taken from there, as for isolated probes.
      let from = j;
      while (from > lo - base && env[from - 1]! > before + 0.05 * o.minRise) from--;
      let peakAt = from;
      for (let i = from; i < from + span; i++) if (env[i]! > env[peakAt]!) peakAt = i;
      // What rose is a tone at the probe's pitch: the side bands rose far less (whatever
      // already sounded in them, e.g. the load's earcons, cancels out).
      const rise = env[peakAt]! - before;
      if (!sides.every((s) => rise >= contrast * Math.max(0, s[peakAt]! - minBefore(s, j - step)))) continue;
      const half = before + 0.5 * (env[peakAt]! - before);
      let onset = from;
      while (onset < peakAt && env[onset]! < half) onset++;
      if (o.pitch) {
        const st = narrowStep(o.pitch.env, onset, Math.round(0.06 * sampleRate));
        if (st.rise < 0.5 * o.pitch.ratio * rise) continue;
        if (Math.abs(st.half - o.pitch.offsetFrames) > ((o.pitch.toleranceMs ?? 5) / 1000) * sampleRate) continue;
      } else if (env[Math.min(env.length - 1, peakAt + hold)]! < before + 0.3 * o.minRise) {
        continue; // a probe's bell lasts; a storm grain that happens to sit near 440 Hz is gone in ~0.1 s
      }
      return onset - biasFrames;
    }
    return null;
  });
}
