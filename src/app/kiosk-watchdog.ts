// The kiosk's watchdog: a wall display nobody watches must recover by itself. It
// reloads the page when the console stops updating (no UI heartbeat), when the audio
// clock stops while the context claims to run, or when every feed has been stale
// for the configured time — but never while someone is editing a form: then it
// waits and looks again. Timers and probes are injected (unit-tested on a fake clock).
import type { Timers } from '../sources/connection';

export type WatchdogState =
  | { readonly status: 'ok' }
  | { readonly status: 'postponed'; readonly reason: string }
  | { readonly status: 'reloading'; readonly reason: string };

export interface WatchdogOptions {
  readonly timers: Timers;
  /** Default 5 s. */
  readonly checkEveryMs?: number;
  /** No heartbeat (or no audio progress) for this long is a stall. Default 60 s. */
  readonly stallAfterMs?: number;
  /** Every feed stale this long: reload. 0 = never. */
  readonly staleReloadMs: number;
  /** timers.now() of the UI's last heartbeat. */
  readonly lastBeat: () => number;
  /** The audio clock while the context says it runs; null otherwise. */
  readonly audioTime?: () => number | null;
  /** True when every configured feed is stale (false when there are none). */
  readonly feedsStale: () => boolean;
  readonly isEditing: () => boolean;
  readonly reload: (reason: string) => void;
  readonly onState?: (s: WatchdogState) => void;
}

export interface Watchdog {
  check(): void;
  stop(): void;
}

export const WATCHDOG_DEFAULTS = { checkEveryMs: 5000, stallAfterMs: 60_000, staleReloadMs: 600_000 } as const;

export function startWatchdog(o: WatchdogOptions): Watchdog {
  const every = o.checkEveryMs ?? WATCHDOG_DEFAULTS.checkEveryMs;
  const stallAfter = o.stallAfterMs ?? WATCHDOG_DEFAULTS.stallAfterMs;
  let timer: unknown = null;
  let stopped = false;
  let staleSince: number | null = null;
  let audioLast: number | null = null;
  let audioMovedAt = o.timers.now();
  let last: WatchdogState['status'] | null = null;

  const report = (s: WatchdogState) => {
    if (s.status === last && s.status === 'ok') return;
    last = s.status;
    o.onState?.(s);
  };

  const reasonNow = (now: number): string | null => {
    if (now - o.lastBeat() > stallAfter) return `the console stopped updating for ${Math.round((now - o.lastBeat()) / 1000)} s`;
    const t = o.audioTime?.() ?? null;
    if (t === null || audioLast === null || t > audioLast) {
      audioLast = t;
      audioMovedAt = now;
    } else if (now - audioMovedAt > stallAfter) return `the audio clock stopped for ${Math.round((now - audioMovedAt) / 1000)} s`;
    if (o.feedsStale()) {
      staleSince ??= now;
      if (o.staleReloadMs > 0 && now - staleSince >= o.staleReloadMs) return `every feed stale for ${Math.round((now - staleSince) / 1000)} s`;
    } else staleSince = null;
    return null;
  };

  const check = () => {
    if (stopped) return;
    const reason = reasonNow(o.timers.now());
    if (reason === null) return report({ status: 'ok' });
    if (o.isEditing()) return report({ status: 'postponed', reason });
    stopped = true;
    if (timer !== null) o.timers.clearTimeout(timer);
    report({ status: 'reloading', reason });
    o.reload(reason);
  };
  const loop = () => {
    timer = o.timers.setTimeout(loop, every);
    check();
  };
  timer = o.timers.setTimeout(loop, every);

  return {
    check,
    stop() {
      stopped = true;
      if (timer !== null) o.timers.clearTimeout(timer);
    },
  };
}

/** A form field (or the score editor) has the focus: someone is typing. */
export function editingNow(doc: Pick<Document, 'activeElement'> = document): boolean {
  const el = doc.activeElement as HTMLElement | null;
  if (!el) return false;
  if (el.isContentEditable || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT') return true;
  return el.tagName === 'INPUT' && !['checkbox', 'radio', 'range', 'button', 'submit', 'reset'].includes((el as HTMLInputElement).type);
}
