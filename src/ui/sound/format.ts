// Words for the attention state, shared by the panel, the alert rows and the actions.
import type { SnoozeUntil } from '../../domain/attention';

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;

/** "14:05": the same 24-hour form as the quiet-hours fields. */
export function hhmm(ms: number): string {
  const d = new Date(ms);
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
}

/** "14:05:09", for the list of what was heard. */
export function hhmmss(ms: number): string {
  return `${hhmm(ms)}:${String(new Date(ms).getSeconds()).padStart(2, '0')}`;
}

export function snoozeText(s: SnoozeUntil): string {
  return s.kind === 'resolved' ? 'snoozed until resolved' : `snoozed until ${hhmm(s.until)}`;
}

export function snoozeFor(ms: number, now = Date.now()): SnoozeUntil {
  return { kind: 'time', until: now + ms };
}

/** A snooze still in force (time snoozes lapse on their own). */
export function holds(s: SnoozeUntil | undefined, now = Date.now()): s is SnoozeUntil {
  return s !== undefined && (s.kind === 'resolved' || s.until > now);
}
