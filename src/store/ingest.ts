// What came in and what was turned away, by reason — shown so bad input is visible.
import { createStore } from 'zustand/vanilla';
import type { RejectReason, Rejection, SourceId, TelemetryEvent } from '../domain/events';

export type AcceptedByKind = Readonly<Record<TelemetryEvent['kind'], number>>;

export interface IngestState {
  readonly accepted: number;
  /** Accepted events by source and kind (the pushed singing_pager_events_total). */
  readonly acceptedBySource: Readonly<Partial<Record<SourceId, AcceptedByKind>>>;
  readonly rejectedByReason: Readonly<Partial<Record<RejectReason, number>>>;
  /** The most recent rejections, newest first, bounded. */
  readonly recentRejections: readonly Rejection[];
}

const RECENT = 20;

export const ingestStore = createStore<IngestState>()(() => ({ accepted: 0, acceptedBySource: {}, rejectedByReason: {}, recentRejections: [] }));

export function countAccepted(n: number): void {
  ingestStore.setState((s) => ({ accepted: s.accepted + n }));
}

/** One store update per batch; `accepted` itself is counted by the pipeline. */
export function countAcceptedBy(events: readonly TelemetryEvent[]): void {
  if (events.length === 0) return;
  ingestStore.setState((s) => {
    const by: Partial<Record<SourceId, { alert: number; metric: number }>> = { ...s.acceptedBySource };
    for (const e of events) {
      const prev = by[e.source] ?? { alert: 0, metric: 0 };
      by[e.source] = { ...prev, [e.kind]: prev[e.kind] + 1 };
    }
    return { acceptedBySource: by };
  });
}

export function countRejected(r: Rejection): void {
  ingestStore.setState((s) => ({
    rejectedByReason: { ...s.rejectedByReason, [r.reason]: (s.rejectedByReason[r.reason] ?? 0) + 1 },
    recentRejections: [r, ...s.recentRejections].slice(0, RECENT),
  }));
}

export function totalRejected(s: IngestState = ingestStore.getState()): number {
  return Object.values(s.rejectedByReason).reduce((a, b) => a + (b ?? 0), 0);
}

export function resetIngest(): void {
  ingestStore.setState({ accepted: 0, acceptedBySource: {}, rejectedByReason: {}, recentRejections: [] }, true);
}
