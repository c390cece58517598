// Speech settings: how much is said aloud, and whether this browser can speak.
import { createStore } from 'zustand/vanilla';
import type { Verbosity } from '../audio/speech';

export interface SpeechState {
  readonly verbosity: Verbosity;
  readonly available: boolean;
}

export const speechStore = createStore<SpeechState>()(() => ({ verbosity: 'off', available: false }));

export function setVerbosity(verbosity: Verbosity): void {
  speechStore.setState({ verbosity });
}

export function resetSpeech(): void {
  speechStore.setState({ verbosity: 'off', available: false }, true);
}
