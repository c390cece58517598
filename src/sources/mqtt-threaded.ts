// The page's side of the MQTT source. Where the browser runs module workers, mqtt.js
// and payload parsing run in one (mqtt-worker-core.ts) and the page only handles
// batches of ready events, sliced like any other burst (slicer.ts). Elsewhere (unit
// tests in node), or when the worker cannot load, the same source runs in the page.
import type { Rejection, TelemetryEvent } from '../domain/events';
import type { ConnectionReport, Timers } from './connection';
import { realTimers } from './connection';
import type { MqttClientFactory, Source } from './mqtt';
import { startMqttSource } from './mqtt';
import type { FromWorker, ToWorker } from './mqtt-worker-core';
import type { Slicer } from './slicer';
import { createSlicer } from './slicer';

/** The part of a Worker this uses (tests pass an in-process one). */
export interface WorkerLike {
  postMessage(m: ToWorker): void;
  terminate(): void;
  onmessage: ((e: { data: FromWorker }) => void) | null;
  onerror: ((e: { message?: string }) => void) | null;
}

export interface StartMqttOptions {
  readonly url: string;
  /** May still be settling (tab-id.ts): the worker loads meanwhile. */
  readonly clientId: string | Promise<string>;
  readonly onEvents: (events: TelemetryEvent[]) => void;
  readonly onReject: (r: Rejection) => void;
  readonly onState: (r: ConnectionReport) => void;
  /** A worker running mqtt-worker.ts; absent or null: the source runs in the page. */
  readonly createWorker?: (() => WorkerLike) | null;
  /** mqtt.js's connect, for the in-page path and the fallback. */
  readonly loadClient: () => Promise<MqttClientFactory>;
  readonly slicer?: Pick<Slicer, 'run'>;
  /** This page's performance.timeOrigin (the worker stamps receivedAt on our clock). */
  readonly timeOrigin?: number;
  readonly timers?: Timers;
}

/** Events per job on the page (an Alertmanager webhook message carries about this many alerts). */
export const PAGE_JOB_EVENTS = 32;

/** How long a stopping worker may take to say goodbye to the broker. */
export const STOP_GRACE_MS = 1_000;

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

export function startMqtt(o: StartMqttOptions): Source {
  const timers = o.timers ?? realTimers;
  const slicer = o.slicer ?? createSlicer({ onError: (err) => console.error('singing-pager: handling an MQTT message failed', err) });
  let stopped = false;
  let inPage: Source | undefined;
  let worker: WorkerLike | undefined;

  const startInPage = () => {
    Promise.all([o.loadClient(), o.clientId]).then(
      ([connect, clientId]) => {
        if (stopped) return;
        inPage = startMqttSource({ url: o.url, clientId, connect, onEvents: o.onEvents, onReject: o.onReject, onState: o.onState, slicer, timers });
      },
      (err) => o.onState({ status: 'down', attempt: 0, error: `cannot load the MQTT client: ${message(err)}` }),
    );
  };

  const startWorker = (create: () => WorkerLike): boolean => {
    let w: WorkerLike;
    try {
      w = create();
    } catch (err) {
      console.warn('singing-pager: MQTT worker unavailable, running in the page', err);
      return false;
    }
    worker = w;
    let ready = false;
    w.onmessage = ({ data: m }) => {
      if (m.type === 'stopped') return w.terminate();
      if (stopped) return;
      if (m.type === 'ready') ready = true;
      // States queue behind the batches before them, so the order holds.
      else if (m.type === 'batch') {
        // A batch is cut into jobs no bigger than a message's worth of alerts used to be,
        // so the slicer can still end a task between them.
        const ev = m.events;
        for (let i = 0; i < ev.length; i += PAGE_JOB_EVENTS) {
          const part = ev.length <= PAGE_JOB_EVENTS ? ev : ev.slice(i, i + PAGE_JOB_EVENTS);
          slicer.run(() => o.onEvents(part));
        }
        if (m.rejections.length) slicer.run(() => m.rejections.forEach((r) => o.onReject(r)));
      }
      else if (m.type === 'state') slicer.run(() => o.onState(m.report));
    };
    w.onerror = (e) => {
      if (ready || stopped) return console.error('singing-pager: MQTT worker error', e.message ?? e);
      // It never started (a server's policy refuses workers, an old browser): run here.
      console.warn('singing-pager: MQTT worker did not start, running in the page', e.message ?? e);
      w.terminate();
      worker = undefined;
      startInPage();
    };
    Promise.resolve(o.clientId).then(
      (clientId) => {
        if (!stopped && worker === w) w.postMessage({ type: 'start', url: o.url, clientId, timeOrigin: o.timeOrigin ?? performance.timeOrigin });
      },
      (err) => o.onState({ status: 'down', attempt: 0, error: `no client id: ${message(err)}` }),
    );
    return true;
  };

  if (!o.createWorker || !startWorker(o.createWorker)) startInPage();

  return {
    stop() {
      if (stopped) return;
      stopped = true;
      inPage?.stop();
      const w = worker;
      if (!w) return;
      w.postMessage({ type: 'stop' });
      // Terminated once its client has ended ('stopped'), or after the grace in any case.
      timers.setTimeout(() => w.terminate(), STOP_GRACE_MS);
    },
  };
}
