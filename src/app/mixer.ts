// Applies the mixer to the engine and keeps it in the browser.
import type { AudioEngine } from '../audio/engine';
import { EARCON_CHANNELS } from '../audio/engine';
import { effectiveGains } from '../domain/mixer';
import type { MixerSettings } from '../domain/mixer';
import { mixerStore } from '../store/mixer';
import { scoreStore } from '../store/score';

const KEY = 'singing-pager.mixer.v1';

/** Every channel the current score can sound on. */
export function channelIds(): string[] {
  const metrics = scoreStore.getState().active?.metrics ?? [];
  return [...EARCON_CHANNELS, 'storm', ...metrics.map((m) => `metric:${m.id}`)];
}

export function applyMixer(engine: AudioEngine): () => void {
  const apply = () => {
    const gains = effectiveGains(mixerStore.getState().channels, channelIds());
    for (const [id, g] of Object.entries(gains)) engine.setChannelGain(id as never, g);
  };
  apply();
  const a = mixerStore.subscribe(apply);
  const b = scoreStore.subscribe((s, prev) => {
    if (s.active !== prev.active) apply();
  });
  return () => {
    a();
    b();
  };
}

export function loadMixer(storage: Pick<Storage, 'getItem'> = localStorage): void {
  try {
    const raw = storage.getItem(KEY);
    const data: unknown = raw ? JSON.parse(raw) : null;
    if (!data || typeof data !== 'object' || Array.isArray(data)) return;
    const channels: Record<string, MixerSettings[string]> = {};
    for (const [id, v] of Object.entries(data as Record<string, unknown>)) {
      const c = v as Partial<MixerSettings[string]>;
      if (typeof c?.gain === 'number' && Number.isFinite(c.gain)) channels[id] = { gain: c.gain, muted: c.muted === true, solo: c.solo === true };
    }
    mixerStore.setState({ channels });
  } catch {
    /* corrupt settings are ignored */
  }
}

export function persistMixer(storage: Pick<Storage, 'setItem'> = localStorage): () => void {
  return mixerStore.subscribe((s) => {
    try {
      storage.setItem(KEY, JSON.stringify(s.channels));
    } catch {
      /* storage blocked: settings hold for this session */
    }
  });
}
