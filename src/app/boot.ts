// The composition root: configuration → sources → pipeline → audio engine.
// React only renders what the stores hold; nothing here imports it.
import type { SourceId, TelemetryEvent } from '../domain/events';
import type { ConnectionReport } from '../sources/connection';
import { repeatEvery } from '../sources/connection';
import { installPageTimers } from '../sources/timer-worker-url';
import { startDemoSource } from '../sources/demo';
import type { Source } from '../sources/mqtt';
import { startMqtt } from '../sources/mqtt-threaded';
import { mqttWorkerFactory } from '../sources/mqtt-worker-url';
import { markData, setConnection } from '../store/connections';
import { setConfig } from '../store/settings';
import { startAudio } from './audio';
import { loadConfig } from './config-loader';
import { consoleInstanceId } from './instance';
import { claimTabId } from './tab-id';
import { restrictConnections } from './csp';
import { createPipeline } from './pipeline';
import { createBatchedRecorder } from './batched-recorder';
import { startRemote } from './remote';
import { getEngine, setPipeline } from './engine-ref';
import { defaultScore, loadInitialScore, onScoreChange } from './score-loader';
import { scoreStore } from '../store/score';
import { decodeQuery } from '../domain/url-state';
import { selfMetrics } from '../telemetry/self-metrics';
import { isAlertQuiet, loadAttention, persistAttention } from './attention';
import { loadMixer, persistMixer } from './mixer';
import { startControls } from './controls';
import { onSoundPlayed, onStormFolded } from './sound-feedback';
import { soundLatency, startSelfMetrics } from './self-metrics';
import { applyPlayback, startModes } from './modes';
import { captureLive } from './training-record';

const sources: Source[] = [];

export async function boot(search = location.search): Promise<void> {
  // Polls, pushes, backoff and flushes keep their rate in a hidden tab (worker-timers.ts).
  installPageTimers((mode) => (document.documentElement.dataset.timers = mode));
  const { config, errors } = await loadConfig(search);
  // From here on the page may connect only to its own origin and the configured sources.
  restrictConnections(config, [decodeQuery(search).score]);
  setConfig(config, errors);
  startSelfMetrics(config, search);

  loadAttention();
  persistAttention();
  loadMixer();
  persistMixer();
  startControls();
  const playback = applyPlayback(search);
  const query = decodeQuery(search);
  await loadInitialScore(query.score ?? query.preset);
  // Sounds are decided per message; the stores are written in batches (see batched-recorder).
  const recorder = createBatchedRecorder();
  const pipeline = createPipeline({
    recorder,
    engine: getEngine,
    score: scoreStore.getState().active ?? defaultScore().score,
    isQuiet: isAlertQuiet,
    onFolded: (n) => {
      selfMetrics.voicesDropped.inc(undefined, n);
      onStormFolded(n);
    },
    onPlayed: (p) => {
      // Event → sound and sent → sound, for sounds an event just caused (not repeats).
      const engine = getEngine();
      if (!engine) return;
      const at = engine.scheduledPerfMs(p.at);
      soundLatency.played(p.sound, at);
      onSoundPlayed(p, at); // the visual mirror, the live region and speech
    },
  });
  // Every accepted batch: freshness, counts by source and kind, then the pipeline.
  const accept = (source: SourceId) => (ev: TelemetryEvent[]) => {
    markData(source);
    recorder.noteAccepted(ev);
    pipeline.ingest(ev);
    captureLive(ev); // training: recording live events into a scenario
  };
  const report = (source: SourceId, url?: string) => (r: ConnectionReport) =>
    setConnection(source, { status: r.status, attempt: r.attempt, ...(r.error !== undefined && { error: r.error }), ...(url !== undefined && { url }) });

  // A replay link needs no backend, and no simulated one under it.
  if (config.source === 'demo' || (!config.mqtt && !config.prometheus && !playback.replay)) {
    sources.push(startDemoSource({ onEvents: accept('demo'), onState: report('demo') }));
  }
  if (config.source !== 'demo' && config.mqtt) {
    const url = config.mqtt;
    setConnection('mqtt', { status: 'connecting', attempt: 0, url });
    // mqtt.js and payload parsing run in a worker (src/sources/mqtt-threaded.ts), which
    // loads beside the first paint while the tab id is settled (no other tab holds it).
    sources.push(
      startMqtt({
        url,
        clientId: claimTabId().then((tabId) => `singing-pager-${consoleInstanceId()}-${tabId}`),
        createWorker: mqttWorkerFactory(),
        loadClient: () => import('mqtt').then(({ default: mqtt }) => (u, o) => mqtt.connect(u, o)),
        onEvents: accept('mqtt'),
        onReject: (r) => pipeline.reject(r),
        onState: report('mqtt', url),
      }),
    );
  }
  sources.push(...startRemote(config, { accept, report }));
  onScoreChange((score) => pipeline.setScore(score));
  setPipeline(pipeline);
  // Repeats and the storm texture run on their own clock, ten times a second.
  repeatEvery(100, () => pipeline.tick());
  await startAudio();
  await startModes(config, playback);
}
