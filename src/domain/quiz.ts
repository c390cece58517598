// The listening quiz: as each expected alert sounds, a question opens; the trainee
// names its severity and which alert (or service) it was, from a short list. Pure:
// times are passed in (ms on any one clock), so scoring is a unit test.
import type { SeverityFamily } from './events';
import type { Scenario, ScenarioQuiz } from './scenario';

export interface QuizQuestion {
  readonly index: number;
  /** Scenario ms the alert sounds at. */
  readonly atMs: number;
  readonly severity: SeverityFamily;
  readonly answer: string;
}

export interface GivenAnswer {
  readonly severity: SeverityFamily;
  readonly answer: string;
  /** Clock ms the trainee answered. */
  readonly at: number;
}

export interface QuizState {
  readonly ask: ScenarioQuiz['ask'];
  readonly choices: readonly string[];
  readonly questions: readonly QuizQuestion[];
  /** Clock ms each question opened (its alert sounded), by index. */
  readonly openedAt: Readonly<Record<number, number>>;
  readonly given: Readonly<Record<number, GivenAnswer>>;
}

export interface QuestionResult {
  readonly question: QuizQuestion;
  readonly given?: GivenAnswer;
  readonly severityRight: boolean;
  readonly answerRight: boolean;
  /** Sounded → answered, ms; absent when not answered. */
  readonly detectionMs?: number;
}

export interface QuizResult {
  readonly points: number;
  readonly maxPoints: number;
  readonly percent: number;
  readonly answered: number;
  readonly questions: readonly QuestionResult[];
  /** Mean over answered questions. */
  readonly meanDetectionMs?: number;
}

export const SEVERITIES: readonly SeverityFamily[] = ['critical', 'warning', 'info'];

export function createQuiz(s: Scenario): QuizState | null {
  if (!s.quiz) return null;
  const questions = s.quiz.expected
    .map((x) => ({ atMs: Math.round(x.at * 1000), severity: x.severity, answer: x.answer }))
    .sort((a, b) => a.atMs - b.atMs)
    .map((q, index) => ({ ...q, index }));
  return { ask: s.quiz.ask, choices: [...s.quiz.choices], questions, openedAt: {}, given: {} };
}

/** Opens every question whose alert sounds at scenario time `atMs`. */
export function openAt(q: QuizState, atMs: number, clock: number): QuizState {
  let openedAt: Record<number, number> | null = null;
  for (const x of q.questions) {
    if (x.atMs !== atMs || q.openedAt[x.index] !== undefined) continue;
    openedAt ??= { ...q.openedAt };
    openedAt[x.index] = clock;
  }
  return openedAt ? { ...q, openedAt } : q;
}

/** The question the trainee is answering now: the oldest one open and unanswered. */
export function currentQuestion(q: QuizState): QuizQuestion | undefined {
  return q.questions.find((x) => q.openedAt[x.index] !== undefined && q.given[x.index] === undefined);
}

/** Answers the current question; nothing happens when none is open. */
export function answer(q: QuizState, given: GivenAnswer): QuizState {
  const cur = currentQuestion(q);
  if (!cur) return q;
  return { ...q, given: { ...q.given, [cur.index]: given } };
}

/** True once every question has opened and been answered. */
export function isComplete(q: QuizState): boolean {
  return q.questions.every((x) => q.given[x.index] !== undefined);
}

export function score(q: QuizState): QuizResult {
  const questions = q.questions.map((question): QuestionResult => {
    const given = q.given[question.index];
    const opened = q.openedAt[question.index];
    return {
      question,
      ...(given && { given }),
      severityRight: given?.severity === question.severity,
      answerRight: given?.answer === question.answer,
      ...(given && opened !== undefined && { detectionMs: Math.max(0, given.at - opened) }),
    };
  });
  const points = questions.reduce((n, r) => n + (r.severityRight ? 1 : 0) + (r.answerRight ? 1 : 0), 0);
  const maxPoints = questions.length * 2;
  const times = questions.flatMap((r) => (r.detectionMs === undefined ? [] : [r.detectionMs]));
  return {
    points,
    maxPoints,
    percent: maxPoints === 0 ? 0 : Math.round((points / maxPoints) * 100),
    answered: times.length,
    questions,
    ...(times.length > 0 && { meanDetectionMs: Math.round(times.reduce((a, b) => a + b, 0) / times.length) }),
  };
}
