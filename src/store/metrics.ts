// Latest value per metric. Written on every sample; the audio engine reads it
// through subscribe, the UI samples it on a timer so samples never re-render.
import { createStore } from 'zustand/vanilla';
import type { MetricEvent, SourceId } from '../domain/events';

export interface MetricRecord {
  readonly name: string;
  readonly value: number;
  readonly source: SourceId;
  readonly updatedAt: number;
  /** The value as the score heard it, 0..1. */
  readonly level?: number;
}

export interface MetricsState {
  readonly byName: ReadonlyMap<string, MetricRecord>;
}

export const MAX_METRICS = 256;

export const metricsStore = createStore<MetricsState>()(() => ({ byName: new Map() }));

export function applyMetrics(events: readonly MetricEvent[], now = Date.now(), levels?: readonly number[]): void {
  const byName = new Map(metricsStore.getState().byName);
  events.forEach((e, i) => {
    if (!byName.has(e.name) && byName.size >= MAX_METRICS) return;
    const level = levels?.[i];
    byName.set(e.name, { name: e.name, value: e.value, source: e.source, updatedAt: now, ...(level !== undefined && { level }) });
  });
  metricsStore.setState({ byName });
}

/** A series that no longer exists (a PromQL voice that went away); a lost feed is kept instead. */
export function removeMetrics(names: readonly string[]): void {
  const current = metricsStore.getState().byName;
  if (!names.some((n) => current.has(n))) return;
  const byName = new Map(current);
  for (const n of names) byName.delete(n);
  metricsStore.setState({ byName });
}

export function resetMetrics(): void {
  metricsStore.setState({ byName: new Map() }, true);
}
