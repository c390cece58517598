// Spectral and envelope measurements of rendered PCM: an in-place radix-2 FFT, the
// strongest peak (Hann window, parabolic fit on log magnitude: ~0.02 % for a steady
// tone), centroid, band slope of noise, RMS envelopes and onsets.

/** In-place complex FFT; re and im have the same power-of-two length. */
export function fft(re: Float64Array, im: Float64Array): void {
  const n = re.length;
  if (n & (n - 1)) throw new RangeError(`fft: length ${n} is not a power of two`);
  for (let i = 1, j = 0; i < n; i++) {
    let bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) {
      [re[i], re[j]] = [re[j]!, re[i]!];
      [im[i], im[j]] = [im[j]!, im[i]!];
    }
  }
  for (let len = 2; len <= n; len <<= 1) {
    const ang = (-2 * Math.PI) / len;
    const wr = Math.cos(ang);
    const wi = Math.sin(ang);
    for (let i = 0; i < n; i += len) {
      let cr = 1;
      let ci = 0;
      for (let k = 0; k < len / 2; k++) {
        const a = i + k;
        const b = a + len / 2;
        const xr = re[b]! * cr - im[b]! * ci;
        const xi = re[b]! * ci + im[b]! * cr;
        re[b] = re[a]! - xr;
        im[b] = im[a]! - xi;
        re[a] = re[a]! + xr;
        im[a] = im[a]! + xi;
        const t = cr * wr - ci * wi;
        ci = cr * wi + ci * wr;
        cr = t;
      }
    }
  }
}

const nextPow2 = (n: number) => 2 ** Math.ceil(Math.log2(Math.max(2, n)));

export interface Spectrum {
  /** Magnitudes of bins 0..n/2. */
  mag: Float64Array;
  /** Hz per bin. */
  binHz: number;
}

/** Hann-windowed magnitude spectrum, zero-padded to a power of two (at least `minSize`). */
export function spectrum(x: ArrayLike<number>, sampleRate: number, minSize = 0): Spectrum {
  const n = nextPow2(Math.max(x.length, minSize));
  const re = new Float64Array(n);
  const im = new Float64Array(n);
  const len = x.length;
  for (let i = 0; i < len; i++) re[i] = x[i]! * (0.5 - 0.5 * Math.cos((2 * Math.PI * i) / (len - 1)));
  fft(re, im);
  const mag = new Float64Array(n / 2 + 1);
  for (let k = 0; k <= n / 2; k++) mag[k] = Math.hypot(re[k]!, im[k]!);
  return { mag, binHz: sampleRate / n };
}

/** Frequency of the strongest spectral peak in [minHz, maxHz]. */
export function strongestPeakHz(x: ArrayLike<number>, sampleRate: number, minHz = 30, maxHz = sampleRate / 2): number {
  // Zero-padding to 4× the window sharpens the parabolic fit.
  const { mag, binHz } = spectrum(x, sampleRate, x.length * 4);
  const lo = Math.max(1, Math.ceil(minHz / binHz));
  const hi = Math.min(mag.length - 2, Math.floor(maxHz / binHz));
  let k = lo;
  for (let i = lo; i <= hi; i++) if (mag[i]! > mag[k]!) k = i;
  const [a, b, c] = [mag[k - 1]!, mag[k]!, mag[k + 1]!].map((m) => Math.log(m + 1e-30)) as [number, number, number];
  const den = a - 2 * b + c;
  const shift = den < 0 ? (a - c) / (2 * den) : 0;
  return (k + shift) * binHz;
}

/** Power-weighted mean frequency. */
export function spectralCentroid(x: ArrayLike<number>, sampleRate: number): number {
  const { mag, binHz } = spectrum(x, sampleRate);
  let num = 0;
  let den = 0;
  for (let k = 1; k < mag.length; k++) {
    const p = mag[k]! ** 2;
    num += p * k * binHz;
    den += p;
  }
  return den > 0 ? num / den : 0;
}

/**
 * Slope of a noise spectrum in dB per octave: Welch-averaged power summed per
 * one-octave band, divided by the band's width (a density), fitted against log2 f.
 */
export function octaveSlopeDb(x: ArrayLike<number>, sampleRate: number, loHz = 100, hiHz = 6400, size = 4096): number {
  const acc = new Float64Array(size / 2 + 1);
  let frames = 0;
  for (let s = 0; s + size <= x.length; s += size / 2, frames++) {
    const { mag } = spectrum(Array.prototype.slice.call(x, s, s + size) as number[], sampleRate);
    for (let k = 0; k < acc.length; k++) acc[k] = acc[k]! + mag[k]! ** 2;
  }
  if (frames === 0) throw new RangeError('octaveSlopeDb: signal shorter than one frame');
  const binHz = sampleRate / size;
  const pts: [number, number][] = [];
  for (let f = loHz; f * 2 <= hiHz; f *= 2) {
    let p = 0;
    let bins = 0;
    for (let k = Math.ceil(f / binHz); k < (2 * f) / binHz; k++, bins++) p += acc[k]!;
    pts.push([Math.log2(f), 10 * Math.log10(p / bins)]);
  }
  const mx = pts.reduce((a, p) => a + p[0], 0) / pts.length;
  const my = pts.reduce((a, p) => a + p[1], 0) / pts.length;
  const sxy = pts.reduce((a, p) => a + (p[0] - mx) * (p[1] - my), 0);
  const sxx = pts.reduce((a, p) => a + (p[0] - mx) ** 2, 0);
  return sxy / sxx;
}

export function rms(x: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i]! ** 2;
  return x.length ? Math.sqrt(s / x.length) : 0;
}

export function peakAbs(x: ArrayLike<number>): number {
  let p = 0;
  for (let i = 0; i < x.length; i++) p = Math.max(p, Math.abs(x[i]!));
  return p;
}

export const dbfs = (x: number) => 20 * Math.log10(Math.max(x, 1e-12));

/** Samples from t0 to t1 seconds. */
export function slice(x: Float32Array, sampleRate: number, t0: number, t1: number): Float32Array {
  return x.subarray(Math.max(0, Math.round(t0 * sampleRate)), Math.min(x.length, Math.round(t1 * sampleRate)));
}

/** RMS per hop (dBFS), each over a window of `winMs` centred-late on the hop. */
export function envelopeDb(x: ArrayLike<number>, sampleRate: number, hopMs = 1, winMs = 4): { hop: number; db: Float64Array } {
  const hop = Math.max(1, Math.round((hopMs / 1000) * sampleRate));
  const win = Math.max(hop, Math.round((winMs / 1000) * sampleRate));
  const frames = Math.floor(x.length / hop);
  const db = new Float64Array(frames);
  // Running sum of squares: O(n) whatever the window.
  const cum = new Float64Array(x.length + 1);
  for (let i = 0; i < x.length; i++) cum[i + 1] = cum[i]! + x[i]! ** 2;
  for (let f = 0; f < frames; f++) {
    const end = Math.min(x.length, f * hop + hop);
    const start = Math.max(0, end - win);
    db[f] = 10 * Math.log10(Math.max((cum[end]! - cum[start]!) / (end - start), 1e-24));
  }
  return { hop: hop / sampleRate, db };
}

/** Seconds from the start of `x` until its envelope falls for good `dropDb` under its peak. */
export function decayTime(x: ArrayLike<number>, sampleRate: number, dropDb = 40, winMs = 10): number {
  const { hop, db } = envelopeDb(x, sampleRate, 1, winMs);
  let peak = 0;
  for (let i = 0; i < db.length; i++) if (db[i]! > db[peak]!) peak = i;
  let last = peak;
  for (let i = peak; i < db.length; i++) if (db[i]! >= db[peak]! - dropDb) last = i;
  return (last + 1) * hop - winMs / 2000;
}

export interface OnsetOptions {
  /** Rise over the quietest of the previous `lookbackMs` that counts as an onset. */
  riseDb?: number;
  lookbackMs?: number;
  /** Ignores anything quieter than this under the loudest frame. */
  floorDb?: number;
  /** No second onset within this long. */
  refractoryMs?: number;
  winMs?: number;
}

/** Onset times (s): the envelope jumps by riseDb within lookbackMs. */
export function onsets(x: ArrayLike<number>, sampleRate: number, o: OnsetOptions = {}): number[] {
  const { riseDb = 6, lookbackMs = 12, floorDb = 40, refractoryMs = 40, winMs = 3 } = o;
  const { hop, db } = envelopeDb(x, sampleRate, 1, winMs);
  const top = db.reduce((a, v) => Math.max(a, v), -Infinity);
  const back = Math.max(1, Math.round(lookbackMs / 1000 / hop));
  const out: number[] = [];
  let lastAt = -Infinity;
  for (let i = 1; i < db.length; i++) {
    if (db[i]! < top - floorDb) continue;
    let lo = Infinity;
    for (let j = Math.max(0, i - back); j < i; j++) lo = Math.min(lo, db[j]!);
    const t = i * hop;
    if (db[i]! - lo >= riseDb && t - lastAt >= refractoryMs / 1000) {
      // The onset is where the rise began: the last quiet frame before i.
      let k = i;
      while (k > 0 && db[k - 1]! < db[k]! && db[k - 1]! > lo + 1) k--;
      out.push(Math.max(0, k - 1) * hop);
      lastAt = t;
    }
  }
  return out;
}
