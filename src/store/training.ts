// Training's own stores: what a replay has shown and played, kept apart from the
// live ones so a replay never mixes with live alerts. Same shapes as the live
// alerts and metrics stores, so views can read either. Times are scenario ms.
import { createStore } from 'zustand/vanilla';
import type { AlertEvent, MetricEvent } from '../domain/events';
import type { AlertTransition } from '../domain/lifecycle';
import { transitionFor } from '../domain/lifecycle';
import type { QuizResult, QuizState } from '../domain/quiz';
import type { IncidentMarker } from '../domain/scenario';
import type { ReplayStatus } from '../sources/replay';
import type { AlertsState } from './alerts';
import type { MetricsState } from './metrics';

export type TrainingMode = 'replay' | 'quiz';

export interface TrainingSessionInfo {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly durationMs: number;
  readonly markers: readonly IncidentMarker[];
  readonly mode: TrainingMode;
}

export interface HeardSound {
  readonly seq: number;
  /** Scenario ms. */
  readonly atMs: number;
  readonly channel: string;
  readonly subject: string;
  readonly reason: string;
}

export interface TrainingState {
  readonly session: TrainingSessionInfo | null;
  readonly status: ReplayStatus;
  readonly speed: number;
  /** Scenario ms at the last batch, seek or status change; the UI reads the player for in-between. */
  readonly positionMs: number;
  readonly quiz: QuizState | null;
  readonly result: QuizResult | null;
  /** Newest first, bounded. */
  readonly heard: readonly HeardSound[];
  readonly lastByChannel: Readonly<Record<string, number>>;
  readonly error?: string;
}

const MAX_HEARD = 50;
const MAX_TRAINING_ALERTS = 2000;
const MAX_TRAINING_METRICS = 64;

const IDLE: TrainingState = { session: null, status: 'ready', speed: 1, positionMs: 0, quiz: null, result: null, heard: [], lastByChannel: {} };

export const trainingStore = createStore<TrainingState>()(() => IDLE);
export const trainingAlertsStore = createStore<AlertsState>()(() => ({ byId: new Map() }));
export const trainingMetricsStore = createStore<MetricsState>()(() => ({ byName: new Map() }));

export function setTraining(patch: Partial<TrainingState>): void {
  trainingStore.setState(patch);
}

export function recordHeard(h: Omit<HeardSound, 'seq'>): void {
  trainingStore.setState((s) => ({
    heard: [{ ...h, seq: (s.heard[0]?.seq ?? 0) + 1 }, ...s.heard].slice(0, MAX_HEARD),
    lastByChannel: { ...s.lastByChannel, [h.channel]: h.atMs },
  }));
}

/** The live store's lifecycle, on training's store; `at` is scenario ms. */
export function applyTrainingAlerts(events: readonly AlertEvent[], at: number): AlertTransition[] {
  const byId = new Map(trainingAlertsStore.getState().byId);
  const out = events.map((e) => {
    const prev = byId.get(e.id);
    const t = transitionFor(prev?.state, e.state);
    if (t === 'ignored') return t;
    byId.delete(e.id);
    if (t === 'withdrawn') return t;
    byId.set(e.id, {
      id: e.id,
      name: e.name,
      severity: e.severity,
      state: e.state,
      labels: prev ? { ...prev.labels, ...e.labels } : e.labels,
      annotations: prev ? { ...prev.annotations, ...e.annotations } : e.annotations,
      source: 'replay',
      ...((e.value ?? prev?.value) !== undefined && { value: e.value ?? prev?.value }),
      since: t === 'new' || t === 'pending' ? at : (prev?.since ?? at),
      lastSeen: at,
      ...(t === 'resolved' && { resolvedAt: at }),
      repeats: t === 'repeat' ? (prev?.repeats ?? 0) + 1 : 0,
    });
    return t;
  });
  // Oldest first in Map order: drop the oldest resolved beyond the bound.
  for (const [id, rec] of byId) {
    if (byId.size <= MAX_TRAINING_ALERTS) break;
    if (rec.state === 'resolved') byId.delete(id);
  }
  trainingAlertsStore.setState({ byId });
  return out;
}

export function applyTrainingMetrics(events: readonly MetricEvent[], at: number, levels: readonly number[]): void {
  const byName = new Map(trainingMetricsStore.getState().byName);
  events.forEach((e, i) => {
    if (!byName.has(e.name) && byName.size >= MAX_TRAINING_METRICS) return;
    const level = levels[i];
    byName.set(e.name, { name: e.name, value: e.value, source: 'replay', updatedAt: at, ...(level !== undefined && { level }) });
  });
  trainingMetricsStore.setState({ byName });
}

/** Empties what a replay showed (a new session, or a seek that rebuilds it). */
export function clearTrainingData(): void {
  trainingAlertsStore.setState({ byId: new Map() }, true);
  trainingMetricsStore.setState({ byName: new Map() }, true);
  trainingStore.setState({ heard: [], lastByChannel: {} });
}

export function resetTraining(): void {
  clearTrainingData();
  trainingStore.setState(IDLE, true);
}
