// The console's incident drill: idle, running (which step), or what went wrong.
import { createStore } from 'zustand/vanilla';

export interface DrillState {
  readonly running: boolean;
  readonly step?: string;
  readonly startedAt?: number;
  readonly error?: string;
}

export const drillStore = createStore<DrillState>()(() => ({ running: false }));

export function setDrill(s: DrillState): void {
  drillStore.setState(s, true);
}
