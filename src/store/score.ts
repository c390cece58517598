// The score in force, where it came from, and the errors of the last attempt to
// change it. A bad score never replaces the good one in force.
import { createStore } from 'zustand/vanilla';
import type { ScoreError } from '../domain/score/parse';
import type { Score } from '../domain/score/types';

export type ScoreOrigin = 'preset' | 'file' | 'url' | 'custom';

export interface ScoreState {
  readonly active: Score | null;
  /** The YAML text of the active score. */
  readonly text: string;
  readonly origin: ScoreOrigin;
  /** Errors of the last rejected change (empty when the last change was good). */
  readonly errors: readonly ScoreError[];
}

export const scoreStore = createStore<ScoreState>()(() => ({ active: null, text: '', origin: 'preset', errors: [] }));

export function setActiveScore(active: Score, text: string, origin: ScoreOrigin): void {
  scoreStore.setState({ active, text, origin, errors: [] });
}

export function setScoreErrors(errors: readonly ScoreError[]): void {
  scoreStore.setState({ errors });
}

export function resetScore(): void {
  scoreStore.setState({ active: null, text: '', origin: 'preset', errors: [] }, true);
}
