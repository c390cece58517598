// Prometheus over its HTTP API: every poll reads GET /api/v1/alerts (pending and
// firing) and evaluates the score's PromQL voices with GET /api/v1/query, each
// distinct query once. Plain fetch: no Tone, no React. Prometheus sends CORS headers,
// so a direct URL works; behind auth, use the console's same-origin proxy path.
import type { AlertEvent, TelemetryEvent } from '../domain/events';
import { fromPromAlert, promAlertsSchema, promQuerySchema, sampleNumber } from '../domain/prom-api';
import { AbsenceTracker } from './absence';
import type { ConnectionReport, Timers } from './connection';
import { realTimers } from './connection';
import type { FetchFn } from './http-json';
import { HttpError, getJson, joinUrl } from './http-json';
import type { Source } from './mqtt';
import { startPoller } from './poller';

export const DEFAULT_POLL_INTERVAL_MS = 2000;

export interface Series {
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

export type QueryResult = { readonly ok: true; readonly series: readonly Series[] } | { readonly ok: false; readonly error: string };

export interface PrometheusSourceOptions {
  readonly baseUrl: string;
  readonly fetch: FetchFn;
  readonly intervalMs?: number;
  readonly timeoutMs?: number;
  readonly onEvents: (events: TelemetryEvent[]) => void;
  /** Every successful poll: each distinct query's result. */
  readonly onQueries?: (results: ReadonlyMap<string, QueryResult>) => void;
  readonly onState: (r: ConnectionReport) => void;
  readonly onPolled?: (ok: boolean, seconds: number) => void;
  readonly timers?: Timers;
  readonly rng?: () => number;
  /** Console clock for receivedAt; performance.now() in the browser. */
  readonly clock?: () => number;
}

export interface PrometheusSource extends Source {
  /** The PromQL the score's voices name; duplicates are sent once. */
  setQueries(queries: readonly string[]): void;
}

export function startPrometheusSource(o: PrometheusSourceOptions): PrometheusSource {
  const clock = o.clock ?? (() => performance.now());
  const tracker = new AbsenceTracker();
  let queries: readonly string[] = [];

  const evaluate = async (query: string, signal: AbortSignal): Promise<QueryResult> => {
    try {
      const body = await getJson(o.fetch, joinUrl(o.baseUrl, `/api/v1/query?query=${encodeURIComponent(query)}`), promQuerySchema, 'Prometheus query', signal);
      const d = body.data;
      if (d.resultType === 'scalar') {
        const v = sampleNumber(d.result[1]);
        return { ok: true, series: v === undefined ? [] : [{ labels: {}, value: v }] };
      }
      if (d.resultType !== 'vector') return { ok: false, error: `query gives a ${d.resultType}, not an instant vector` };
      const series: Series[] = [];
      for (const r of d.result) {
        const v = sampleNumber(r.value[1]);
        if (v !== undefined) series.push({ labels: r.metric, value: v });
      }
      return { ok: true, series };
    } catch (err) {
      // A bad query is the score's problem, not a sign that Prometheus is down.
      if (err instanceof HttpError && err.answered) return { ok: false, error: err.message };
      throw err;
    }
  };

  const poll = async (signal: AbortSignal) => {
    const asked = queries;
    const [alerts, ...results] = await Promise.all([
      getJson(o.fetch, joinUrl(o.baseUrl, '/api/v1/alerts'), promAlertsSchema, 'Prometheus alerts', signal),
      ...asked.map((q) => evaluate(q, signal)),
    ]);
    return () => {
      const receivedAt = clock();
      const current = alerts.data.alerts.map((a) => fromPromAlert(a, receivedAt)).filter((e): e is AlertEvent => e !== null);
      const changed = tracker.update(current, receivedAt);
      if (changed.length) o.onEvents(changed);
      if (asked.length && o.onQueries) o.onQueries(new Map(asked.map((q, i) => [q, results[i]!])));
    };
  };

  const poller = startPoller({
    intervalMs: o.intervalMs ?? DEFAULT_POLL_INTERVAL_MS,
    ...(o.timeoutMs !== undefined && { timeoutMs: o.timeoutMs }),
    timers: o.timers ?? realTimers,
    ...(o.rng && { rng: o.rng }),
    poll,
    onState: o.onState,
    ...(o.onPolled && { onPolled: o.onPolled }),
  });

  return {
    setQueries(q) {
      queries = [...new Set(q.map((s) => s.trim()).filter(Boolean))];
    },
    stop() {
      poller.stop();
    },
  };
}
