// Rebuilding what happened from Prometheus's own memory: the ALERTS series over a
// window (GET /api/v1/query_range) becomes an alert timeline, and a metric voice's
// PromQL over the same window its values. Pure: the source does the fetching.
import { z } from 'zod';
import type { ScenarioEvent } from './scenario';
import { sampleNumber } from './prom-api';

const labelMap = z.record(z.string().max(256), z.string().max(4096));

/** GET /api/v1/query_range */
export const promRangeSchema = z.object({
  status: z.literal('success'),
  data: z.object({
    resultType: z.literal('matrix'),
    result: z.array(z.object({ metric: labelMap, values: z.array(z.tuple([z.number(), z.string().max(64)])).max(20_000) })).max(10_000),
  }),
});
export type RangeSeries = z.infer<typeof promRangeSchema>['data']['result'][number];

export interface RangeWindow {
  /** Unix seconds. */
  readonly start: number;
  readonly end: number;
  /** Seconds between points. */
  readonly step: number;
}

/** Prometheus refuses more than 11,000 points per series; 2,000 keeps answers small. */
export function autoStep(start: number, end: number): number {
  return Math.max(1, Math.ceil((end - start) / 2000));
}

/** Consecutive samples (no gap over 1.5 steps): one stretch of a series' life. */
function runs(times: readonly number[], step: number): [number, number][] {
  const out: [number, number][] = [];
  for (const t of times) {
    const last = out[out.length - 1];
    if (last && t - last[1] <= step * 1.5) last[1] = t;
    else out.push([t, t]);
  }
  return out;
}

const round3 = (x: number) => Math.round(x * 1000) / 1000;

/**
 * ALERTS{alertstate="pending"|"firing"} over the window → alert events. An alert is
 * firing from its first firing sample; it resolved one step after its last one (the
 * rule stopped returning it somewhere in between). A pending stretch that never
 * fired ends the same way, as a withdrawn alert does live.
 */
export function alertsTimeline(series: readonly RangeSeries[], w: RangeWindow): ScenarioEvent[] {
  const byAlert = new Map<string, { labels: Record<string, string>; pending: number[]; firing: number[] }>();
  for (const s of series) {
    const { __name__: _, alertstate, ...labels } = s.metric;
    if (!labels.alertname || (alertstate !== 'firing' && alertstate !== 'pending')) continue;
    const key = JSON.stringify(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : 1)));
    let a = byAlert.get(key);
    if (!a) byAlert.set(key, (a = { labels, pending: [], firing: [] }));
    a[alertstate].push(...s.values.map(([t]) => t));
  }
  const events: ScenarioEvent[] = [];
  for (const { labels, pending, firing } of byAlert.values()) {
    const { alertname, ...rest } = labels;
    const base = { kind: 'alert' as const, name: alertname!, severity: (labels.severity ?? 'info').toLowerCase().slice(0, 32), labels: rest, annotations: {} };
    const at = (t: number) => round3(Math.min(w.end, Math.max(w.start, t)) - w.start);
    const fired = runs([...firing].sort((x, y) => x - y), w.step);
    for (const [a, b] of fired) {
      events.push({ ...base, at: at(a), state: 'firing' });
      if (b + w.step <= w.end) events.push({ ...base, at: at(b + w.step), state: 'resolved' });
    }
    for (const [a, b] of runs([...pending].sort((x, y) => x - y), w.step)) {
      events.push({ ...base, at: at(a), state: 'pending' });
      // Pending that turned into firing is followed by the firing stretch, not withdrawn.
      const becameFiring = fired.some(([f]) => f > b && f - b <= w.step * 1.5);
      if (!becameFiring && b + w.step <= w.end) events.push({ ...base, at: at(b + w.step), state: 'resolved' });
    }
  }
  // Stable order: time, then resolves before new firings at the same instant.
  const rank = { resolved: 0, pending: 1, firing: 2 } as const;
  return events.sort((x, y) => x.at - y.at || (x.kind === 'alert' && y.kind === 'alert' ? rank[x.state] - rank[y.state] : 0));
}

/** A metric voice's query over the window → its values; the first series only (aggregate in PromQL). */
export function metricTimeline(voice: string, series: readonly RangeSeries[], w: RangeWindow): ScenarioEvent[] {
  const first = [...series].sort((a, b) => (JSON.stringify(a.metric) < JSON.stringify(b.metric) ? -1 : 1))[0];
  if (!first) return [];
  return first.values.flatMap(([t, v]) => {
    const value = sampleNumber(v);
    return value === undefined || t < w.start || t > w.end ? [] : [{ kind: 'metric' as const, name: voice, value, at: round3(t - w.start) }];
  });
}
