// Recent history for the charts: a bounded ring of samples per metric (one per
// second at most, five minutes), and firing/pending bands per alert for the last
// hour. Filled by subscribing to the metrics and alerts stores; rings are mutated in
// place and never put in React state: charts read them on their own slow timer.
import type { AlertState } from '../domain/events';
import { Ring } from '../domain/ring';
import type { AlertsState } from './alerts';
import { alertsStore } from './alerts';
import type { MetricsState } from './metrics';
import { metricsStore } from './metrics';

export const SPARK_WINDOW_MS = 5 * 60_000;
export const SPARK_STEP_MS = 1000;
export const TIMELINE_WINDOW_MS = 60 * 60_000;
/** Metrics with a chart: the first this many seen (a chart each is what a panel can redraw every second). */
export const MAX_SERIES = 32;
const MAX_BANDS = 500;

export interface AlertBand {
  readonly alertId: string;
  readonly name: string;
  readonly severity: string;
  /** Where it fires (instance, host, …), to tell same-named alerts apart. */
  readonly where?: string;
  readonly state: Exclude<AlertState, 'resolved'>;
  readonly start: number;
  /** Absent while it lasts. */
  readonly end?: number;
}

const series = new Map<string, Ring>();
/** When recording began: a young console's charts span only what it has seen. */
let startedAt = Date.now();
let bands: AlertBand[] = [];
/** The open band of each alert that has one: a storm of new alerts never scans the bands. */
const openBands = new Map<string, AlertBand>();

export function recordSample(name: string, value: number, at: number): void {
  let ring = series.get(name);
  if (!ring) {
    if (series.size >= MAX_SERIES) return;
    ring = new Ring(Math.ceil(SPARK_WINDOW_MS / SPARK_STEP_MS));
    series.set(name, ring);
  }
  const last = ring.lastTime();
  // At most one sample per step: the newest value within a step wins.
  if (last !== undefined && at - last < SPARK_STEP_MS) ring.replaceLast(last, value);
  else ring.push(at, value);
}

/** The start of a chart's time axis: the window, or less while the console is younger. */
export function windowStart(windowMs: number, now = Date.now()): number {
  return Math.max(now - windowMs, Math.min(startedAt, now - 60_000));
}

/** True when `name` has a history ring, so a sparkline to draw. */
export function hasSeries(name: string): boolean {
  return series.has(name);
}

export function sparkline(name: string, now = Date.now()): { t: number; v: number }[] {
  return series.get(name)?.toArray(now - SPARK_WINDOW_MS) ?? [];
}

/** Opens, closes and switches bands as an alert's state changes. */
export function recordAlertState(alertId: string, name: string, severity: string, state: AlertState, at: number, where?: string): void {
  const open = openBands.get(alertId);
  if (open && open.state === state) return;
  // Replaced, never mutated: a chart may still hold the old object.
  if (open) {
    const i = bands.lastIndexOf(open);
    if (i >= 0) bands[i] = { ...open, end: at };
    openBands.delete(alertId);
  }
  if (state !== 'resolved') {
    const band: AlertBand = { alertId, name, severity, state, start: at, ...(where && { where }) };
    bands.push(band);
    openBands.set(alertId, band);
  }
  // Trimmed in steps, not per band: a storm adds hundreds at a time.
  if (bands.length > MAX_BANDS * 1.2) {
    const dropped = bands.slice(0, bands.length - MAX_BANDS);
    bands = bands.slice(bands.length - MAX_BANDS);
    for (const b of dropped) if (openBands.get(b.alertId) === b) openBands.delete(b.alertId);
  }
}

/** Bands that overlap the last hour, oldest first. */
export function alertBands(now = Date.now()): readonly AlertBand[] {
  const since = now - TIMELINE_WINDOW_MS;
  bands = bands.filter((b) => b.end === undefined || b.end >= since);
  return bands.length > MAX_BANDS ? bands.slice(bands.length - MAX_BANDS) : bands;
}

const WHERE = ['instance', 'host', 'node', 'pod', 'service'] as const;
const whereOf = (labels: Readonly<Record<string, string>>) => WHERE.map((k) => labels[k]).find((v) => v);

function onMetrics(s: MetricsState, prev: MetricsState): void {
  for (const [name, rec] of s.byName) {
    if (prev.byName.get(name) !== rec) recordSample(name, rec.value, rec.updatedAt);
  }
}

function onAlerts(s: AlertsState, prev: AlertsState): void {
  const now = Date.now();
  // The store names what each update wrote or removed: a batch costs its size, not the store's.
  for (const id of s.changed ?? []) {
    const rec = s.byId.get(id);
    const before = prev.byId.get(id);
    if (rec && before !== rec && before?.state !== rec.state) recordAlertState(id, rec.name, rec.severity, rec.state, rec.lastSeen, whereOf(rec.labels));
    // Withdrawn (pending that never fired), evicted and reset alerts leave the store.
    if (!rec && before && before.state !== 'resolved') recordAlertState(id, before.name, before.severity, 'resolved', now);
  }
}

let unsubscribe: (() => void) | null = null;

/** Starts recording; idempotent. */
export function startHistory(): () => void {
  if (!unsubscribe) {
    startedAt = Date.now();
    const a = metricsStore.subscribe(onMetrics);
    const b = alertsStore.subscribe(onAlerts);
    unsubscribe = () => {
      a();
      b();
      unsubscribe = null;
    };
  }
  return unsubscribe;
}

export function resetHistory(): void {
  series.clear();
  bands = [];
  openBands.clear();
}
