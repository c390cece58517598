// Event-to-sound latency as the console itself sees it: message received →
// sound onset scheduled on the audio clock. The recent samples feed the panels;
// every sample also lands in the pushed histogram.
import { createStore } from 'zustand/vanilla';
import { selfMetrics } from './self-metrics';

export interface LatencyState {
  readonly count: number;
  /** Most recent samples in ms, newest last, bounded. */
  readonly recent: readonly number[];
}

const KEEP = 512;

export const latencyStore = createStore<LatencyState>()(() => ({ count: 0, recent: [] }));

export function recordLatency(ms: number): void {
  if (!Number.isFinite(ms)) return;
  selfMetrics.eventToSound.observe(undefined, Math.max(0, ms) / 1000);
  latencyStore.setState((s) => ({ count: s.count + 1, recent: [...s.recent.slice(-(KEEP - 1)), ms] }));
}

export function quantile(samples: readonly number[], q: number): number | undefined {
  if (samples.length === 0) return undefined;
  const sorted = [...samples].sort((a, b) => a - b);
  const idx = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[idx];
}

export function resetLatency(): void {
  latencyStore.setState({ count: 0, recent: [] }, true);
}
