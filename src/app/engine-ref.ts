// The one live engine, null until audio may run; sources keep flowing meanwhile.
import type { AudioEngine } from '../audio/engine';

let current: AudioEngine | null = null;

export function getEngine(): AudioEngine | null {
  return current;
}

export function setEngine(e: AudioEngine | null): void {
  current = e;
}
