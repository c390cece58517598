// Fills the self metrics from the stores. Running totals the stores already keep
// are read when a push is collected (nothing added to the hot path); reconnects
// are transitions, so they are counted by subscribing.
import { REJECT_REASONS } from '../domain/events';
import type { SourceId } from '../domain/events';
import type { ConnectionsState } from '../store/connections';
import { connectionsStore } from '../store/connections';
import { ingestStore } from '../store/ingest';
import { settingsStore } from '../store/settings';
import type { SelfMetrics } from './self-metrics';
import { KINDS } from './self-metrics';

export interface BindOptions {
  /** The live audio engine, if any; read for activeVoices (and droppedVoices, if it keeps one). */
  readonly engine: () => object | null;
}

/** A count the engine may expose as a property, getter or no-argument method (e.g. activeVoices), else 0. */
export function numberProp(o: object | null, key: string): number {
  if (!o) return 0;
  let v = (o as Record<string, unknown>)[key];
  if (typeof v === 'function') {
    try {
      v = (v as () => unknown).call(o);
    } catch {
      return 0;
    }
  }
  return typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : 0;
}

/** A reconnect attempt is each new "connecting" report with attempt > 0. */
export function countReconnects(m: SelfMetrics, s: ConnectionsState, prev: ConnectionsState): void {
  for (const [id, info] of Object.entries(s.sources) as [SourceId, NonNullable<ConnectionsState['sources'][SourceId]>][]) {
    const before = prev.sources[id];
    if (info.status !== 'connecting' || info.attempt <= 0) continue;
    if (before?.status === 'connecting' && before.attempt === info.attempt) continue;
    m.sourceReconnects.inc({ source: id });
  }
}

export function collectFromStores(m: SelfMetrics, o: BindOptions): void {
  const ingest = ingestStore.getState();
  const sources = connectionsStore.getState().sources;
  for (const id of Object.keys(sources) as SourceId[]) {
    m.sourceUp.set({ source: id }, sources[id]?.status === 'live' ? 1 : 0);
    m.sourceReconnects.inc({ source: id }, 0);
    // Zero series for every connected source, so increase() sees the first event.
    for (const kind of KINDS) m.events.set({ source: id, kind }, ingest.acceptedBySource[id]?.[kind] ?? 0);
  }
  for (const [id, byKind] of Object.entries(ingest.acceptedBySource) as [SourceId, Record<string, number>][]) {
    for (const kind of KINDS) m.events.set({ source: id, kind }, byKind[kind] ?? 0);
  }
  for (const reason of REJECT_REASONS) m.rejected.set({ reason }, ingest.rejectedByReason[reason] ?? 0);
  m.audioRunning.set(undefined, settingsStore.getState().audio === 'running' ? 1 : 0);
  const engine = o.engine();
  m.voicesActive.set(undefined, numberProp(engine, 'activeVoices'));
  // Only when the engine keeps the running total itself; otherwise the pipeline
  // counts folds straight into voicesDropped (boot.ts onFolded), left untouched here.
  if (engine && typeof (engine as Record<string, unknown>).droppedVoices === 'number') {
    m.voicesDropped.set(undefined, numberProp(engine, 'droppedVoices'));
  }
}

/** Binds the stores to the metrics; returns the unbinder. */
export function bindStores(m: SelfMetrics, o: BindOptions): () => void {
  const unsubscribe = connectionsStore.subscribe((s, prev) => countReconnects(m, s, prev));
  const removeHook = m.registry.onCollect(() => collectFromStores(m, o));
  return () => {
    unsubscribe();
    removeHook();
  };
}
