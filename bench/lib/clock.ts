// The one place that maps audio time to wall-clock time.
//
// render: the recorder worklet stamps every render quantum with Date.now() as it
//   renders it (the audio thread's view of the system clock the Node publisher also
//   reads), so renderEpoch(frame) = stamp of the quantum holding that frame. 1 ms
//   resolution; no main-thread involvement, so a busy page cannot bias it.
// heard: getOutputTimestamp() pairs (contextTime, performanceTime) sampled on the
//   main thread; heardEpoch(frame) = performanceTime + (frame/sr − contextTime)·1000
//   (the median over the pairs within ±1 s of the frame: the output clock drifts),
//   taken to epoch with the page's own Date.now() − performance.now() (median), not
//   performance.timeOrigin: Chromium fixes timeOrigin's wall-clock anchor once, and
//   here it sat ~5–15 ms off the system clock the publisher reads (timeOriginSkewMs).
//   Includes the output device's latency (Chromium's fake output: about 40 ms).
// cross-check: the lower envelope (within ±1 s) of main-thread (performance.now(), currentTime)
//   samples gives an independent render mapping; renderCrossCheckMs reports how far
//   the worklet stamps sit from it (should be within one callback, ~10 ms).
import type { RecordingDump } from './page-scripts';

export interface AudioClock {
  readonly sampleRate: number;
  /** Epoch ms at which `frame` was rendered by the audio graph. */
  renderEpoch(frame: number): number;
  /** Epoch ms at which `frame` reaches the output device (would be heard). */
  heardEpoch(frame: number): number;
  /** Frame rendered at epoch ms `t` (inverse of renderEpoch, to the quantum). */
  frameAtEpoch(t: number): number;
  readonly diagnostics: { outputLatencyMs: number | null; renderCrossCheckMs: number | null; timeOriginSkewMs: number | null; clockSamples: number; quanta: number };
}

function median(xs: number[]): number | null {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** A clock sample: audio time (s) and the offset it gives. Kept in time order. */
interface Pair { t: number; v: number }

/** `reduce` over the offsets sampled within ±1 s of audio time `t` (the nearest one if none). */
function windowed(pairs: readonly Pair[], t: number, reduce: (xs: number[]) => number | null): number {
  const first = (x: number) => {
    let lo = 0;
    let hi = pairs.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (pairs[mid]!.t < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const a = first(t - 1);
  const b = first(t + 1);
  if (b > a) return reduce(pairs.slice(a, b).map((p) => p.v))!;
  const i = Math.min(pairs.length - 1, a);
  const j = Math.max(0, a - 1);
  return Math.abs(pairs[i]!.t - t) < Math.abs(pairs[j]!.t - t) ? pairs[i]!.v : pairs[j]!.v;
}

export function audioClock(d: RecordingDump): AudioClock {
  const sr = d.sampleRate;
  const q = d.stamps.length;
  const last = Math.max(0, q - 1);
  const stampAt = (i: number) => d.stamps[Math.min(last, Math.max(0, i))]!;
  const renderEpoch = (frame: number) => stampAt(Math.floor((frame - d.start) / 128));

  // performance.now() → epoch on the system clock, as the page's Date.now() reads it.
  const perfToEpoch = median(d.clock.map((c) => c[4] - c[0])) ?? d.timeOrigin;
  const timeOriginSkewMs = d.clock.length ? perfToEpoch - d.timeOrigin : null;
  // Heard mapping from getOutputTimestamp: offset between output perf time and context time.
  // Local, not one offset for the whole recording: the output's sample clock drifts from the
  // system clock (about 200 ppm under Chromium's fake output: 23 ms over a 2-minute run).
  const outPairs = d.clock.filter((c) => c[3] > 0 && c[2] > 0).map((c): Pair => ({ t: c[2], v: perfToEpoch + c[3] - c[2] * 1000 }));
  const outOffset = median(outPairs.map((p) => p.v));
  // Render mapping from the main thread's lower envelope (perf − currentTime), also local.
  const envPairs = d.clock.map((c): Pair => ({ t: c[1] / sr, v: perfToEpoch + c[0] - (c[1] / sr) * 1000 }));
  const envelope = envPairs.length ? Math.min(...envPairs.map((p) => p.v)) : null;
  const crossChecks: number[] = [];
  if (envPairs.length && q > 0) {
    for (let i = 0; i < q; i += Math.max(1, Math.floor(q / 200))) {
      const f = d.start + i * 128 + 128;
      crossChecks.push(stampAt(i) - (windowed(envPairs, f / sr, (xs) => Math.min(...xs)) + (f / sr) * 1000));
    }
  }
  const heardEpoch = (frame: number) => (outPairs.length ? windowed(outPairs, frame / sr, median)! + (frame / sr) * 1000 : renderEpoch(frame));
  const frameAtEpoch = (t: number) => {
    // stamps are non-decreasing: binary search the first quantum rendered at or after t.
    let lo = 0;
    let hi = q;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (stampAt(mid) < t) lo = mid + 1;
      else hi = mid;
    }
    return d.start + lo * 128;
  };
  const renderOut = outOffset !== null && envelope !== null ? outOffset - envelope : null;
  return {
    sampleRate: sr,
    renderEpoch,
    heardEpoch,
    frameAtEpoch,
    diagnostics: {
      outputLatencyMs: renderOut,
      renderCrossCheckMs: median(crossChecks),
      timeOriginSkewMs,
      clockSamples: d.clock.length,
      quanta: q,
    },
  };
}
