// The mixer's settings by channel ("critical", "storm", "metric:cpu", …).
import { createStore } from 'zustand/vanilla';
import type { ChannelSetting, MixerSettings } from '../domain/mixer';
import { DEFAULT_CHANNEL } from '../domain/mixer';

export const mixerStore = createStore<{ channels: MixerSettings }>()(() => ({ channels: {} }));

function update(id: string, change: Partial<ChannelSetting>): void {
  mixerStore.setState((s) => ({ channels: { ...s.channels, [id]: { ...DEFAULT_CHANNEL, ...s.channels[id], ...change } } }));
}

export const setChannelGain = (id: string, gain: number) => update(id, { gain: Math.min(2, Math.max(0, gain)) });
export const toggleMute = (id: string) => update(id, { muted: !mixerStore.getState().channels[id]?.muted });
export const toggleSolo = (id: string) => update(id, { solo: !mixerStore.getState().channels[id]?.solo });

export function resetMixer(): void {
  mixerStore.setState({ channels: {} }, true);
}
