// Latency figures for each sound an event caused: message received → onset
// scheduled (event to sound), and the payload's own timestamp → onset (sent to
// sound, end to end). Repeats and system sounds are not timed: the message behind
// a repeat arrived minutes ago.
import type { Histogram } from './registry';

export interface TimedSound {
  /** Why it sounds; absent means "an event just caused it". */
  readonly reason?: string;
  /** performance.now() ms when the causing message arrived. */
  readonly receivedAt: number;
  /** Wall-clock ms the payload said it was sent, when it said so. */
  readonly sentAt?: number;
}

export const TIMED_REASONS: ReadonlySet<string> = new Set(['new', 'resolved']);

/**
 * Sender and console clocks (and the audio clock's mapping onto performance.now())
 * disagree by a few ms even on one host: a figure just under zero is read as 0,
 * one further below says only that the sender's clock runs ahead, and is dropped.
 */
export const SKEW_TOLERANCE_MS = 50;

export interface SoundLatencyOptions {
  /** Event to sound, in ms (the panels' store and the pushed histogram). */
  readonly record: (ms: number) => void;
  readonly sentToSound: Histogram;
  /** Wall clock, epoch ms. */
  readonly now?: () => number;
  /** The page's performance.now(), the clock scheduled onsets are expressed in. */
  readonly perfNow?: () => number;
}

export function createSoundLatency(o: SoundLatencyOptions): { played(sound: TimedSound, scheduledPerfMs: number): void } {
  const now = o.now ?? (() => Date.now());
  const perfNow = o.perfNow ?? (() => performance.now());
  return {
    played(sound, scheduledPerfMs) {
      if (sound.reason !== undefined && !TIMED_REASONS.has(sound.reason)) return;
      if (!Number.isFinite(scheduledPerfMs)) return;
      o.record(scheduledPerfMs - sound.receivedAt);
      if (sound.sentAt === undefined || !Number.isFinite(sound.sentAt)) return;
      // Wall-clock time of the onset: now, plus how far ahead of now it was scheduled.
      const ms = now() + (scheduledPerfMs - perfNow()) - sound.sentAt;
      if (ms >= -SKEW_TOLERANCE_MS) o.sentToSound.observe(undefined, Math.max(0, ms) / 1000);
    },
  };
}
