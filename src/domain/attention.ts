// Who is allowed to make a sound right now: snoozes (per alert and global),
// acknowledgements and quiet hours. Pure; the clock is passed in.
import type { AlertState } from './events';
import { severityFamily } from './events';

export type SnoozeUntil = { readonly kind: 'time'; readonly until: number } | { readonly kind: 'resolved' };

export interface QuietHours {
  readonly enabled: boolean;
  /** "HH:MM", local time. */
  readonly start: string;
  readonly end: string;
}

export interface Attention {
  readonly snoozed: Readonly<Record<string, SnoozeUntil>>;
  readonly global?: SnoozeUntil;
  readonly acked: Readonly<Record<string, true>>;
  readonly quietHours: QuietHours;
}

export const EMPTY_ATTENTION: Attention = { snoozed: {}, acked: {}, quietHours: { enabled: false, start: '22:00', end: '07:00' } };

export interface AlertView {
  readonly id: string;
  readonly severity: string;
  readonly state: AlertState;
}

const HHMM = /^([01]\d|2[0-3]):([0-5]\d)$/;

export function parseHHMM(s: string): number | null {
  const m = HHMM.exec(s);
  return m ? Number(m[1]) * 60 + Number(m[2]) : null;
}

/** Quiet hours may wrap midnight (22:00–07:00). */
export function inQuietHours(q: QuietHours, minutesOfDay: number): boolean {
  if (!q.enabled) return false;
  const start = parseHHMM(q.start);
  const end = parseHHMM(q.end);
  if (start === null || end === null || start === end) return false;
  return start < end ? minutesOfDay >= start && minutesOfDay < end : minutesOfDay >= start || minutesOfDay < end;
}

/** anyFiring may be a function: counting what fires costs a pass over every alert, needed only here. */
function snoozeHolds(s: SnoozeUntil | undefined, alert: AlertView | undefined, now: number, anyFiring: boolean | (() => boolean)): boolean {
  if (!s) return false;
  if (s.kind === 'time') return now < s.until;
  return alert ? alert.state === 'firing' : typeof anyFiring === 'function' ? anyFiring() : anyFiring;
}

/**
 * Quiet when snoozed (alone or globally) or, in quiet hours, unless critical.
 * Acknowledging stops repeats (the conductor's job), not the all-clear.
 */
export function isQuiet(a: Attention, alert: AlertView | undefined, now: number, minutesOfDay: number, anyFiring: boolean | (() => boolean)): boolean {
  if (alert && snoozeHolds(a.snoozed[alert.id], alert, now, anyFiring)) return true;
  if (snoozeHolds(a.global, undefined, now, anyFiring)) return true;
  if (inQuietHours(a.quietHours, minutesOfDay)) return !alert || severityFamily(alert.severity) !== 'critical';
  return false;
}

/** Drops snoozes that no longer hold, so saved state does not grow for months. */
export function pruneAttention(a: Attention, now: number, firingIds: ReadonlySet<string>): Attention {
  const snoozed: Record<string, SnoozeUntil> = {};
  for (const [id, s] of Object.entries(a.snoozed)) {
    if (s.kind === 'time' ? now < s.until : firingIds.has(id)) snoozed[id] = s;
  }
  const acked: Record<string, true> = {};
  for (const id of Object.keys(a.acked)) if (firingIds.has(id)) acked[id] = true;
  const global = a.global && (a.global.kind === 'time' ? now < a.global.until : firingIds.size > 0) ? a.global : undefined;
  return { ...a, snoozed, acked, ...(global ? { global } : { global: undefined }) };
}
