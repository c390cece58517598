// The MQTT source as it runs inside a dedicated worker: mqtt.js, the WebSocket frames
// and payload parsing stay off the page's main thread, which receives batches of
// normalised events (mqtt-batcher.ts) and connection states. The connection logic is
// startMqttSource's own (backoff, persistent session, QoS 1): only its sinks differ.
// Pure of worker globals, so unit tests drive it with a fake scope.
import type { Rejection, TelemetryEvent } from '../domain/events';
import type { ConnectionReport, Timers } from './connection';
import type { BatcherOptions } from './mqtt-batcher';
import { createBatcher } from './mqtt-batcher';
import type { MqttClientFactory, Source } from './mqtt';
import { startMqttSource } from './mqtt';

export type ToWorker =
  /** `timeOrigin`: the page's performance.timeOrigin, so receivedAt is on the page's clock. */
  | { readonly type: 'start'; readonly url: string; readonly clientId: string; readonly timeOrigin: number }
  | { readonly type: 'stop' };

export type FromWorker =
  | { readonly type: 'ready' }
  | { readonly type: 'batch'; readonly events: TelemetryEvent[]; readonly rejections: Rejection[] }
  | { readonly type: 'state'; readonly report: ConnectionReport }
  | { readonly type: 'stopped' };

export interface WorkerScope {
  postMessage(m: FromWorker): void;
  onmessage: ((e: { data: ToWorker }) => void) | null;
}

export interface ServeOptions {
  /** performance.now() and timeOrigin of this thread (injected by tests). */
  readonly perf?: { now(): number; readonly timeOrigin: number };
  readonly timers?: Timers;
  readonly batcher?: Omit<BatcherOptions, 'post'>;
}

export function serveMqtt(scope: WorkerScope, connect: MqttClientFactory, o: ServeOptions = {}): void {
  const perf = o.perf ?? performance;
  let source: Source | undefined;
  const batcher = createBatcher({ ...o.batcher, post: (b) => scope.postMessage({ type: 'batch', events: b.events, rejections: b.rejections }) });

  scope.onmessage = ({ data: m }) => {
    if (m.type === 'start' && !source) {
      // Both clocks are ms since their own origin; the page's origin is earlier than ours.
      const shift = perf.timeOrigin - m.timeOrigin;
      source = startMqttSource({
        url: m.url,
        clientId: m.clientId,
        connect,
        clock: () => perf.now() + shift,
        ...(o.timers && { timers: o.timers }),
        onEvents: (ev) => batcher.events(ev),
        onReject: (r) => batcher.reject(r),
        // What arrived before a state change reaches the page before it.
        onState: (report) => {
          batcher.flush();
          scope.postMessage({ type: 'state', report });
        },
        // This thread does nothing else: work runs as it comes (mqtt.js acknowledges a
        // QoS 1 message once it is parsed and queued for the page).
        slicer: { run: (job) => job() },
      });
    } else if (m.type === 'stop') {
      batcher.flush();
      source?.stop();
      scope.postMessage({ type: 'stopped' });
    }
  };
  scope.postMessage({ type: 'ready' });
}
