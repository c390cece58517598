// Offline render of the console's default sound: the app's own AudioEngine (master
// bus, channel mixer, earcon pools, metric voices, storm texture) driven by the app's
// own Conductor and MetricMapper with the default score (src/presets/ambient.yaml),
// on a native OfflineAudioContext wrapped as a Tone context. Events are fed the way
// the live app feeds them — at "now" on the audio clock, in 100 ms slices through
// suspend()/resume(), with the pipeline's 10 Hz tick — so the graph holds what a live
// console would hold, not every note of the run at once.
//
// One shim: AudioEngine.play() refuses to schedule unless the context is 'running'
// (so a suspended live context does not burst on resume). An OfflineAudioContext reads
// 'suspended' inside a suspend() callback, so here `state` reads 'running' (an own
// property on the native context; the native object and its nodes are untouched).
import * as Tone from 'tone';
import ambient from '../../src/presets/ambient.yaml?raw';
import { AudioEngine } from '../../src/audio/engine';
import type { AlertEvent } from '../../src/domain/events';
import type { AlertTransition } from '../../src/domain/lifecycle';
import { Conductor } from '../../src/domain/score/conductor';
import { MetricMapper } from '../../src/domain/score/metric-mapper';
import { parseScore } from '../../src/domain/score/parse';
import type { MetricVoiceSpec } from '../../src/domain/score/types';

export interface RenderOptions {
  seconds: number;
  sampleRate: number;
  metricVoices: number;
  /** New alerts per second (each later resolved), through the conductor (0: metric bed only). */
  alertsPerSecond: number;
  /** Feed in slices of this many seconds (default 0.1); `seconds` = everything at t=0, no suspends. */
  sliceSeconds?: number;
  /** Count the native nodes the engine creates (wraps BaseAudioContext factory methods). */
  countNodes?: boolean;
  /** Diagnosis only: keep the storm texture off (setStorm is never told of a storm). */
  noStormTexture?: boolean;
  /** Diagnosis only: schedule every slice before rendering (no suspend()/resume()). */
  upfront?: boolean;
}

export interface RenderResult {
  seconds: number;
  wallMs: number;
  xRealtime: number;
  alertsIn: number;
  soundsPlayed: number;
  folded: number;
  metricUpdates: number;
  metricVoices: number;
  peak: number;
  rms: number;
  suspends: number;
  /** Main-thread time spent feeding events (conductor + engine scheduling) during the render. */
  feedMs: number;
  nodesCreated: Record<string, number>;
}

const SEVERITIES = ['critical', 'warning', 'info'] as const;

function runningView(raw: OfflineAudioContext): OfflineAudioContext {
  // An own property shadows the prototype's getter for JS readers only; the native
  // context (and every node made from it) is untouched.
  Object.defineProperty(raw, 'state', { get: () => 'running', configurable: true });
  return raw;
}

/** Each slice's new alerts (each later resolved): every new alert resolves 2 s of alerts later, a storm that fires and clears. */
function alertSlices(o: RenderOptions, slice: number): { events: AlertEvent[]; transitions: AlertTransition[] }[] {
  const firing = new Set<string>();
  const n = Math.round(o.alertsPerSecond * slice);
  let seq = 0;
  return Array.from({ length: Math.floor(o.seconds / slice) }, (_, s) => {
    const events: AlertEvent[] = [];
    const transitions: AlertTransition[] = [];
    for (let i = 0; i < n; i++) {
      const k = seq++;
      const resolving = k % 2 === 1 && k >= 2 * o.alertsPerSecond;
      const id = resolving ? `a${k - 2 * o.alertsPerSecond}` : `a${k}`;
      const state = resolving && firing.has(id) ? 'resolved' : 'firing';
      events.push({ kind: 'alert', id, name: `Bench${k}`, severity: SEVERITIES[k % 3]!, state, labels: { instance: `host-${k % 97}` }, annotations: {}, source: 'replay', receivedAt: s * slice * 1000 });
      transitions.push(state === 'resolved' ? 'resolved' : firing.has(id) ? 'repeat' : 'new');
      if (state === 'resolved') firing.delete(id);
      else firing.add(id);
    }
    return { events, transitions };
  });
}

async function renderBench(o: RenderOptions): Promise<RenderResult> {
  const parsed = parseScore(ambient);
  if (!parsed.ok) throw new Error('the ambient preset does not parse');
  const score = parsed.score;
  // 16 metric voices: the preset's own specs, repeated with their own ids and registers.
  const specs: MetricVoiceSpec[] = Array.from({ length: o.metricVoices }, (_, i) => {
    const base = score.metrics[i % score.metrics.length]!;
    const pitch = base.pitch.kind === 'scale' ? { ...base.pitch, base: base.pitch.base * 2 ** ((i % 4) / 4) } : base.pitch;
    return { ...base, id: `${base.id}-${i}`, source: { topic: `metrics/bench-${i}` }, pitch };
  });
  const mappers = specs.map((s) => new MetricMapper(s));

  const slice = o.sliceSeconds ?? 0.1;
  const raw = new OfflineAudioContext(2, Math.round(o.seconds * o.sampleRate), o.sampleRate);
  const nodesCreated: Record<string, number> = {};
  if (o.countNodes) {
    for (const k of Object.getOwnPropertyNames(BaseAudioContext.prototype).filter((n) => n.startsWith('create'))) {
      const f = (BaseAudioContext.prototype as unknown as Record<string, (...a: unknown[]) => unknown>)[k]!;
      Object.defineProperty(raw, k, { value: (...a: unknown[]) => { nodesCreated[k] = (nodesCreated[k] ?? 0) + 1; return f.apply(raw, a); }, configurable: true });
    }
  }
  const ctx = new Tone.Context({ context: runningView(raw) as never, clockSource: 'offline', lookAhead: 0 } as never);
  const engine = new AudioEngine({ context: ctx, volume: score.volume });
  engine.setMetricVoices(specs);
  const conductor = new Conductor(score);
  let alertsIn = 0;
  let played = 0;
  let folded = 0;
  let updates = 0;
  let feedMs = 0;
  const feed = (t: number) => {
    const f0 = performance.now();
    try { feedAt(t); } finally { feedMs += performance.now() - f0; }
  };
  // The alerts themselves are made before the render starts: the bench's own work is not timed.
  const slices = alertSlices(o, slice);
  const feedAt = (t: number) => {
    const nowMs = t * 1000;
    // Metric values every 0.5 s per voice (like the generator), staggered.
    mappers.forEach((m, i) => {
      if (Math.round(t / slice) % 5 !== i % 5) return;
      engine.setMetric(m.spec.id, m.map(0.5 + 0.4 * Math.sin(t * 0.9 + i), nowMs), t + 0.005);
      updates++;
    });
    const { events, transitions } = slices[Math.round(t / slice)] ?? { events: [], transitions: [] };
    const n = events.length;
    alertsIn += n;
    const plans = [n ? conductor.onAlerts(events, transitions, nowMs) : { sounds: [], folded: 0 }, conductor.tick(nowMs)];
    for (const plan of plans) {
      folded += plan.folded;
      plan.sounds.forEach((s, i) => { if (engine.play(s, t + 0.005 + (i / Math.max(1, plan.sounds.length)) * slice)) played++; });
    }
    if (!o.noStormTexture) engine.setStorm(conductor.stormState());
    engine.tick(0.25, t);
  };
  feed(0);
  let suspends = 0;
  for (let s = 1; s < Math.floor(o.seconds / slice); s++) {
    const t = s * slice;
    if (o.upfront) { feed(t); continue; }
    suspends++;
    void raw.suspend(t).then(() => { feed(t); return raw.resume(); });
  }
  const t0 = performance.now();
  const buf = await raw.startRendering();
  const wallMs = performance.now() - t0;
  let peak = 0;
  let sq = 0;
  for (let c = 0; c < buf.numberOfChannels; c++) {
    const d = buf.getChannelData(c);
    for (let i = 0; i < d.length; i++) { const v = d[i]!; sq += v * v; if (Math.abs(v) > peak) peak = Math.abs(v); }
  }
  const metricVoices = engine.metricVoiceCount;
  engine.dispose();
  return { seconds: o.seconds, wallMs, xRealtime: (o.seconds * 1000) / wallMs, alertsIn, soundsPlayed: played, folded, metricUpdates: updates, metricVoices,
    peak, rms: Math.sqrt(sq / (buf.length * buf.numberOfChannels)), suspends, feedMs, nodesCreated };
}

(window as unknown as { __renderBench: typeof renderBench }).__renderBench = renderBench;
document.getElementById('status')!.textContent = 'ready';
