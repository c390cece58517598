// sources → events → score → audio engine, with the store beside it.
// This is the hot path: one store update per batch, and the conductor keeps
// whatever a storm throws at it within the voice budgets.
import type { AlertEvent, MetricEvent, Rejection, TelemetryEvent } from '../domain/events';
import type { AlertTransition } from '../domain/lifecycle';
import { Conductor } from '../domain/score/conductor';
import type { ConductorOptions, Plan } from '../domain/score/conductor';
import { MetricMapper, metricNameOf } from '../domain/score/metric-mapper';
import { MetricNormaliser } from '../domain/score/normaliser';
import type { Score } from '../domain/score/types';
import type { AudioEngine, PlayedSound } from '../audio/engine';
import { applyAlerts } from '../store/alerts';
import { countAccepted, countRejected } from '../store/ingest';
import { applyMetrics } from '../store/metrics';

/** Where the pipeline records what it saw: the app's stores, or a private record (offline render). */
export interface PipelineRecorder {
  applyAlerts(alerts: readonly AlertEvent[], now: number): AlertTransition[];
  applyMetrics(metrics: readonly MetricEvent[], now: number, levels: readonly number[]): void;
  countAccepted(n: number): void;
  countRejected(r: Rejection): void;
}

export const STORE_RECORDER: PipelineRecorder = { applyAlerts, applyMetrics, countAccepted, countRejected };

export interface PipelineDeps {
  /** The engine, once audio may run; null until then (events still land in the store). */
  readonly engine: () => AudioEngine | null;
  readonly score: Score;
  readonly isQuiet?: ConductorOptions['isQuiet'];
  readonly onPlayed?: (played: PlayedSound) => void;
  /** Sounds the budget folded into the storm instead of playing. */
  readonly onFolded?: (count: number) => void;
  /** Wall clock for the conductor (repeats, budgets). */
  readonly now?: () => number;
  /** Default: the app's stores. */
  readonly recorder?: PipelineRecorder;
}

export interface Pipeline {
  /** `at`: context time the batch sounds at (default: as soon as the engine can). */
  ingest(events: readonly TelemetryEvent[], at?: number): void;
  reject(rejection: Rejection): void;
  /** Due repeats and the storm; call a few times a second. */
  tick(): void;
  setScore(score: Score): void;
  acknowledge(alertId: string): boolean;
  readonly conductor: Conductor;
}

/** Each name's last sample, in order of last arrival; `see` gets every sample dropped. */
function latestPerName(metrics: MetricEvent[], see: (m: MetricEvent) => unknown): MetricEvent[] {
  if (metrics.length < 2) return metrics;
  const last = new Map<string, MetricEvent>();
  for (const m of metrics) {
    const prev = last.get(m.name);
    if (prev) {
      see(prev);
      last.delete(m.name); // re-insert: Map order becomes order of last arrival
    }
    last.set(m.name, m);
  }
  return last.size === metrics.length ? metrics : [...last.values()];
}

function guard(fn: () => void): void {
  try {
    fn();
  } catch (err) {
    console.error('singing-pager: sound feedback failed', err);
  }
}

export function createPipeline(deps: PipelineDeps): Pipeline {
  const now = deps.now ?? (() => Date.now());
  const rec = deps.recorder ?? STORE_RECORDER;
  const conductor = new Conductor(deps.score, deps.isQuiet ? { isQuiet: deps.isQuiet } : {});
  const display = new MetricNormaliser();
  let voicesByMetric = new Map<string, MetricMapper[]>();

  const setVoices = (score: Score) => {
    voicesByMetric = new Map();
    for (const spec of score.metrics) {
      const name = metricNameOf(spec);
      if (name === undefined) continue; // PromQL voices are fed by the Prometheus source
      voicesByMetric.set(name, [...(voicesByMetric.get(name) ?? []), new MetricMapper(spec)]);
    }
    deps.engine()?.setMetricVoices(score.metrics);
  };
  setVoices(deps.score);

  const perform = (plan: Plan, at?: number) => {
    const engine = deps.engine();
    let unplayed = 0;
    if (engine) {
      for (const s of plan.sounds) {
        const played = engine.play(s, at);
        // Feedback (mirror, speech, telemetry) must never cost the next sound.
        if (played) guard(() => deps.onPlayed?.(played));
        // Within budget but no voice free yet (a burst): part of the storm, and counted.
        else if (engine.running) unplayed++;
      }
      engine.setStorm(conductor.stormState());
    }
    if (plan.folded + unplayed > 0) deps.onFolded?.(plan.folded + unplayed);
  };

  const ingestMetrics = (all: MetricEvent[], t: number, at?: number) => {
    const engine = deps.engine();
    // The voices and the store want each metric's latest value in a batch: a burst of
    // one metric costs one update (display ranges still see every value).
    const metrics = latestPerName(all, (m) => {
      if (!voicesByMetric.has(m.name)) display.normalise(m.name, m.value);
    });
    const levels = metrics.map((m) => {
      const mappers = voicesByMetric.get(m.name);
      if (!mappers) return display.normalise(m.name, m.value);
      let level = 0;
      for (const mapper of mappers) {
        const params = mapper.map(m.value, t);
        engine?.setMetric(mapper.spec.id, params, at);
        level = params.level;
      }
      return level;
    });
    rec.applyMetrics(metrics, t, levels);
  };

  return {
    conductor,
    ingest(events, at) {
      if (events.length === 0) return;
      const t = now();
      const alerts: AlertEvent[] = [];
      const metrics: MetricEvent[] = [];
      for (const e of events) {
        if (e.kind === 'alert') alerts.push(e);
        else metrics.push(e);
      }
      if (alerts.length) perform(conductor.onAlerts(alerts, rec.applyAlerts(alerts, t), t), at);
      if (metrics.length) ingestMetrics(metrics, t, at);
      rec.countAccepted(events.length);
    },
    reject(rejection) {
      rec.countRejected(rejection);
    },
    tick() {
      perform(conductor.tick(now()));
      deps.engine()?.tick();
    },
    setScore(score) {
      conductor.setScore(score);
      setVoices(score);
    },
    acknowledge(alertId) {
      return conductor.acknowledge(alertId);
    },
  };
}
