// What the score asks the audio engine to play.
import type { EarconId } from './earcons';

/** Mixer channels: each earcon plays on one; metric voices are "metric:<id>". */
export type EarconChannel = 'critical' | 'warning' | 'info' | 'clear' | 'system';

export interface EarconSound {
  readonly kind: 'earcon';
  readonly earcon: EarconId;
  readonly channel: EarconChannel;
  /** Semitones. */
  readonly transpose: number;
  readonly pan: number;
  readonly gain: number;
  /** The alert it announces, or the source for system sounds. */
  readonly subject: string;
  /** The alert's name and labels, so feedback can name it before the store has it. */
  readonly facts?: { readonly name: string; readonly labels: Readonly<Record<string, string>> };
  readonly reason: 'new' | 'repeat' | 'resolved' | 'pending' | 'feed-lost' | 'feed-back' | 'preview';
  /** Console clock (ms) of the message that caused it; for latency figures. */
  readonly receivedAt: number;
  /** Wall-clock ms the payload said it was sent, when it said so. */
  readonly sentAt?: number;
}

/** The storm texture: how many alerts are firing while the budget overflows. */
export interface StormState {
  readonly active: boolean;
  readonly firing: number;
  /** Sounds folded into the storm since it began. */
  readonly folded: number;
}

export const QUIET_STORM: StormState = { active: false, firing: 0, folded: 0 };
