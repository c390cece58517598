// Applies the mixer to the engine and keeps it in the browser.
import type { AudioEngine } from '../audio/engine';
import { EARCON_CHANNELS } from '../audio/engine';
import { effectiveGains } from '../domain/mixer';
import { mixerStore } from '../store/mixer';
import { parseSavedMixer } from '../domain/saved-settings';
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

/** Loads what was kept; returns why anything was ignored. */
export function loadMixer(storage: Pick<Storage, 'getItem'> = localStorage): string | undefined {
  let raw: string | null = null;
  try {
    raw = storage.getItem(KEY);
  } catch {
    return 'mixer settings cannot be read (storage blocked)';
  }
  const { channels, error } = parseSavedMixer(raw);
  if (raw) mixerStore.setState({ channels });
  return error;
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
