// Where the score comes from: a built-in preset, public/score.yaml, a URL, or the
// user's own edit saved in the browser. Switching is instant; a bad score is
// reported with its lines and the good one keeps playing.
import ambient from '../presets/ambient.yaml?raw';
import classic from '../presets/classic.yaml?raw';
import sonar from '../presets/sonar.yaml?raw';
import { parseScore } from '../domain/score/parse';
import type { Score } from '../domain/score/types';
import type { ScoreOrigin } from '../store/score';
import { scoreStore, setActiveScore, setScoreErrors } from '../store/score';

export const PRESETS = { ambient, classic, sonar } as const;
export type PresetName = keyof typeof PRESETS;
export const PRESET_NAMES = Object.keys(PRESETS) as PresetName[];
export const SAVED_SCORE_KEY = 'singing-pager.score.v1';
export const SAVED_PRESET_KEY = 'singing-pager.preset.v1';

export function isPresetName(s: string): s is PresetName {
  return Object.prototype.hasOwnProperty.call(PRESETS, s);
}

/** The built-in default; its validity is a unit test, so this never fails. */
export function defaultScore(): { score: Score; text: string } {
  const r = parseScore(ambient);
  if (!r.ok) throw new Error('the ambient preset does not parse');
  return { score: r.score, text: ambient };
}

type Listener = (score: Score) => void;
const listeners = new Set<Listener>();

export function onScoreChange(fn: Listener): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

/** Parses and, when valid, puts the score in force. Returns whether it did. */
export function applyScoreText(text: string, origin: ScoreOrigin): boolean {
  const r = parseScore(text);
  if (!r.ok) {
    setScoreErrors(r.errors);
    return false;
  }
  setActiveScore(r.score, text, origin);
  for (const fn of listeners) fn(r.score);
  return true;
}

export function applyPreset(name: PresetName): boolean {
  return applyScoreText(PRESETS[name], 'preset');
}

/** The listener's choice of preset: remembered, and it replaces any saved custom score. */
export function choosePreset(name: PresetName, storage: Pick<Storage, 'setItem' | 'removeItem'> = localStorage): boolean {
  if (!applyPreset(name)) return false;
  try {
    storage.removeItem(SAVED_SCORE_KEY);
    storage.setItem(SAVED_PRESET_KEY, name);
  } catch {
    /* storage blocked: the choice holds for this session */
  }
  return true;
}

export function saveCustomScore(text: string, storage: Pick<Storage, 'setItem' | 'removeItem'> = localStorage): void {
  try {
    storage.removeItem(SAVED_PRESET_KEY);
    storage.setItem(SAVED_SCORE_KEY, text);
  } catch {
    setScoreErrors([{ line: 0, column: 0, field: '', message: 'the browser would not store the score (storage full or blocked)' }]);
  }
}

export function clearCustomScore(storage: Pick<Storage, 'removeItem'> = localStorage): void {
  try {
    storage.removeItem(SAVED_SCORE_KEY);
  } catch {
    /* nothing saved, nothing to clear */
  }
}

/**
 * The first score: URL `score=` (a preset name or a URL of a YAML file) wins, so a
 * shared link plays what it says; then the user's saved score or chosen preset;
 * then the deploy's public/score.yaml; then the built-in ambient preset.
 */
export async function loadInitialScore(param: string | undefined, fetchFn: typeof fetch = fetch): Promise<void> {
  const fallback = defaultScore();
  setActiveScore(fallback.score, fallback.text, 'preset');
  if (param && isPresetName(param)) {
    applyPreset(param);
    return;
  }
  if (param) {
    const text = await fetchText(param, fetchFn);
    if (text === null || !applyScoreText(text, 'url')) {
      const prev = scoreStore.getState().errors;
      setScoreErrors([{ line: 0, column: 0, field: 'score', message: `score=${param.slice(0, 100)} could not be used; playing ${scoreStore.getState().active?.name}` }, ...prev]);
    }
    return;
  }
  let saved: string | null = null;
  let preset: string | null = null;
  try {
    saved = localStorage.getItem(SAVED_SCORE_KEY);
    preset = localStorage.getItem(SAVED_PRESET_KEY);
  } catch {
    saved = null;
  }
  if (saved && applyScoreText(saved, 'custom')) return;
  if (preset && isPresetName(preset) && applyPreset(preset)) return;
  const file = await fetchText(new URL('score.yaml', document.baseURI).href, fetchFn);
  if (file !== null) applyScoreText(file, 'file');
}

async function fetchText(url: string, fetchFn: typeof fetch): Promise<string | null> {
  try {
    const res = await fetchFn(new URL(url, document.baseURI).href, { cache: 'no-store' });
    return res.ok ? await res.text() : null;
  } catch {
    return null;
  }
}
