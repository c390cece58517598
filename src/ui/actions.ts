// Every user action is registered once; buttons and keyboard shortcuts both call it.
import { enableSound } from '../app/audio';
import { setMasterVolume, settingsStore } from '../store/settings';
import { SOUND_ACTIONS } from './sound/sound-actions';
import { TRAINING_ACTIONS } from './training/training-actions';
import { toggleView } from './view';

export interface Action {
  readonly id: string;
  readonly label: string;
  /** KeyboardEvent.key that triggers it. */
  readonly key: string;
  run(): void;
}

let volumeBeforeMute = 0.8;

export const ACTIONS: readonly Action[] = [
  { id: 'enable-sound', label: 'Enable sound', key: 's', run: () => void enableSound() },
  {
    id: 'toggle-mute',
    label: 'Mute / unmute everything (master)',
    key: 'm',
    run: () => {
      const v = settingsStore.getState().masterVolume;
      if (v > 0) {
        volumeBeforeMute = v;
        setMasterVolume(0);
      } else setMasterVolume(volumeBeforeMute || 0.8);
    },
  },
  { id: 'volume-up', label: 'Master volume up', key: '+', run: () => setMasterVolume(settingsStore.getState().masterVolume + 0.1) },
  { id: 'volume-down', label: 'Master volume down', key: '-', run: () => setMasterVolume(settingsStore.getState().masterVolume - 0.1) },
  { id: 'toggle-health', label: 'Console / Health view', key: 'h', run: toggleView },
  ...SOUND_ACTIONS,
  ...TRAINING_ACTIONS,
];

export function runAction(id: string): void {
  ACTIONS.find((a) => a.id === id)?.run();
}

const NON_TEXT_INPUTS = ['checkbox', 'radio', 'range', 'button', 'submit', 'reset'];

/** Installs the keyboard shortcuts; ignores keys typed into form fields. */
export function installShortcuts(target: Window = window): () => void {
  const onKey = (e: KeyboardEvent) => {
    const el = e.target as HTMLElement | null;
    if (el && (el.isContentEditable || ['TEXTAREA', 'SELECT'].includes(el.tagName))) return;
    // Checkboxes, radios and sliders take no letters: shortcuts still work on them.
    if (el?.tagName === 'INPUT' && !NON_TEXT_INPUTS.includes((el as HTMLInputElement).type)) return;
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    const action = ACTIONS.find((a) => a.key === e.key);
    if (action) {
      e.preventDefault();
      action.run();
    }
  };
  target.addEventListener('keydown', onKey);
  return () => target.removeEventListener('keydown', onKey);
}
