// End-to-end latency: the payload's own timestamp → sound onset scheduled.
// A sound carries only receivedAt, so the batch's timestamps are kept at hand by
// alert id while the pipeline runs it (it plays synchronously), then dropped.
import type { TelemetryEvent } from '../domain/events';
import type { Histogram } from './registry';

export interface SentToSoundOptions {
  readonly histogram: Histogram;
  /** Wall clock, epoch ms. */
  readonly now?: () => number;
  /** The page's performance.now(), the clock scheduled sounds are expressed in. */
  readonly perfNow?: () => number;
}

export interface SentToSound {
  /** Runs `ingest` with this batch's payload timestamps available to played(). */
  batch(events: readonly TelemetryEvent[], ingest: () => void): void;
  /** A sound was scheduled to start at `scheduledPerfMs` (performance.now() clock). */
  played(sound: { readonly alertId?: unknown }, scheduledPerfMs: number): void;
}

export function createSentToSound(o: SentToSoundOptions): SentToSound {
  const now = o.now ?? (() => Date.now());
  const perfNow = o.perfNow ?? (() => performance.now());
  let pending: Map<string, number> | null = null;
  return {
    batch(events, ingest) {
      let sent: Map<string, number> | null = null;
      for (const e of events) if (e.kind === 'alert' && e.sentAt !== undefined) (sent ??= new Map()).set(e.id, e.sentAt);
      pending = sent;
      try {
        ingest();
      } finally {
        pending = null;
      }
    },
    played(sound, scheduledPerfMs) {
      if (!pending || typeof sound.alertId !== 'string') return;
      const sentAt = pending.get(sound.alertId);
      if (sentAt === undefined || !Number.isFinite(scheduledPerfMs)) return;
      // Wall-clock time of the onset: now, plus how far ahead of now it was scheduled.
      const onsetEpochMs = now() + (scheduledPerfMs - perfNow());
      const seconds = (onsetEpochMs - sentAt) / 1000;
      // A negative figure only says the sender's clock runs ahead of ours: not a latency.
      if (seconds >= 0) o.histogram.observe(undefined, seconds);
    },
  };
}
