// Words for the attention state, shared by the panel, the alert rows and the actions.
import type { SnoozeUntil } from '../../domain/attention';
import { hhmm } from '../time';

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;

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
