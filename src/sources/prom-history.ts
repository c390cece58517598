// Replays real history: asks Prometheus for ALERTS (and each chosen metric voice's
// PromQL) over a window with GET /api/v1/query_range and rebuilds a scenario from it.
import type { RangeWindow } from '../domain/prom-history';
import { alertsTimeline, autoStep, metricTimeline, promRangeSchema } from '../domain/prom-history';
import type { Scenario, ScenarioEvent } from '../domain/scenario';
import { MAX_SCENARIO_EVENTS, autoQuiz, parseScenario } from '../domain/scenario';
import type { FetchFn } from './http-json';
import { getJson, joinUrl } from './http-json';

export interface HistoryRequest {
  /** Prometheus base URL, or a same-origin path to its proxy. */
  readonly baseUrl: string;
  /** Unix seconds. */
  readonly start: number;
  readonly end: number;
  /** Seconds; default autoStep(start, end). */
  readonly step?: number;
  /** Metric voice name (as the score hears it, e.g. "cpu") → PromQL. */
  readonly voices?: readonly { readonly name: string; readonly promql: string }[];
  readonly fetch: FetchFn;
  readonly signal?: AbortSignal;
}

export function rangeUrl(baseUrl: string, query: string, w: RangeWindow): string {
  const q = new URLSearchParams({ query, start: String(w.start), end: String(w.end), step: String(w.step) });
  return joinUrl(baseUrl, `/api/v1/query_range?${q.toString()}`);
}

async function range(r: HistoryRequest, query: string, w: RangeWindow, signal: AbortSignal) {
  const body = await getJson(r.fetch, rangeUrl(r.baseUrl, query, w), promRangeSchema, 'Prometheus query_range', signal);
  return body.data.result;
}

function stamp(unix: number): string {
  return new Date(unix * 1000).toISOString().slice(0, 16).replace('T', ' ');
}

/** The window's alert timeline (and voices), as a scenario ready to replay. Throws a readable Error. */
export async function historyScenario(r: HistoryRequest): Promise<Scenario> {
  if (!(r.end > r.start)) throw new Error('the window must end after it starts');
  const w: RangeWindow = { start: Math.floor(r.start), end: Math.ceil(r.end), step: r.step ?? autoStep(r.start, r.end) };
  const signal = r.signal ?? new AbortController().signal;
  const events: ScenarioEvent[] = alertsTimeline(await range(r, 'ALERTS', w, signal), w);
  for (const v of r.voices ?? []) {
    if (v.promql.trim() === '') continue;
    events.push(...metricTimeline(v.name, await range(r, v.promql, w, signal), w));
  }
  events.sort((a, b) => a.at - b.at);
  if (events.length > MAX_SCENARIO_EVENTS) throw new Error(`the window holds ${events.length} events; choose a shorter one or a larger step`);
  const quiz = autoQuiz(events);
  const parsed = parseScenario({
    id: `prometheus-${w.start}`,
    title: `Prometheus history ${stamp(w.start)} – ${stamp(w.end)} UTC`,
    description: `Rebuilt from ALERTS${r.voices?.length ? ' and the chosen voices' : ''} at ${w.step} s resolution.`,
    durationSeconds: w.end - w.start,
    events,
    ...(quiz && { quiz }),
  });
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.scenario;
}
