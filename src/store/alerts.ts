// Alerts by identity. applyAlert reports what the event meant (new, repeat,
// resolved), which is what the score needs to choose a sound.
import { createStore } from 'zustand/vanilla';
import type { AlertEvent, AlertState, SourceId } from '../domain/events';
import type { AlertTransition } from '../domain/lifecycle';
import { transitionFor } from '../domain/lifecycle';

export interface AlertRecord {
  readonly id: string;
  readonly name: string;
  readonly severity: string;
  readonly state: AlertState;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  readonly value?: number;
  readonly source: SourceId;
  /** Wall-clock ms: first firing, last message, resolution. */
  readonly since: number;
  readonly lastSeen: number;
  readonly resolvedAt?: number;
  readonly repeats: number;
}


export interface AlertsState {
  readonly byId: ReadonlyMap<string, AlertRecord>;
  /** Alert events applied since start: how fast the list changes (views slow down in a storm). */
  readonly writes?: number;
  /** Ids the last update wrote or removed: subscribers can follow a batch without walking the store. */
  readonly changed?: readonly string[];
}

/** Bounded memory for a kiosk that runs for months: the oldest resolved go first. */
export const MAX_ALERTS = 5000;

export const alertsStore = createStore<AlertsState>()(() => ({ byId: new Map() }));
/** Resolved records held: a storm of firing alerts over MAX_ALERTS has none to evict, and is not walked for them. */
let resolvedHeld = 0;

/** Applies a batch; one store update per batch keeps storms cheap. */
export function applyAlerts(events: readonly AlertEvent[], now = Date.now()): AlertTransition[] {
  const byId = new Map(alertsStore.getState().byId);
  const changed: string[] = [];
  const transitions = events.map((e) => {
    const prev = byId.get(e.id);
    const t = transitionFor(prev?.state, e.state);
    if (t === 'ignored') return t;
    if (prev?.state === 'resolved') resolvedHeld--;
    byId.delete(e.id); // re-insert so Map order is recency order
    changed.push(e.id);
    if (t === 'withdrawn') return t; // pending that never fired: it was never an alert
    byId.set(e.id, {
      id: e.id,
      name: e.name,
      severity: e.severity,
      state: e.state,
      // A resolve often carries less than the firing did (e.g. only alertname); keep what we knew.
      labels: prev ? { ...prev.labels, ...e.labels } : e.labels,
      annotations: prev ? { ...prev.annotations, ...e.annotations } : e.annotations,
      source: e.source,
      ...((e.value ?? prev?.value) !== undefined && { value: e.value ?? prev?.value }),
      since: t === 'new' || t === 'pending' ? now : (prev?.since ?? now),
      lastSeen: now,
      ...(t === 'resolved' && { resolvedAt: now }),
      repeats: t === 'repeat' ? (prev?.repeats ?? 0) + 1 : 0,
    });
    if (e.state === 'resolved') resolvedHeld++;
    return t;
  });
  if (byId.size > MAX_ALERTS && resolvedHeld > 0) evictResolved(byId, byId.size - MAX_ALERTS, changed);
  alertsStore.setState((s) => ({ byId, changed, writes: (s.writes ?? 0) + events.length }));
  return transitions;
}

function evictResolved(byId: Map<string, AlertRecord>, count: number, changed: string[]): void {
  for (const [id, rec] of byId) {
    if (count <= 0) return;
    if (rec.state === 'resolved') {
      byId.delete(id);
      changed.push(id);
      resolvedHeld--;
      count--;
    }
  }
}

export function firingCount(state: AlertsState = alertsStore.getState()): number {
  let n = 0;
  for (const a of state.byId.values()) if (a.state === 'firing') n++;
  return n;
}

export function resetAlerts(): void {
  // Names what it removed, as every update does (the history closes their bands).
  alertsStore.setState((s) => ({ byId: new Map(), changed: [...s.byId.keys()] }), true);
  resolvedHeld = 0;
}
