// MQTT over WebSockets: subscribes alerts/# (QoS 1) and metrics/# (QoS 0), turns
// each message into events, and owns reconnection (backoff with jitter).
import type { IClientOptions, MqttClient } from 'mqtt';
import type { Rejection, TelemetryEvent } from '../domain/events';
import { parseMessage } from '../domain/payload';
import type { Slicer } from './slicer';
import { createSlicer } from './slicer';
import type { ConnectionReport, Timers } from './connection';
import type { BackoffOptions } from './connection';
import { backoffDelay, realTimers, statusForAttempt } from './connection';

/** A pager must be back soon after its broker: retries are capped at 5 s (jittered). */
export const MQTT_BACKOFF: BackoffOptions = { baseMs: 500, maxMs: 5_000, downAfter: 6 };
/** Only a connection that held this long resets the backoff, so a flapping link (a
 * refused login, a client-id takeover) keeps backing off instead of hammering. */
export const STABLE_MS = 2_000;

export type MqttClientFactory = (url: string, opts: IClientOptions) => MqttClient;

export interface MqttSourceOptions {
  readonly url: string;
  readonly clientId: string;
  readonly connect: MqttClientFactory;
  readonly onEvents: (events: TelemetryEvent[]) => void;
  readonly onReject: (r: Rejection) => void;
  readonly onState: (r: ConnectionReport) => void;
  readonly timers?: Timers;
  readonly rng?: () => number;
  /** Console clock for receivedAt; performance.now() in the browser. */
  readonly clock?: () => number;
  readonly backoff?: BackoffOptions;
  /** How message work is spread over tasks (tests pass one that runs everything at once). */
  readonly slicer?: Pick<Slicer, 'run'>;
}

export interface Source {
  stop(): void;
}

export const SUBSCRIPTIONS = { 'alerts/#': { qos: 1 as const }, 'metrics/#': { qos: 0 as const } };

export function startMqttSource(o: MqttSourceOptions): Source {
  const timers = o.timers ?? realTimers;
  const rng = o.rng ?? Math.random;
  const clock = o.clock ?? (() => performance.now());
  const backoff = o.backoff ?? MQTT_BACKOFF;
  let attempt = 0;
  let connectedAt: number | undefined;
  const slicer = o.slicer ?? createSlicer({ onError: (err) => console.error('singing-pager: handling an MQTT message failed', err) });
  let retry: unknown;
  let stopped = false;

  o.onState({ status: 'connecting', attempt: 0 });
  // mqtt.js's own reconnect has a fixed period; we disable it and back off ourselves.
  let client: MqttClient;
  try {
    client = o.connect(o.url, {
      clientId: o.clientId,
      reconnectPeriod: 0,
      connectTimeout: 10_000,
      keepalive: 30,
      // A persistent session: the broker keeps our subscriptions and queues QoS 1
      // alerts while we are away (the client id must be stable; see instance.ts).
      clean: false,
      resubscribe: false,
    });
  } catch (err) {
    o.onState({ status: 'down', attempt: 0, error: `cannot connect to ${o.url}: ${(err as Error).message}` });
    return { stop() {} };
  }

  let lastError: string | undefined;
  client.on('connect', () => {
    connectedAt = timers.now();
    lastError = undefined; // an old failure must not be blamed for a later close
    client.subscribe(SUBSCRIPTIONS, (err) => {
      if (err) o.onState({ status: 'retrying', attempt: Math.max(1, attempt), error: `subscribe failed: ${err.message}` });
      else o.onState({ status: 'live', attempt: 0 });
    });
  });

  client.on('message', (topic, payload) => {
    const receivedAt = clock(); // on arrival: time spent waiting for a slice counts as latency
    // A backlog arrives in one task; past a few ms of work it waits for the next (slicer.ts).
    // Whatever happens downstream, this handler must return: mqtt.js acknowledges QoS 1
    // messages after it, and a broker stops sending once its in-flight window is full.
    slicer.run(() => {
      const result = parseMessage(payload, { topic, receivedAt, source: 'mqtt' });
      if (result.ok) o.onEvents(result.events);
      else o.onReject(result.rejection);
    });
  });

  client.on('error', (err) => {
    lastError = err.message;
  });

  client.on('close', () => {
    if (stopped || retry !== undefined) return;
    if (connectedAt !== undefined && timers.now() - connectedAt >= STABLE_MS) attempt = 0;
    connectedAt = undefined;
    attempt += 1;
    const delay = backoffDelay(attempt, rng, backoff);
    o.onState({ status: statusForAttempt(attempt, backoff), attempt, ...(lastError !== undefined && { error: lastError }) });
    retry = timers.setTimeout(() => {
      retry = undefined;
      if (stopped) return;
      o.onState({ status: 'connecting', attempt });
      client.reconnect();
    }, delay);
  });

  return {
    stop() {
      stopped = true;
      if (retry !== undefined) timers.clearTimeout(retry);
      client.end(true);
    },
  };
}
