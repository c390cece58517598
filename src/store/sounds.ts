// What the console has just played: the visual mirror of the sound. Bounded, so a
// kiosk that runs for months does not grow; the UI pulses from the per-subject and
// per-channel times, and the live region reads the announcement.
import { createStore } from 'zustand/vanilla';

export interface SoundEntry {
  readonly seq: number;
  /** Wall-clock ms of the sound's onset. */
  readonly at: number;
  /** Mixer channel: 'critical', …, or 'storm'. */
  readonly channel: string;
  /** The alert id (or source) it was about. */
  readonly subject: string;
  readonly reason: string;
  readonly text: string;
  readonly urgent: boolean;
}

export interface Announcement {
  readonly seq: number;
  readonly text: string;
  readonly urgent: boolean;
}

export interface SoundsState {
  /** Newest first. */
  readonly recent: readonly SoundEntry[];
  readonly lastBySubject: ReadonlyMap<string, number>;
  readonly lastByChannel: Readonly<Record<string, number>>;
  readonly announcement: Announcement | null;
  readonly seq: number;
}

export const MAX_RECENT = 50;
export const MAX_SUBJECTS = 500;

const EMPTY: SoundsState = { recent: [], lastBySubject: new Map(), lastByChannel: {}, announcement: null, seq: 0 };

export const soundsStore = createStore<SoundsState>()(() => EMPTY);

export function recordSound(e: Omit<SoundEntry, 'seq'>): void {
  soundsStore.setState((s) => {
    const seq = s.seq + 1;
    const entry: SoundEntry = { ...e, seq };
    const bySubject = new Map(s.lastBySubject);
    bySubject.delete(e.subject); // re-insert: Map order is recency order, oldest evicted first
    bySubject.set(e.subject, e.at);
    if (bySubject.size > MAX_SUBJECTS) bySubject.delete(bySubject.keys().next().value!);
    return {
      seq,
      recent: [entry, ...s.recent].slice(0, MAX_RECENT),
      lastBySubject: bySubject,
      lastByChannel: { ...s.lastByChannel, [e.channel]: e.at },
      announcement: { seq, text: e.text, urgent: e.urgent },
    };
  });
}

/** Says something in the live region that is not a sound (an action's outcome). */
export function announce(text: string, urgent = false): void {
  soundsStore.setState((s) => ({ seq: s.seq + 1, announcement: { seq: s.seq + 1, text, urgent } }));
}

/** The alert that sounded most recently among `candidates`, if any did. */
export function latestSounded(candidates: Iterable<string>, s: SoundsState = soundsStore.getState()): string | undefined {
  let best: string | undefined;
  let bestAt = -Infinity;
  for (const id of candidates) {
    const at = s.lastBySubject.get(id);
    if (at !== undefined && at > bestAt) {
      best = id;
      bestAt = at;
    }
  }
  return best;
}

export function resetSounds(): void {
  soundsStore.setState(EMPTY, true);
}
