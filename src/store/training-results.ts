// Quiz results kept in the browser: newest first, bounded.
import { createStore } from 'zustand/vanilla';

export interface SavedResult {
  readonly scenarioId: string;
  readonly title: string;
  /** Wall-clock ms the quiz ended. */
  readonly at: number;
  readonly speed: number;
  readonly points: number;
  readonly maxPoints: number;
  readonly percent: number;
  readonly meanDetectionMs?: number;
  readonly questions: readonly {
    readonly expected: { readonly severity: string; readonly answer: string; readonly atMs: number };
    readonly given?: { readonly severity: string; readonly answer: string };
    readonly detectionMs?: number;
  }[];
}

export const MAX_RESULTS = 100;

export const resultsStore = createStore<{ results: readonly SavedResult[] }>()(() => ({ results: [] }));

export function addResult(r: SavedResult): void {
  resultsStore.setState((s) => ({ results: [r, ...s.results].slice(0, MAX_RESULTS) }));
}

export function setResults(results: readonly SavedResult[]): void {
  resultsStore.setState({ results: results.slice(0, MAX_RESULTS) });
}
