// Renders what the console would play for a timeline of telemetry, faster than real
// time: the live pipeline (conductor, metric mappers) and audio engine, unchanged, on
// a Tone OfflineContext. Tone steps that context's clock block by block before it
// renders; each step is "now" for the pipeline, as the audio clock is live, so
// repeats, budgets, glides and the storm unfold as they would have.
import * as Tone from 'tone';
import { createPipeline } from '../app/pipeline';
import type { PipelineRecorder } from '../app/pipeline';
import type { AlertEvent, AlertState, TelemetryEvent } from '../domain/events';
import { alertIdentity } from '../domain/identity';
import { transitionFor } from '../domain/lifecycle';
import type { EarconId } from '../domain/score/earcons';
import { formatScoreError, parseScore } from '../domain/score/parse';
import type { EarconChannel, EarconSound } from '../domain/score/sounds';
import type { Score } from '../domain/score/types';
import { AudioEngine } from './engine';

export { encodeWav } from './wav';

/** Seconds from the start of the render; events at the same time form one batch. */
export type ScriptEvent =
  | {
      readonly at: number;
      readonly kind: 'alert';
      readonly name: string;
      readonly severity?: string;
      readonly state?: AlertState;
      readonly labels?: Readonly<Record<string, string>>;
      readonly id?: string;
    }
  | { readonly at: number; readonly kind: 'metric'; readonly name: string; readonly value: number }
  /** Acknowledges an alert (identified as above), which stops its repeats. */
  | { readonly at: number; readonly kind: 'ack'; readonly name: string; readonly labels?: Readonly<Record<string, string>>; readonly id?: string };

export interface OfflineRequest {
  /** A compiled score, or score YAML. */
  readonly score: Score | string;
  readonly script: readonly ScriptEvent[];
  readonly durationSeconds: number;
  readonly sampleRate?: number;
  readonly channels?: number;
  /** Master level; default the score's own volume (live at full listener volume). */
  readonly volume?: number;
  /** Seeds the storm's randomness, so a render is reproducible. */
  readonly seed?: number;
}

export interface PlayedEarcon {
  /** Context time (s) the earcon starts. */
  readonly at: number;
  readonly earcon: EarconId;
  readonly channel: EarconChannel;
  readonly reason: EarconSound['reason'];
  readonly subject: string;
}

export interface OfflineRender {
  readonly channelData: Float32Array[];
  readonly sampleRate: number;
  /** Largest absolute sample over all channels. */
  readonly peak: number;
  /** Most voices sounding at once: earcon voices + metric voices + the storm. */
  readonly voiceCountMax: number;
  /** Web Audio nodes created for the render. */
  readonly nodeCount: number;
  /** Wall-clock seconds it took. */
  readonly renderSeconds: number;
  readonly played: readonly PlayedEarcon[];
  /** Sounds the budgets folded into the storm. */
  readonly folded: number;
}

/** The pipeline's tick, as boot.ts runs it (every 100 ms). */
const TICK_SECONDS = 0.1;
const MAX_SECONDS = 600;

/** mulberry32: small, fast and good enough for grain timing. */
export function seededRng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The render's own alert lifecycle: it must not touch the live console's stores. */
function privateRecorder(): PipelineRecorder {
  const states = new Map<string, AlertState>();
  return {
    applyAlerts: (alerts) =>
      alerts.map((e) => {
        const t = transitionFor(states.get(e.id), e.state);
        if (t !== 'ignored') states.set(e.id, e.state);
        return t;
      }),
    applyMetrics: () => {},
    countAccepted: () => {},
    countRejected: () => {},
  };
}

function toEvent(e: Exclude<ScriptEvent, { kind: 'ack' }>): TelemetryEvent {
  const receivedAt = e.at * 1000;
  if (e.kind === 'metric') return { kind: 'metric', name: e.name, value: e.value, source: 'replay', receivedAt };
  const labels = e.labels ?? {};
  const alert: AlertEvent = {
    kind: 'alert',
    id: alertIdentity(e.name, labels, e.id),
    name: e.name,
    severity: (e.severity ?? 'info').toLowerCase(),
    state: e.state ?? 'firing',
    labels,
    annotations: {},
    source: 'replay',
    receivedAt,
  };
  return alert;
}

/** Counts the native nodes Tone asks the context for. */
function countNodes(ctx: Tone.BaseContext): () => number {
  let n = 0;
  const c = ctx as unknown as Record<string, unknown>;
  for (const name of ['createGain', 'createOscillator', 'createBufferSource', 'createConstantSource', 'createStereoPanner', 'createPanner', 'createBiquadFilter', 'createWaveShaper', 'createDynamicsCompressor', 'createDelay', 'createChannelMerger', 'createChannelSplitter', 'createConvolver', 'createIIRFilter', 'createAnalyser']) {
    const f = c[name];
    if (typeof f !== 'function') continue;
    c[name] = (...a: unknown[]) => {
      n++;
      return (f as (...x: unknown[]) => unknown).apply(ctx, a);
    };
  }
  return () => n;
}

export async function renderOffline(req: OfflineRequest): Promise<OfflineRender> {
  const sampleRate = req.sampleRate ?? 48_000;
  const channels = req.channels ?? 2;
  if (!(req.durationSeconds > 0 && req.durationSeconds <= MAX_SECONDS)) throw new RangeError(`durationSeconds must be in (0, ${MAX_SECONDS}]`);
  let score: Score;
  if (typeof req.score === 'string') {
    const r = parseScore(req.score);
    if (!r.ok) throw new Error(`the score does not parse: ${r.errors.map(formatScoreError).join('; ')}`);
    score = r.score;
  } else score = req.score;

  const ctx = new Tone.OfflineContext(channels, req.durationSeconds, sampleRate);
  try {
    return await render(ctx, score, req, sampleRate);
  } finally {
    ctx.dispose();
  }
}

async function render(ctx: Tone.OfflineContext, score: Score, req: OfflineRequest, sampleRate: number): Promise<OfflineRender> {
  const nodes = countNodes(ctx);
  const engine = new AudioEngine({ context: ctx, volume: req.volume ?? score.volume, rng: seededRng(req.seed ?? 1) });
  let clockMs = 0;
  const played: PlayedEarcon[] = [];
  let folded = 0;
  const pipeline = createPipeline({
    engine: () => engine,
    score,
    now: () => clockMs,
    recorder: privateRecorder(),
    onPlayed: ({ sound, at }) => played.push({ at, earcon: sound.earcon, channel: sound.channel, reason: sound.reason, subject: sound.subject }),
    onFolded: (n) => {
      folded += n;
    },
  });

  const script = req.script.filter((e) => e.at < req.durationSeconds).map((e) => ({ ...e, at: Math.max(0, e.at) })).sort((a, b) => a.at - b.at);
  const block = 128 / sampleRate;
  let next = 0;
  let nextTick = 0;
  let voiceCountMax = 0;
  // Voices are counted where every one counted has begun: at each block, and just after each batch.
  const countVoices = (t: number) => {
    voiceCountMax = Math.max(voiceCountMax, engine.activeVoices(t));
  };
  // Runs once per 128-frame block, before the audio is rendered; ctx.currentTime is the block's time.
  const onBlock = () => {
    const now = ctx.currentTime;
    countVoices(now);
    if (now >= nextTick - 1e-9) {
      clockMs = now * 1000;
      pipeline.tick();
      nextTick += TICK_SECONDS;
    }
    while (next < script.length && script[next]!.at < now + block) {
      const at = script[next]!.at;
      const batch: TelemetryEvent[] = [];
      for (; next < script.length && script[next]!.at === at; next++) {
        const e = script[next]!;
        if (e.kind === 'ack') pipeline.acknowledge(alertIdentity(e.name, e.labels ?? {}, e.id));
        else batch.push(toEvent(e));
      }
      clockMs = at * 1000;
      pipeline.ingest(batch, at);
      countVoices(at);
    }
  };
  ctx.on('tick', onBlock);
  const t0 = performance.now();
  try {
    const buffer = (await ctx.render()).get();
    if (!buffer) throw new Error('the offline render produced no audio');
    const renderSeconds = (performance.now() - t0) / 1000;
    const channelData = Array.from({ length: buffer.numberOfChannels }, (_, c) => buffer.getChannelData(c));
    let peak = 0;
    for (const d of channelData) for (let i = 0; i < d.length; i++) peak = Math.max(peak, Math.abs(d[i]!));
    return { channelData, sampleRate, peak, voiceCountMax, nodeCount: nodes(), renderSeconds, played, folded };
  } finally {
    ctx.off('tick', onBlock);
    engine.dispose();
  }
}
