// A training session: a replay source feeding a pipeline (the live code path, the
// same conductor and audio engine) whose recorder writes to training's own stores.
//
// Live and training never mix. While a replay plays or is paused mid-way, it holds
// the engine: live sounds pause (live events still land in the live stores and on
// the live console) and the metric bed is rebuilt, so no live hum lingers under the
// replay. When the replay ends or is closed, the engine goes back to live and the
// bed is rebuilt again for the live samples. Pausing rather than ducking: a trainee
// who hears any live sound cannot tell it from the exercise.
//
// The conductor runs on the wall clock, so the replay is never denser to the ear
// than the live console would allow (budgets fold the rest into the storm); the
// stores record scenario time.
import type { AudioEngine } from '../audio/engine';
import type { MetricEvent } from '../domain/events';
import type { QuizResult, QuizState } from '../domain/quiz';
import { answer as answerQuiz, createQuiz, currentQuestion, openAt, score as scoreQuiz } from '../domain/quiz';
import type { SeverityFamily } from '../domain/events';
import type { Scenario } from '../domain/scenario';
import { incidentMarkers } from '../domain/scenario';
import { QUIET_STORM } from '../domain/score/sounds';
import type { Score } from '../domain/score/types';
import type { Timers } from '../sources/connection';
import { realTimers } from '../sources/connection';
import type { ReplayBatch, ReplayPlayer, ReplayStatus } from '../sources/replay';
import { createReplayPlayer } from '../sources/replay';
import type { TrainingMode } from '../store/training';
import {
  applyTrainingAlerts,
  applyTrainingMetrics,
  clearTrainingData,
  recordHeard,
  setTraining,
  trainingMetricsStore,
  trainingStore,
} from '../store/training';
import type { Pipeline, PipelineRecorder } from './pipeline';
import { createPipeline } from './pipeline';

export interface SessionDeps {
  /** The audio engine, whoever holds it (null before audio may run). */
  readonly engine: () => AudioEngine | null;
  readonly score: () => Score;
  /** Takes the engine from live (true) or gives it back (false). */
  readonly hold: (held: boolean) => void;
  readonly timers?: Timers;
  /** performance.now()-like: events' receivedAt and quiz answer times. */
  readonly clock?: () => number;
  /** Wall clock for the conductor. */
  readonly now?: () => number;
  /** Repeats and the storm, as boot runs them for live. */
  readonly tickMs?: number;
  readonly onResult?: (result: QuizResult, scenario: Scenario) => void;
}

export interface SessionOptions {
  readonly speed?: number;
  readonly mode?: TrainingMode;
}

export interface TrainingSession {
  readonly scenario: Scenario;
  readonly player: ReplayPlayer;
  play(): void;
  pause(): void;
  seek(ms: number): void;
  setSpeed(speed: number): void;
  setScore(score: Score): void;
  /** The trainee's answer to the question open now. */
  answer(severity: SeverityFamily, choice: string): void;
  /** Scores the quiz now (unanswered questions are missed). */
  finish(): QuizResult | null;
  close(): void;
}

export function createTrainingSession(scenario: Scenario, opts: SessionOptions, deps: SessionDeps): TrainingSession {
  const timers = deps.timers ?? realTimers;
  const clock = deps.clock ?? (() => performance.now());
  const mode: TrainingMode = opts.mode === 'quiz' && scenario.quiz ? 'quiz' : 'replay';
  let held = false;
  let silent = false;
  let closed = false;
  let batchAt = 0;
  let tickTimer: unknown = null;
  let quiz: QuizState | null = mode === 'quiz' ? createQuiz(scenario) : null;

  const recorder: PipelineRecorder = {
    applyAlerts: (alerts) => applyTrainingAlerts(alerts, batchAt),
    applyMetrics: (metrics, _now, levels) => applyTrainingMetrics(metrics, batchAt, levels),
    countAccepted: () => {},
    countRejected: () => {},
  };
  const makePipeline = (): Pipeline =>
    createPipeline({
      engine: () => (held && !silent ? deps.engine() : null),
      score: deps.score(),
      recorder,
      // Rebuilding a state is silent and must not spend the voice budget either.
      isQuiet: () => silent,
      ...(deps.now && { now: deps.now }),
      onPlayed: (p) => recordHeard({ atMs: batchAt, channel: p.sound.channel, subject: p.sound.subject, reason: p.sound.reason }),
    });

  clearTrainingData();
  let pipeline = makePipeline();

  /** The bed as the replay left it: last values, sounding again after a rebuild. */
  const restoreVoices = () => {
    const at = clock();
    const last: MetricEvent[] = [...trainingMetricsStore.getState().byName.values()].map((m) => ({ kind: 'metric', name: m.name, value: m.value, source: 'replay', receivedAt: at }));
    if (last.length) pipeline.ingest(last);
  };
  const rebuildBed = () => deps.engine()?.setMetricVoices(deps.score().metrics);
  const take = () => {
    if (held) return;
    held = true;
    deps.hold(true);
    rebuildBed();
    restoreVoices();
  };
  const release = () => {
    if (!held) return;
    held = false;
    deps.hold(false);
    rebuildBed();
    deps.engine()?.setStorm(QUIET_STORM);
  };
  const tick = () => {
    tickTimer = timers.setTimeout(tick, deps.tickMs ?? 100);
    pipeline.tick();
  };
  const stopTicks = () => {
    if (tickTimer !== null) timers.clearTimeout(tickTimer);
    tickTimer = null;
  };

  const finish = (): QuizResult | null => {
    if (!quiz) return null;
    const result = scoreQuiz(quiz);
    if (trainingStore.getState().result === null) {
      setTraining({ result });
      deps.onResult?.(result, scenario);
    }
    return result;
  };
  const finishWhenDone = () => {
    if (quiz && player.status() === 'ended' && !currentQuestion(quiz)) finish();
  };

  const onBatch = (b: ReplayBatch) => {
    batchAt = b.atMs;
    pipeline.ingest(b.events);
    if (quiz) quiz = openAt(quiz, b.atMs, clock());
    setTraining({ positionMs: b.atMs, ...(quiz && { quiz }) });
  };
  const onSeek = (atMs: number, before: readonly ReplayBatch[]) => {
    // A fresh pipeline and stores, brought to the state just before atMs without a sound.
    clearTrainingData();
    pipeline = makePipeline();
    silent = true;
    for (const b of before) {
      batchAt = b.atMs;
      pipeline.ingest(b.events);
    }
    silent = false;
    batchAt = atMs;
    if (held && player.status() === 'playing') {
      rebuildBed();
      restoreVoices();
    }
    setTraining({ positionMs: atMs });
  };
  const onStatus = (s: ReplayStatus) => {
    setTraining({ status: s, positionMs: player.position() });
    if (s === 'playing') {
      if (held) restoreVoices(); // the bed went quiet at the pause
      else take();
      if (tickTimer === null) tick();
    } else {
      stopTicks();
      if (s === 'paused') rebuildBed(); // a paused replay is silent
      if (s === 'ended') {
        release();
        finishWhenDone();
      }
    }
  };

  const player = createReplayPlayer({ scenario, speed: opts.speed ?? 1, timers, clock, onBatch, onSeek, onStatus });
  setTraining({
    session: { id: scenario.id, title: scenario.title, description: scenario.description, durationMs: player.durationMs, markers: incidentMarkers(scenario), mode },
    status: player.status(),
    speed: player.speed(),
    positionMs: 0,
    quiz,
    result: null,
    error: undefined,
  });

  return {
    scenario,
    player,
    play: () => !closed && player.play(),
    pause: () => player.pause(),
    seek: (ms) => !closed && player.seek(ms),
    setSpeed(n) {
      player.setSpeed(n);
      setTraining({ speed: player.speed() });
    },
    setScore: (score) => pipeline.setScore(score),
    answer(severity, choice) {
      if (!quiz) return;
      quiz = answerQuiz(quiz, { severity, answer: choice, at: clock() });
      setTraining({ quiz });
      finishWhenDone();
    },
    finish,
    close() {
      if (closed) return;
      closed = true;
      player.dispose();
      stopTicks();
      release();
    },
  };
}
