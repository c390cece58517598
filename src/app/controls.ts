// The listener's own controls that are not the mixer or attention: master volume
// and speech. Loaded before sound starts and kept in the browser.
import { setMasterVolume, settingsStore } from '../store/settings';
import { startAttentionUpkeep } from './attention';
import { loadSpeech, startSpeech } from './speech';

const VOLUME_KEY = 'singing-pager.volume.v1';

export function loadMasterVolume(storage: Pick<Storage, 'getItem'> = localStorage): void {
  try {
    const v = Number(storage.getItem(VOLUME_KEY) ?? NaN);
    if (Number.isFinite(v)) setMasterVolume(v);
  } catch {
    /* storage blocked: the default holds */
  }
}

export function persistMasterVolume(storage: Pick<Storage, 'setItem'> = localStorage): () => void {
  return settingsStore.subscribe((s, prev) => {
    if (s.masterVolume === prev.masterVolume) return;
    try {
      storage.setItem(VOLUME_KEY, String(s.masterVolume));
    } catch {
      /* storage blocked: the volume holds for this session */
    }
  });
}

/** Everything boot needs for the controls, in one call. */
export function startControls(): void {
  loadMasterVolume();
  persistMasterVolume();
  loadSpeech();
  startSpeech();
  startAttentionUpkeep();
}
