// MQTT publish → first non-silent sample rendered, measured on the page's audio output.
//
// Probes are info alerts (440 Hz) among load alerts of another pitch (critical earcons,
// 880/1046.5 Hz for the console; A5 for the naive page). For each probe:
//   sentAt      Date.now() in Node just before publish (real mqtt.js client over TCP)
//   onset frame where the 440 Hz band of the recorded output starts (onsets.ts),
//               corrected by the bias measured on isolated probes against the test
//               harness's audio tap (frame-exact first sample above -50 dBFS)
//   rendered    clock.renderEpoch(onset): when the audio thread rendered that frame
//   heard       clock.heardEpoch(onset): when it reaches the output (getOutputTimestamp)
// latency = rendered − sentAt (heard − sentAt reported beside it).
import type { MqttClient } from 'mqtt';
import { tapOf } from '../../test/helpers/browser';
import { audioClock, type AudioClock } from '../lib/clock';
import { bandEnvelope, bandSegments, median, narrowRise, quantile, riseOnsets, toneSegments } from '../lib/onsets';
import { decodeDump, type RecordingDump } from '../lib/page-scripts';
import { pacedPublish, sleep, type Msg } from '../lib/publish';
import { openMeasuredPage, type BenchStack, type MeasuredPage } from '../lib/stack';

const PROBE_HZ = 440;
/** The narrow band's smoothing: nulls every 20 Hz around the probe's pitch. */
const NARROW_HZ = 20;
const r2 = (x: number | null | undefined) => (x == null || !Number.isFinite(x) ? null : Math.round(x * 100) / 100);

export interface Target {
  name: 'console' | 'baseline';
  url: string;
  /** Probe and load message bodies (the console and the naive page read the same JSON). */
  probe: (k: number) => Msg;
  load: (k: number) => Msg;
  /** Seconds between isolated calibration probes (the sound must die away). */
  isolatedGapMs: number;
}

let runId = 0;
export function consoleTarget(url: string): Target {
  const id = `${Date.now().toString(36)}-${runId++}`;
  return {
    name: 'console', url, isolatedGapMs: 700,
    probe: (k) => ({ topic: 'alerts/info', qos: 1, payload: JSON.stringify({ name: `Probe${k}`, severity: 'info', labels: { instance: 'probe', run: id } }) }),
    load: (k) => ({ topic: 'alerts/critical', qos: 1, payload: JSON.stringify({ name: `Load${k}`, severity: 'critical', labels: { instance: `host-${k % 50}`, run: id } }) }),
  };
}
export function baselineTarget(url: string): Target {
  const t = consoleTarget(url);
  return { ...t, name: 'baseline', isolatedGapMs: 1600 };
}

interface Recorded { dump: RecordingDump; clock: AudioClock; env: Float32Array; sides: Float32Array[]; narrow: Float32Array; longTasks: { start: number; duration: number }[] }

async function record<T>(p: MeasuredPage, body: () => Promise<T>): Promise<{ rec: Recorded; out: T }> {
  await p.evaluate(() => window.__bench.start());
  await sleep(150); // pre-roll: the band detector needs quiet before the first probe
  const out = await body();
  // Before stop(): encoding the recording for the trip to Node is the bench's own long task.
  const longTasks = await p.evaluate(() => window.__bench.takeLongTasks());
  const raw = await p.evaluate(() => window.__bench.stop());
  if (!raw) throw new Error('recorder returned nothing');
  const dump = decodeDump(raw);
  if (dump.overflow) throw new Error('recording overflowed its buffer; raise capacitySeconds');
  const band = (f0: number) => bandEnvelope(dump.pcm, dump.sampleRate, { f0, lengthHz: PROBE_HZ });
  const narrow = bandEnvelope(dump.pcm, dump.sampleRate, { f0: PROBE_HZ, periods: 1, lengthHz: NARROW_HZ });
  return { rec: { dump, clock: audioClock(dump), env: band(PROBE_HZ), sides: [band(PROBE_HZ / 2), band(PROBE_HZ * 1.5)], narrow, longTasks }, out };
}

export interface Calibration {
  biasFrames: number;
  biasMs: number;
  /** Isolated probe latency by the tap's own mapping: renderPerfMs + timeOrigin − sentAt. */
  tapRenderMs: number[];
  /** Same probes by clock.ts (worklet stamps). */
  clockRenderMs: number[];
  heardMs: number[];
  peak: number;
  /** How isolated probes show in the narrow band at their exact pitch (median rise ratio and half-way offset). */
  pitch: { ratio: number; offsetFrames: number } | null;
  /** Median length of an isolated probe's band segment (frames). */
  segFrames: number;
  probes: number;
  matched: number;
}

/** Isolated probes: the tap's onsets are exact here, and give the band detector's bias. */
export async function calibrate(p: MeasuredPage, pub: MqttClient, t: Target, n: number): Promise<Calibration> {
  const tap = tapOf(p);
  const sent: number[] = [];
  const { rec } = await record(p, async () => {
    for (let k = 0; k < n; k++) {
      await tap.waitForSilence(5000);
      const m = t.probe(1_000_000 + k + Math.floor(Math.random() * 1e6) * 100);
      sent.push(Date.now());
      await pub.publishAsync(m.topic, m.payload, { qos: m.qos });
      await sleep(t.isolatedGapMs);
    }
  });
  const snap = await tap.snapshot();
  const sr = rec.dump.sampleRate;
  const segs = bandSegments(rec.env, sr, { enter: 0.002 });
  const peak = median(segs.map((s) => s.peak)) ?? 0;
  const biases: number[] = [];
  const tapRenderMs: number[] = [];
  const clockRenderMs: number[] = [];
  const heardMs: number[] = [];
  for (const sentAt of sent) {
    const o = snap.onsets.find((x) => x.renderPerfMs + p.timeOrigin >= sentAt);
    if (!o) continue;
    const tapFrame = Math.round(o.ctxTime * sr) - rec.dump.start;
    const seg = segs.find((s) => Math.abs(s.onset - tapFrame) < 0.05 * sr);
    if (!seg) continue;
    biases.push(seg.onset - tapFrame);
    tapRenderMs.push(o.renderPerfMs + p.timeOrigin - sentAt);
    clockRenderMs.push(rec.clock.renderEpoch(rec.dump.start + tapFrame) - sentAt);
    heardMs.push(rec.clock.heardEpoch(rec.dump.start + tapFrame) - sentAt);
  }
  // The loaded runs find onsets as rises (riseOnsets); calibrate that same rule on the isolated probes.
  const riseFrames = riseOnsets(rec.env, rec.sides, sr, sent.map((x) => rec.clock.frameAtEpoch(x) - rec.dump.start), 0, 0.5 * sr, { minRise: 0.25 * (peak || 1e-3) });
  const riseBiases: number[] = [];
  for (const sentAt of sent) {
    const o = snap.onsets.find((x) => x.renderPerfMs + p.timeOrigin >= sentAt);
    if (!o) continue;
    const tapFrame = Math.round(o.ctxTime * sr) - rec.dump.start;
    const f = riseFrames.find((r) => r !== null && Math.abs(r - tapFrame) < 0.05 * sr);
    if (f != null) riseBiases.push(f - tapFrame);
  }
  const narrow = snap.onsets.flatMap((o) => {
    const r = narrowRise(rec.env, rec.narrow, sr, Math.round(o.ctxTime * sr) - rec.dump.start);
    return r === null ? [] : [r];
  });
  const pitch = narrow.length ? { ratio: median(narrow.map((r) => r.ratio))!, offsetFrames: Math.round(median(narrow.map((r) => r.offsetFrames))!) } : null;
  const biasFrames = Math.round(median(riseBiases) ?? median(biases) ?? 0);
  const segFrames = median(segs.map((s) => s.exit - s.onset)) ?? 0;
  return { biasFrames, biasMs: (biasFrames / sr) * 1000, tapRenderMs, clockRenderMs, heardMs, peak, pitch, segFrames, probes: n, matched: biases.length };
}

export interface LoadRun {
  /** Rendered latency per matched probe (ms). */
  renderMs: number[];
  heardMs: number[];
  /** Probes with no sound within the window (counted as windowMs in the lower-bound quantiles). */
  unheard: number;
  windowMs: number;
  probes: number;
  segments: number;
  loadPerSecond: number;
  seconds: number;
  longTasks: { count: number; maxMs: number; over100: number };
  clock: AudioClock['diagnostics'];
}

/**
 * `rate` alerts/s for `seconds`: every `probeEvery`-th is a probe, the rest load.
 * With `extraLoadPerSecond` a second stream (the storm) runs beside it.
 */
export async function runLoad(p: MeasuredPage, pub: MqttClient, t: Target, cal: Calibration,
  o: { rate: number; probeEvery: number; seconds: number; storm?: { client: MqttClient; rate: number; preRollMs: number }; drainMs?: number }): Promise<LoadRun> {
  await p.evaluate(() => window.__bench.takeLongTasks());
  const count = Math.round(o.rate * o.seconds);
  let probeIdx: number[] = [];
  const { rec, out } = await record(p, async () => {
    const storm = o.storm
      ? pacedPublish(o.storm.client, { rate: o.storm.rate, count: Math.round(o.storm.rate * (o.seconds + o.storm.preRollMs / 1000)), make: (i) => t.load(10_000_000 + i) })
      : null;
    if (o.storm) await sleep(o.storm.preRollMs);
    const probes = await pacedPublish(pub, { rate: o.rate, count, make: (i) => (i % o.probeEvery === 0 ? t.probe(i) : o.storm ? null : t.load(i)) });
    await storm;
    await sleep(o.drainMs ?? 1500);
    return probes;
  });
  probeIdx = out.sentAt.map((_, i) => i).filter((i) => i % o.probeEvery === 0);
  const sent = probeIdx.map((i) => out.sentAt[i]!);
  const sr = rec.dump.sampleRate;
  // Floor: a fraction of the isolated probe's peak, and well above the band's noise.
  const noise = quantile(Array.from(rec.env.subarray(0, Math.min(rec.env.length, sr * 60)).filter((_, i) => i % 64 === 0)), 0.5) ?? 0;
  const enter = Math.max(0.03 * cal.peak, 6 * noise, 1e-4);
  const all = bandSegments(rec.env, sr, { enter });
  // A probe ducked by the limiter stays above the floor for less time; grains of the storm texture far less.
  const segs = toneSegments(all, rec.env, rec.sides, 3, Math.max(0.04 * sr, 0.25 * cal.segFrames));
  const sentFrames = sent.map((s) => rec.clock.frameAtEpoch(s) - rec.dump.start);
  // Half the probe spacing: a probe not heard by then cannot take the next probe's sound.
  const windowMs = (1000 * o.probeEvery) / o.rate / 2;
  // A probe can start on top of another sound in its band (the last probe's tail, a storm
  // grain near 440 Hz), which merges their segments: probes are found as rises instead.
  const frames = riseOnsets(rec.env, rec.sides, sr, sentFrames, cal.biasFrames, (windowMs / 1000) * sr, {
    minRise: Math.max(0.25 * cal.peak, enter), ...(cal.pitch && { pitch: { env: rec.narrow, ...cal.pitch } }) });
  if (process.env.BENCH_DEBUG) console.log('unheard probes (index of', sentFrames.length, '):', frames.flatMap((f, i) => (f === null ? [i] : [])), 'recorded frames', rec.env.length, 'last sent frame', sentFrames.at(-1));
  if (process.env.BENCH_DEBUG) {
    // Probe band and side bands every 5 ms around each unheard probe and the slowest found one.
    const slow = frames.reduce<number | null>((b, f, i) => (f !== null && (b === null || f - sentFrames[i]! > frames[b]! - sentFrames[b]!) ? i : b), null);
    for (const i of [...frames.flatMap((f, k) => (f === null ? [k] : [])), ...(slow === null ? [] : [slow])]) {
      const at = sentFrames[i]!;
      const row = (band: Float32Array) => Array.from({ length: 100 }, (_, j) => band[Math.max(0, at - 0.05 * sr + j * 0.005 * sr) | 0]!.toFixed(3)).join(' ');
      console.log(`probe ${i} sent frame ${at} found ${frames[i]} (${frames[i] === null ? '-' : ((frames[i]! - at) / sr * 1000).toFixed(1)} ms); minRise ${Math.max(0.25 * cal.peak, enter).toFixed(4)}`);
      console.log(' 440:', row(rec.env));
      rec.sides.forEach((sd, k) => console.log(` side${k}:`, row(sd)));
    }
    let mx = 0; for (const v of rec.env) if (v > mx) mx = v;
    console.log({ noise, enter, mx, calPeak: cal.peak, all: all.length, tone: segs.length, sentFrames: sentFrames.slice(0, 6), segs: segs.slice(0, 8).map((s) => [s.enter, s.onset, s.exit, +s.peak.toFixed(4)]) });
  }
  const renderMs: number[] = [];
  const heardMs: number[] = [];
  frames.forEach((f, k) => {
    if (f === null) return;
    const abs = rec.dump.start + f;
    renderMs.push(rec.clock.renderEpoch(abs) - sent[k]!);
    heardMs.push(rec.clock.heardEpoch(abs) - sent[k]!);
  });
  const lt = rec.longTasks;
  return {
    renderMs, heardMs, unheard: frames.filter((f) => f === null).length, windowMs, probes: sent.length, segments: segs.filter((s) => s.onset >= (sentFrames[0] ?? 0)).length,
    loadPerSecond: o.storm ? o.storm.rate : o.rate, seconds: o.seconds,
    longTasks: { count: lt.length, maxMs: r2(Math.max(0, ...lt.map((x) => x.duration))) ?? 0, over100: lt.filter((x) => x.duration > 100).length },
    clock: rec.clock.diagnostics,
  };
}

export async function openTarget(stack: BenchStack, t: Target): Promise<MeasuredPage> {
  const p = await openMeasuredPage(stack, t.url);
  await p.waitFor(() => window.__bench?.marks.mqttLive !== null || document.querySelector('[data-status="live"]') !== null, undefined, 20_000);
  if (!(await tapOf(p).ready(10_000))) throw new Error(`${t.name}: the audio tap did not start`);
  await p.waitFor(() => window.__bench.contexts() > 0, undefined, 10_000);
  await sleep(300);
  return p;
}

export const summary = (xs: number[]) => ({ p50: r2(quantile(xs, 0.5)), p90: r2(quantile(xs, 0.9)), p99: r2(quantile(xs, 0.99)), max: r2(xs.length ? Math.max(...xs) : null), n: xs.length });

/** Reads the console's own "Event → sound" figures from the Input panel. */
export async function consoleReported(p: MeasuredPage): Promise<{ p50: number | null; p99: number | null }> {
  const text = await p.text('.ingest dd[title]').catch(() => null);
  const m = text?.match(/p50 ([\d.]+) ms · p99 ([\d.]+) ms/);
  return { p50: m ? Number(m[1]) : null, p99: m ? Number(m[2]) : null };
}
