// The app's one training session at a time, wired to the live engine, the score in
// force and the browser: scenarios from public/scenarios/, results kept in
// localStorage. The UI calls these; nothing here imports React.
import type { QuizResult } from '../domain/quiz';
import type { Scenario, ScenarioIndexEntry } from '../domain/scenario';
import { SCENARIO_ID, parseScenario, scenarioIndexSchema } from '../domain/scenario';
import type { SeverityFamily } from '../domain/events';
import { settingsStore } from '../store/settings';
import { scoreStore } from '../store/score';
import type { TrainingMode } from '../store/training';
import { resetTraining, setTraining, trainingStore } from '../store/training';
import type { SavedResult } from '../store/training-results';
import { addResult, resultsStore, setResults } from '../store/training-results';
import { enableSound } from './audio';
import { downloadJson } from './download';
import { getAudioEngine, holdEngineForTraining } from './engine-ref';
import { defaultScore, onScoreChange } from './score-loader';
import type { TrainingSession } from './training';
import { createTrainingSession } from './training';

const RESULTS_KEY = 'singing-pager.training-results.v1';

let session: TrainingSession | null = null;
let unsubscribeScore: (() => void) | null = null;

export function getTrainingSession(): TrainingSession | null {
  return session;
}

function activeScore() {
  return scoreStore.getState().active ?? defaultScore().score;
}

export function startTraining(scenario: Scenario, opts: { speed?: number; mode?: TrainingMode } = {}): TrainingSession {
  closeTraining();
  const s = createTrainingSession(scenario, opts, {
    engine: getAudioEngine,
    score: activeScore,
    hold: holdEngineForTraining,
    now: () => Date.now(),
    onResult: (r, sc) => saveResult(r, sc, s.player.speed()),
  });
  session = s;
  unsubscribeScore = onScoreChange((score) => s.setScore(score));
  return s;
}

export function closeTraining(): void {
  session?.close();
  session = null;
  unsubscribeScore?.();
  unsubscribeScore = null;
  resetTraining();
}

/** Play from a click: audio may still need its gesture. */
export async function playTraining(): Promise<void> {
  if (!session) return;
  if (settingsStore.getState().audio !== 'running') await enableSound();
  session.play();
}

export function answerTraining(severity: SeverityFamily, choice: string): void {
  session?.answer(severity, choice);
}

async function fetchJson(path: string, fetchFn: typeof fetch): Promise<unknown> {
  const res = await fetchFn(new URL(path, document.baseURI).href, { cache: 'no-store' });
  if (!res.ok) throw new Error(`${path}: HTTP ${res.status}`);
  return res.json();
}

export async function loadScenarioIndex(fetchFn: typeof fetch = fetch): Promise<ScenarioIndexEntry[]> {
  const r = scenarioIndexSchema.safeParse(await fetchJson('scenarios/index.json', fetchFn));
  if (!r.success) throw new Error('scenarios/index.json is not a list of { id, title }');
  return r.data;
}

export async function loadScenario(id: string, fetchFn: typeof fetch = fetch): Promise<Scenario> {
  // The id becomes a path: only plain ids, never "../" or a URL.
  if (!SCENARIO_ID.test(id)) throw new Error(`"${id.slice(0, 64)}" is not a scenario id`);
  return scenarioFrom(await fetchJson(`scenarios/${id}.json`, fetchFn));
}

export function scenarioFrom(data: unknown): Scenario {
  const r = parseScenario(data);
  if (!r.ok) throw new Error(r.error);
  return r.scenario;
}

export function reportTrainingError(message: string): void {
  setTraining({ error: message });
}

function saveResult(r: QuizResult, s: Scenario, speed: number): void {
  addResult({
    scenarioId: s.id,
    title: s.title,
    at: Date.now(),
    speed,
    points: r.points,
    maxPoints: r.maxPoints,
    percent: r.percent,
    ...(r.meanDetectionMs !== undefined && { meanDetectionMs: r.meanDetectionMs }),
    questions: r.questions.map((q) => ({
      expected: { severity: q.question.severity, answer: q.question.answer, atMs: q.question.atMs },
      ...(q.given && { given: { severity: q.given.severity, answer: q.given.answer } }),
      ...(q.detectionMs !== undefined && { detectionMs: q.detectionMs }),
    })),
  });
  try {
    localStorage.setItem(RESULTS_KEY, JSON.stringify(resultsStore.getState().results));
  } catch {
    /* storage full or blocked: the results hold for this session */
  }
}

export function loadResults(storage: Pick<Storage, 'getItem'> = localStorage): void {
  try {
    const data: unknown = JSON.parse(storage.getItem(RESULTS_KEY) ?? '[]');
    if (Array.isArray(data)) setResults(data.filter((x): x is SavedResult => typeof x === 'object' && x !== null && typeof (x as SavedResult).scenarioId === 'string'));
  } catch {
    /* a corrupt entry is ignored */
  }
}

export function exportResults(): void {
  downloadJson(resultsStore.getState().results, `singing-pager-training-results-${new Date().toISOString().slice(0, 10)}.json`);
}

export function clearResults(storage: Pick<Storage, 'removeItem'> = localStorage): void {
  setResults([]);
  try {
    storage.removeItem(RESULTS_KEY);
  } catch {
    /* nothing kept */
  }
}

/** True while a session is open (the banner shows). */
export function trainingOpen(): boolean {
  return trainingStore.getState().session !== null;
}
