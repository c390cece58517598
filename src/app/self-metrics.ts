// Wires the console's own metrics: stores → registry always (the Health view
// reads it), and registry → Pushgateway when a pushgateway is configured.
import type { Config, ConfigError } from '../domain/config';
import { decodeQuery } from '../domain/url-state';
import { realTimers } from '../sources/connection';
import { settingsStore } from '../store/settings';
import { bindStores } from '../telemetry/collect';
import { recordPush, setPushTarget } from '../telemetry/push-status';
import { DEFAULT_PUSH_INTERVAL_MS, INSTANCE_RE, pushOnHide, pushTarget, startPusher } from '../telemetry/pusher';
import { selfMetrics } from '../telemetry/self-metrics';
import { recordLatency } from '../telemetry/latency';
import { createSoundLatency } from '../telemetry/sound-latency';
import { getAudioEngine } from './engine-ref';
import { consoleInstanceId } from './instance';

/** Times each sound an event caused (boot.ts onPlayed). */
export const soundLatency = createSoundLatency({ record: recordLatency, sentToSound: selfMetrics.sentToSound });

function addConfigError(e: ConfigError): void {
  settingsStore.setState((s) => ({ configErrors: [...s.configErrors, e] }));
}

/** ?instance= wins over the id kept in the browser; a bad one is reported and ignored. */
export function instanceFor(search: string): string {
  const given = decodeQuery(search).instance;
  if (given !== undefined) {
    if (INSTANCE_RE.test(given)) return given;
    addConfigError({ layer: 'url', key: 'instance', message: 'instance must be 1–64 letters, digits, ".", "_" or "-", starting with a letter or digit' });
  }
  return consoleInstanceId();
}

let started = false;

export function startSelfMetrics(config: Config, search: string): void {
  if (started) return;
  started = true;
  // Voices sounding are voices sounding, live or training.
  bindStores(selfMetrics, { engine: getAudioEngine });
  if (!config.pushgateway) return;
  const instance = instanceFor(search);
  const target = pushTarget(config.pushgateway, location.origin, instance);
  if (!target) {
    addConfigError({ layer: 'url', key: 'pushgateway', message: 'pushgateway: cannot build a push URL from it' });
    return;
  }
  const intervalMs = config.pushInterval !== undefined ? config.pushInterval * 1000 : DEFAULT_PUSH_INTERVAL_MS;
  setPushTarget(target.url, instance, intervalMs);
  const pusher = startPusher({
    target,
    intervalMs,
    body: () => selfMetrics.registry.serialize(),
    fetch: (url, init) => fetch(url, init),
    ...(typeof navigator.sendBeacon === 'function' && { sendBeacon: (url: string, data: string) => navigator.sendBeacon(url, data) }),
    timers: realTimers,
    onResult: recordPush,
  });
  pushOnHide(pusher, document, window);
}
