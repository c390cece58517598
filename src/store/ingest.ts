// What came in and what was turned away, by reason — shown so bad input is visible.
import { createStore } from 'zustand/vanilla';
import type { RejectReason, Rejection } from '../domain/events';

export interface IngestState {
  readonly accepted: number;
  readonly rejectedByReason: Readonly<Partial<Record<RejectReason, number>>>;
  /** The most recent rejections, newest first, bounded. */
  readonly recentRejections: readonly Rejection[];
}

const RECENT = 20;

export const ingestStore = createStore<IngestState>()(() => ({ accepted: 0, rejectedByReason: {}, recentRejections: [] }));

export function countAccepted(n: number): void {
  ingestStore.setState((s) => ({ accepted: s.accepted + n }));
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
  ingestStore.setState({ accepted: 0, rejectedByReason: {}, recentRejections: [] }, true);
}
