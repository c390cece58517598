// The live recorder: sounds are decided at once, but the stores are written at most
// every FLUSH_MS. In a storm that turns a thousand store updates (each copying the
// alert map and waking every subscriber) into twenty, and the alert that arrived
// first is still heard first.
import type { AlertEvent, AlertState, MetricEvent, Rejection, TelemetryEvent } from '../domain/events';
import type { AlertTransition } from '../domain/lifecycle';
import { transitionFor } from '../domain/lifecycle';
import { realTimers } from '../sources/connection';
import { alertsStore } from '../store/alerts';
import { countAcceptedBy } from '../store/ingest';
import type { PipelineRecorder } from './pipeline';
import { STORE_RECORDER } from './pipeline';

export const FLUSH_MS = 50;
/** With thousands of alerts held, each write copies them all: write less often (sounds are unaffected). */
export const LARGE_FLUSH_MS = 250;
export const LARGE_STORE = 2000;

export interface BatchedRecorder extends PipelineRecorder {
  /** Counts accepted events by source and kind, in the same batches. */
  noteAccepted(events: readonly TelemetryEvent[]): void;
  /** Writes everything pending now (tests, page hide). */
  flush(): void;
}

export interface BatchedRecorderOptions {
  readonly base?: PipelineRecorder;
  readonly stateOf?: (id: string) => AlertState | undefined;
  readonly countBy?: (events: readonly TelemetryEvent[]) => void;
  readonly schedule?: (fn: () => void, ms: number) => unknown;
  /** Alerts held now (default: the alerts store's). */
  readonly storeSize?: () => number;
}

/** What the store will hold for an alert after a transition (mirrors store/alerts.ts). */
function stateAfter(t: AlertTransition, prev: AlertState | undefined, next: AlertState): AlertState | undefined {
  if (t === 'ignored') return prev;
  if (t === 'withdrawn') return undefined;
  return next;
}

export function createBatchedRecorder(o: BatchedRecorderOptions = {}): BatchedRecorder {
  const base = o.base ?? STORE_RECORDER;
  const stateOf = o.stateOf ?? ((id: string) => alertsStore.getState().byId.get(id)?.state);
  const countBy = o.countBy ?? countAcceptedBy;
  // Worker-kept timers: a hidden tab still lists what it sounds within the batch window.
  const schedule = o.schedule ?? ((fn: () => void, ms: number) => realTimers.setTimeout(fn, ms));
  const storeSize = o.storeSize ?? (() => alertsStore.getState().byId.size);
  // What the store will know once the pending batch lands; transitions are read from it.
  const overlay = new Map<string, AlertState | undefined>();
  let alerts: AlertEvent[] = [];
  let alertsAt = 0;
  let metrics: MetricEvent[] = [];
  let levels: number[] = [];
  let metricsAt = 0;
  let accepted = 0;
  let acceptedEvents: TelemetryEvent[] = [];
  let rejections: Rejection[] = [];
  let scheduled = false;

  const flush = () => {
    scheduled = false;
    const [a, m, l, n, ev, r] = [alerts, metrics, levels, accepted, acceptedEvents, rejections];
    alerts = [];
    metrics = [];
    levels = [];
    accepted = 0;
    acceptedEvents = [];
    rejections = [];
    overlay.clear();
    if (a.length) base.applyAlerts(a, alertsAt);
    if (m.length) base.applyMetrics(m, metricsAt, l);
    if (n) base.countAccepted(n);
    if (ev.length) countBy(ev);
    for (const x of r) base.countRejected(x);
  };
  const later = () => {
    if (scheduled) return;
    scheduled = true;
    schedule(flush, storeSize() > LARGE_STORE ? LARGE_FLUSH_MS : FLUSH_MS);
  };

  return {
    applyAlerts(batch, now) {
      const transitions = batch.map((e) => {
        const prev = overlay.has(e.id) ? overlay.get(e.id) : stateOf(e.id);
        const t = transitionFor(prev, e.state);
        overlay.set(e.id, stateAfter(t, prev, e.state));
        return t;
      });
      for (const e of batch) alerts.push(e);
      alertsAt = now;
      later();
      return transitions;
    },
    applyMetrics(batch, now, lv) {
      batch.forEach((m, i) => {
        metrics.push(m);
        levels.push(lv[i] ?? 0);
      });
      metricsAt = now;
      later();
    },
    countAccepted(n) {
      accepted += n;
      later();
    },
    countRejected(r) {
      rejections.push(r);
      later();
    },
    noteAccepted(events) {
      for (const e of events) acceptedEvents.push(e);
      later();
    },
    flush,
  };
}
