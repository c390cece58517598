// Where the score comes from: a built-in preset, public/score.yaml, a URL, or the
// user's own edit saved in the browser. Switching is instant; a bad score is
// reported with its lines and the good one keeps playing.
// The presets and public/score.yaml are compiled at build time (scripts/precompiled-scores.ts),
// so the usual start needs neither the YAML parser nor zod; any other text loads them.
import * as ambient from '../presets/ambient.yaml?score';
import * as classic from '../presets/classic.yaml?score';
import * as sonar from '../presets/sonar.yaml?score';
import deployed from 'virtual:deployed-score';
import type { ScoreResult } from '../domain/score/parse';
import type { Score } from '../domain/score/types';
import type { ScoreOrigin } from '../store/score';
import { scoreStore, setActiveScore, setScoreErrors } from '../store/score';

const COMPILED = { ambient, classic, sonar } as const;
export const PRESETS = { ambient: ambient.text, classic: classic.text, sonar: sonar.text } as const;
export type PresetName = keyof typeof PRESETS;
export const PRESET_NAMES = Object.keys(PRESETS) as PresetName[];
export const SAVED_SCORE_KEY = 'singing-pager.score.v1';
export const SAVED_PRESET_KEY = 'singing-pager.preset.v1';

export function isPresetName(s: string): s is PresetName {
  return Object.prototype.hasOwnProperty.call(PRESETS, s);
}

/** The built-in default; the build checked it, so this never fails. */
export function defaultScore(): { score: Score; text: string } {
  return { score: ambient.score(), text: ambient.text };
}

/** The parser (yaml + zod), loaded the first time a text that was not compiled at build time comes. */
export const loadScoreParser = (): Promise<(text: string) => ScoreResult> => import('../domain/score/parse').then((m) => m.parseScore);

/** A text compiled at build time parses to the same score: no need to parse it again. */
function compiled(text: string): Score | null {
  for (const c of [ambient, classic, sonar, deployed]) if (c && c.text === text) return c.score();
  return null;
}

type Listener = (score: Score) => void;
const listeners = new Set<Listener>();

export function onScoreChange(fn: Listener): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

/** Puts a parsed score in force, or reports its errors. Returns whether it did. */
export function applyScoreResult(text: string, r: ScoreResult, origin: ScoreOrigin): boolean {
  if (!r.ok) {
    setScoreErrors(r.errors);
    return false;
  }
  setActiveScore(r.score, text, origin);
  for (const fn of listeners) fn(r.score);
  return true;
}

/** Parses and, when valid, puts the score in force. Resolves to whether it did. */
export async function applyScoreText(text: string, origin: ScoreOrigin): Promise<boolean> {
  const score = compiled(text);
  if (score) return applyScoreResult(text, { ok: true, score }, origin);
  const parse = await loadScoreParser();
  return applyScoreResult(text, parse(text), origin);
}

export function applyPreset(name: PresetName): boolean {
  return applyScoreResult(PRESETS[name], { ok: true, score: COMPILED[name].score() }, 'preset');
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
    if (text === null || !(await applyScoreText(text, 'url'))) {
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
  if (saved && (await applyScoreText(saved, 'custom'))) return;
  if (preset && isPresetName(preset) && applyPreset(preset)) return;
  const file = await fetchText(new URL('score.yaml', document.baseURI).href, fetchFn);
  if (file !== null) await applyScoreText(file, 'file');
}

async function fetchText(url: string, fetchFn: typeof fetch): Promise<string | null> {
  try {
    const res = await fetchFn(new URL(url, document.baseURI).href, { cache: 'no-store' });
    return res.ok ? await res.text() : null;
  } catch {
    return null;
  }
}
