// The composition root: configuration → sources → pipeline → audio engine.
// React only renders what the stores hold; nothing here imports it.
import mqtt from 'mqtt';
import type { SourceId } from '../domain/events';
import type { ConnectionReport } from '../sources/connection';
import { startDemoSource } from '../sources/demo';
import type { Source } from '../sources/mqtt';
import { startMqttSource } from '../sources/mqtt';
import { markData, setConnection } from '../store/connections';
import { setConfig } from '../store/settings';
import { recordLatency } from '../telemetry/latency';
import { startAudio } from './audio';
import { loadConfig } from './config-loader';
import { TAB_ID, consoleInstanceId } from './instance';
import { createPipeline } from './pipeline';
import { getEngine } from './engine-ref';

const sources: Source[] = [];

export async function boot(search = location.search): Promise<void> {
  const { config, errors } = await loadConfig(search);
  setConfig(config, errors);

  const pipeline = createPipeline({
    engine: getEngine,
    onPlayed: (p) => {
      const engine = getEngine();
      if (engine) recordLatency(engine.scheduledPerfMs(p.at) - p.sound.receivedAt);
    },
  });
  const report = (source: SourceId, url?: string) => (r: ConnectionReport) =>
    setConnection(source, { status: r.status, attempt: r.attempt, ...(r.error !== undefined && { error: r.error }), ...(url !== undefined && { url }) });

  if (config.source === 'demo' || !config.mqtt) {
    sources.push(startDemoSource({ onEvents: (ev) => { markData('demo'); pipeline.ingest(ev); }, onState: report('demo') }));
  }
  if (config.source !== 'demo' && config.mqtt) {
    const url = config.mqtt;
    sources.push(
      startMqttSource({
        url,
        clientId: `singing-pager-${consoleInstanceId()}-${TAB_ID}`,
        connect: (u, o) => mqtt.connect(u, o),
        onEvents: (ev) => { markData('mqtt'); pipeline.ingest(ev); },
        onReject: (r) => pipeline.reject(r),
        onState: report('mqtt', url),
      }),
    );
  }
  await startAudio();
}
