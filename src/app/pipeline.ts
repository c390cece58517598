// sources → events → score → audio engine, with the store beside it.
// This is the hot path: one store update per batch, no allocation per sample
// beyond the events themselves.
import type { AlertEvent, MetricEvent, Rejection, TelemetryEvent } from '../domain/events';
import type { SoundEvent } from '../domain/score';
import { MetricNormaliser, panFor, planAlert } from '../domain/score';
import type { AudioEngine, PlayedSound } from '../audio/engine';
import { applyAlerts } from '../store/alerts';
import { countAccepted, countRejected } from '../store/ingest';
import { applyMetrics } from '../store/metrics';

export interface PipelineDeps {
  /** The engine, once audio may run; null until then (events still land in the store). */
  readonly engine: () => AudioEngine | null;
  readonly onPlayed?: (played: PlayedSound) => void;
}

export interface Pipeline {
  ingest(events: readonly TelemetryEvent[]): void;
  reject(rejection: Rejection): void;
}

export function createPipeline(deps: PipelineDeps): Pipeline {
  const normaliser = new MetricNormaliser();
  return {
    ingest(events) {
      if (events.length === 0) return;
      const alerts: AlertEvent[] = [];
      const metrics: MetricEvent[] = [];
      for (const e of events) (e.kind === 'alert' ? alerts : metrics).push(e as never);
      const engine = deps.engine();
      if (alerts.length) {
        const transitions = applyAlerts(alerts);
        const sounds: SoundEvent[] = [];
        alerts.forEach((a, i) => {
          const s = planAlert(a, transitions[i] ?? 'ignored');
          if (s) sounds.push(s);
        });
        if (engine) for (const s of sounds) {
          const played = engine.play(s);
          if (played) deps.onPlayed?.(played);
        }
      }
      if (metrics.length) {
        const levels = metrics.map((m) => normaliser.normalise(m.name, m.value));
        applyMetrics(metrics, Date.now(), levels);
        if (engine) metrics.forEach((m, i) => engine.setMetric(m.name, levels[i] ?? 0, panFor({ service: m.name })));
      }
      countAccepted(events.length);
    },
    reject(rejection) {
      countRejected(rejection);
    },
  };
}
