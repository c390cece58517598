// Resolved configuration, its errors, and the audio engine's state.
import { createStore } from 'zustand/vanilla';
import type { Config, ConfigError } from '../domain/config';
import { DEFAULT_CONFIG } from '../domain/config';

export type AudioStatus = 'starting' | 'running' | 'needs-gesture' | 'suspended' | 'failed';

export interface SettingsState {
  readonly config: Config;
  readonly configErrors: readonly ConfigError[];
  readonly audio: AudioStatus;
  readonly audioError?: string;
  readonly masterVolume: number;
}

export const settingsStore = createStore<SettingsState>()(() => ({
  config: DEFAULT_CONFIG,
  configErrors: [],
  audio: 'starting',
  masterVolume: 0.8,
}));

export function setConfig(config: Config, configErrors: readonly ConfigError[]): void {
  settingsStore.setState({ config, configErrors });
}

export function setAudioStatus(audio: AudioStatus, audioError?: string): void {
  settingsStore.setState(audioError === undefined ? { audio, audioError: undefined } : { audio, audioError });
}

export function setMasterVolume(v: number): void {
  settingsStore.setState({ masterVolume: Math.min(1, Math.max(0, v)) });
}

export function resetSettings(): void {
  settingsStore.setState({ config: DEFAULT_CONFIG, configErrors: [], audio: 'starting', masterVolume: 0.8, audioError: undefined }, true);
}
