// A training scenario: a recorded timeline of alert and metric events, with what a
// trainee is expected to answer as each alert sounds. Validated with zod, because
// scenarios come from files, downloads and Prometheus history, never only from us.
import { z } from 'zod';
import type { AlertEvent, AlertState, MetricEvent, SeverityFamily, TelemetryEvent } from './events';
import { severityFamily } from './events';
import { alertIdentity } from './identity';
import { transitionFor } from './lifecycle';

export const SCENARIO_ID = /^[a-z0-9][a-z0-9-]{0,63}$/;
/** A day of events is plenty for training and bounds what a file can ask of the page. */
export const MAX_SCENARIO_SECONDS = 86_400;
export const MAX_SCENARIO_EVENTS = 50_000;

const name = z.string().min(1).max(256);
const labels = z.record(z.string().max(128), z.string().max(1024));
const at = z.number().finite().min(0);

const alertEventSchema = z
  .object({
    at,
    kind: z.literal('alert'),
    name,
    severity: z.string().max(32).default('info'),
    state: z.enum(['firing', 'pending', 'resolved']).default('firing'),
    labels: labels.default({}),
    annotations: labels.default({}),
    value: z.number().finite().optional(),
    id: z.string().max(256).optional(),
  })
  .strict();

const metricEventSchema = z.object({ at, kind: z.literal('metric'), name, value: z.number().finite() }).strict();

export const scenarioEventSchema = z.discriminatedUnion('kind', [alertEventSchema, metricEventSchema]);

const quizSchema = z
  .object({
    /** What the trainee names for each alert: the alert itself, or the service it is on. */
    ask: z.enum(['alert', 'service']).default('alert'),
    /** The short list offered; every expected answer is on it. */
    choices: z.array(z.string().min(1).max(128)).min(1).max(12),
    expected: z.array(z.object({ at, severity: z.enum(['critical', 'warning', 'info']), answer: z.string().min(1).max(128) }).strict()).min(1).max(50),
  })
  .strict();

export const scenarioSchema = z
  .object({
    version: z.literal(1).default(1),
    id: z.string().regex(SCENARIO_ID, 'lower-case letters, digits and dashes'),
    title: z.string().min(1).max(200),
    description: z.string().max(4000).default(''),
    durationSeconds: z.number().finite().positive().max(MAX_SCENARIO_SECONDS),
    events: z.array(scenarioEventSchema).max(MAX_SCENARIO_EVENTS),
    quiz: quizSchema.optional(),
  })
  .strict()
  .superRefine((s, ctx) => {
    s.events.forEach((e, i) => {
      if (e.at > s.durationSeconds) ctx.addIssue({ code: 'custom', path: ['events', i, 'at'], message: `after the end (${s.durationSeconds} s)` });
    });
    if (!s.quiz) return;
    // Each expected answer must be an alert that really fires then, as described.
    const pool = s.events.filter((e): e is ScenarioAlert => e.kind === 'alert' && e.state === 'firing');
    const used = new Set<number>();
    s.quiz.expected.forEach((x, i) => {
      if (!s.quiz!.choices.includes(x.answer)) ctx.addIssue({ code: 'custom', path: ['quiz', 'expected', i, 'answer'], message: `"${x.answer}" is not among the choices` });
      const j = pool.findIndex((e, k) => !used.has(k) && e.at === x.at && severityFamily(e.severity) === x.severity && answerOf(e, s.quiz!.ask) === x.answer);
      if (j < 0) ctx.addIssue({ code: 'custom', path: ['quiz', 'expected', i], message: `no ${x.severity} alert "${x.answer}" fires at ${x.at} s` });
      else used.add(j);
    });
  });

export type Scenario = z.infer<typeof scenarioSchema>;
export type ScenarioEvent = z.infer<typeof scenarioEventSchema>;
export type ScenarioAlert = Extract<ScenarioEvent, { kind: 'alert' }>;
export type ScenarioQuiz = NonNullable<Scenario['quiz']>;
export type QuizAsk = ScenarioQuiz['ask'];

/** The index of shipped scenarios (public/scenarios/index.json). */
export const scenarioIndexSchema = z
  .array(z.object({ id: z.string().regex(SCENARIO_ID), title: z.string().max(200), description: z.string().max(4000).optional(), durationSeconds: z.number().optional() }).loose())
  .max(500);
export type ScenarioIndexEntry = z.infer<typeof scenarioIndexSchema>[number];

export type ParsedScenario = { ok: true; scenario: Scenario } | { ok: false; error: string };

/** Validates and normalises (events in time order, stable). */
export function parseScenario(data: unknown): ParsedScenario {
  const r = scenarioSchema.safeParse(data);
  if (!r.success) {
    const issue = r.error.issues[0];
    const path = issue?.path.length ? issue.path.map((p) => String(p).slice(0, 40)).join('.').slice(0, 120) : '(root)';
    // Path and reason are cut apart, so a huge key can never crowd the reason out.
    return { ok: false, error: `scenario: ${path}: ${(issue?.message ?? 'invalid').slice(0, 160)}` };
  }
  const events = r.data.events.map((e, i) => [e, i] as const).sort((a, b) => a[0].at - b[0].at || a[1] - b[1]).map(([e]) => e);
  return { ok: true, scenario: { ...r.data, events } };
}

/** What a quiz answer names for an alert: its name, or its service (else instance). */
export function answerOf(e: Pick<ScenarioAlert, 'name' | 'labels'>, ask: QuizAsk): string {
  return ask === 'alert' ? e.name : (e.labels.service ?? e.labels.instance ?? e.name);
}

/** Events that happen at the same time form one batch, as one MQTT message or poll would. */
export interface TimelineBatch {
  readonly atMs: number;
  readonly events: readonly ScenarioEvent[];
}

export function timelineOf(s: Scenario): TimelineBatch[] {
  const out: TimelineBatch[] = [];
  for (const e of s.events) {
    const atMs = Math.round(e.at * 1000);
    const last = out[out.length - 1];
    if (last && last.atMs === atMs) (last.events as ScenarioEvent[]).push(e);
    else out.push({ atMs, events: [e] });
  }
  return out;
}

/** The one event model, as a live source would have produced it. */
export function toTelemetry(e: ScenarioEvent, receivedAt: number): TelemetryEvent {
  if (e.kind === 'metric') {
    const m: MetricEvent = { kind: 'metric', name: e.name, value: e.value, source: 'replay', receivedAt };
    return m;
  }
  const a: AlertEvent = {
    kind: 'alert',
    id: alertIdentity(e.name, e.labels, e.id),
    name: e.name,
    severity: e.severity.toLowerCase(),
    state: e.state,
    labels: e.labels,
    annotations: e.annotations,
    source: 'replay',
    receivedAt,
    ...(e.value !== undefined && { value: e.value }),
  };
  return a;
}

export interface IncidentMarker {
  readonly atMs: number;
  readonly kind: 'firing' | 'resolved';
  readonly severity: SeverityFamily;
  readonly name: string;
}

/** Where the progress bar marks the incident: each alert's start and end, as the console would see them. */
export function incidentMarkers(s: Scenario): IncidentMarker[] {
  const states = new Map<string, AlertState>();
  const out: IncidentMarker[] = [];
  for (const e of s.events) {
    if (e.kind !== 'alert') continue;
    const id = alertIdentity(e.name, e.labels, e.id);
    const t = transitionFor(states.get(id), e.state);
    if (t === 'ignored') continue;
    states.set(id, e.state);
    if (t === 'new' || t === 'resolved') out.push({ atMs: Math.round(e.at * 1000), kind: t === 'new' ? 'firing' : 'resolved', severity: severityFamily(e.severity), name: e.name });
  }
  return out;
}

/** A quiz for a timeline that has none: the first firing of each alert, named from the alerts heard. */
export function autoQuiz(events: readonly ScenarioEvent[], ask: QuizAsk = 'alert'): ScenarioQuiz | undefined {
  const seen = new Set<string>();
  const expected: ScenarioQuiz['expected'] = [];
  for (const e of events) {
    if (e.kind !== 'alert' || e.state !== 'firing') continue;
    const answer = answerOf(e, ask).slice(0, 128);
    if (seen.has(answer)) continue;
    seen.add(answer);
    expected.push({ at: e.at, severity: severityFamily(e.severity), answer });
    if (expected.length >= 12) break;
  }
  if (expected.length === 0) return undefined;
  return { ask, choices: [...seen], expected };
}
