// How each PromQL voice fares: series found, voiced (within the budget), or the
// query's error — so a typo in a score is visible, not just silent.
import { createStore } from 'zustand/vanilla';

export interface PromqlVoiceStatus {
  readonly query: string;
  readonly series: number;
  readonly voiced: number;
  readonly error?: string;
}

export interface PromqlState {
  readonly byVoice: ReadonlyMap<string, PromqlVoiceStatus>;
}

export const promqlStore = createStore<PromqlState>()(() => ({ byVoice: new Map() }));

export function setPromqlStatus(byVoice: ReadonlyMap<string, PromqlVoiceStatus>): void {
  promqlStore.setState({ byVoice });
}

export function resetPromql(): void {
  promqlStore.setState({ byVoice: new Map() }, true);
}
