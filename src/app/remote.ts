// Wires the polled sources (Prometheus, Alertmanager) into the pipeline and the
// stores, with PromQL voices, the charts' history and the dead man's switch.
// boot.ts calls startRemote once; nothing here imports React or Tone.
import type { Config } from '../domain/config';
import type { SourceId, TelemetryEvent } from '../domain/events';
import type { ConnectionReport } from '../sources/connection';
import { repeatEvery } from '../sources/connection';
import { startAlertmanagerSource } from '../sources/alertmanager';
import type { Source } from '../sources/mqtt';
import { DEFAULT_POLL_INTERVAL_MS, startPrometheusSource } from '../sources/prometheus';
import { connectionsStore, markData, setStale } from '../store/connections';
import { startHistory } from '../store/history';
import { applyMetrics, removeMetrics } from '../store/metrics';
import { setPromqlStatus } from '../store/promql';
import { scoreStore } from '../store/score';
import { applyAmSnapshot } from '../store/suppressions';
import { observePollDuration } from '../telemetry/self-metrics';
import { ENGINE_DEFAULTS } from '../audio/engine';
import { getEngine } from './engine-ref';
import { PromVoices } from './promql-voices';
import { onScoreChange } from './score-loader';
import { watchStaleness } from './staleness';
import { onSoundPlayed } from './sound-feedback';

/** No successful poll (or connection) for this many poll intervals: the feed is lost. */
export const STALE_AFTER_POLLS = 3;

export interface RemoteDeps {
  readonly accept: (source: SourceId) => (events: TelemetryEvent[]) => void;
  readonly report: (source: SourceId, url?: string) => (r: ConnectionReport) => void;
}

export function pollIntervalMs(config: Config): number {
  return config.pollInterval !== undefined ? config.pollInterval * 1000 : DEFAULT_POLL_INTERVAL_MS;
}

/** Plays the score's feed motif for a source on the system channel. */
function announceFeed(source: SourceId, stale: boolean): void {
  setStale(source, stale);
  const engine = getEngine();
  const score = scoreStore.getState().active;
  if (!engine || !score) return;
  const played = engine.play({
    kind: 'earcon',
    earcon: stale ? score.feedLost : score.feedBack,
    channel: 'system',
    transpose: 0,
    pan: 0,
    gain: 1,
    subject: source,
    reason: stale ? 'feed-lost' : 'feed-back',
    receivedAt: performance.now(),
  });
  // Shown under "Last heard" and spoken like every other sound.
  if (played) onSoundPlayed(played, engine.scheduledPerfMs(played.at));
}

export function startRemote(config: Config, deps: RemoteDeps): Source[] {
  startHistory();
  const sources: Source[] = [];
  const intervalMs = pollIntervalMs(config);
  const fetchFn = (url: string, init: RequestInit) => fetch(url, init);
  const polled = (source: SourceId) => (ok: boolean, seconds: number) => {
    observePollDuration(source, seconds);
    if (ok) markData(source);
  };

  if (config.source !== 'demo' && config.prometheus) {
    const voices = new PromVoices({ engine: getEngine, maxVoices: ENGINE_DEFAULTS.maxMetricVoices });
    const prom = startPrometheusSource({
      baseUrl: config.prometheus,
      fetch: fetchFn,
      intervalMs,
      onEvents: deps.accept('prometheus'),
      onQueries: (results) => {
        const u = voices.update(results, performance.now(), Date.now());
        if (u.metrics.length) applyMetrics(u.metrics, Date.now(), u.levels);
        if (u.removed.length) removeMetrics(u.removed);
        setPromqlStatus(u.status);
      },
      onState: deps.report('prometheus', config.prometheus),
      onPolled: polled('prometheus'),
    });
    const useScore = () => {
      const score = scoreStore.getState().active;
      if (score) voices.setScore(score);
      prom.setQueries(voices.queries());
    };
    useScore();
    onScoreChange(useScore);
    sources.push(prom);
  }
  if (config.source !== 'demo' && config.alertmanager) {
    sources.push(
      startAlertmanagerSource({
        baseUrl: config.alertmanager,
        fetch: fetchFn,
        intervalMs,
        onSnapshot: (s) => applyAmSnapshot(s),
        onState: deps.report('alertmanager', config.alertmanager),
        onPolled: polled('alertmanager'),
      }),
    );
  }

  const watch = watchStaleness({
    sources: ['mqtt', 'prometheus', 'alertmanager'],
    staleAfterMs: STALE_AFTER_POLLS * intervalMs,
    read: () => connectionsStore.getState(),
    now: () => Date.now(),
    onChange: announceFeed,
  });
  repeatEvery(250, () => watch.check()); // worker-kept: staleness is judged on time in a hidden tab too
  return sources;
}
