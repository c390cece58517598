// Keeps the AudioContext running on an unattended display: whenever the browser
// suspends it (autoplay policy, device change, a tab in the background), it tries
// to resume, now and every few seconds; while it cannot, it says so, so the
// display can show what to do. Timers and the context are injected.
import type { ContextStatus } from '../audio/context';
import type { Timers } from '../sources/connection';

export const AUTOPLAY_FLAG = '--autoplay-policy=no-user-gesture-required';

export interface ResumerOptions {
  readonly timers: Timers;
  /** Default 5 s. */
  readonly everyMs?: number;
  /** The raw context state ('running', 'suspended', 'interrupted', 'closed'), null before there is one. */
  readonly state: () => string | null;
  readonly resume: () => Promise<ContextStatus>;
  /** Every outcome that differs from the last. */
  readonly report: (status: ContextStatus, detail?: string) => void;
}

export interface Resumer {
  /** Checks now (also call on the context's statechange and on visibilitychange). */
  check(): Promise<void>;
  stop(): void;
}

export function blockedDetail(state: string): string {
  return `the browser keeps audio ${state} until someone clicks here`;
}

/** While blocked, each failed try waits twice as long, up to this (each try logs a browser warning). */
export const MAX_RETRY_MS = 60_000;

export function startResumer(o: ResumerOptions): Resumer {
  let timer: unknown = null;
  let stopped = false;
  let busy = false;
  let last: ContextStatus | null = null;
  let wait = o.everyMs ?? 5000;
  const report = (s: ContextStatus, detail?: string) => {
    if (s === last) return;
    last = s;
    o.report(s, detail);
  };

  const check = async () => {
    if (stopped || busy) return;
    const state = o.state();
    if (state === null) return;
    if (state === 'running') return report('running');
    if (state === 'closed') return report('failed', 'the audio context was closed; reload the page');
    busy = true;
    try {
      const r = await o.resume();
      if (stopped) return;
      if (r === 'running') {
        wait = o.everyMs ?? 5000;
        report('running');
      } else {
        wait = Math.min(MAX_RETRY_MS, wait * 2);
        report(r === 'failed' ? 'failed' : 'needs-gesture', blockedDetail(o.state() ?? state));
      }
    } finally {
      busy = false;
    }
  };
  const loop = () => {
    void check().finally(() => {
      if (!stopped) timer = o.timers.setTimeout(loop, wait);
    });
  };
  timer = o.timers.setTimeout(loop, o.everyMs ?? 5000);
  return {
    check,
    stop() {
      stopped = true;
      if (timer !== null) o.timers.clearTimeout(timer);
    },
  };
}
