// The connection state machine every source shares:
// connecting → live; on loss → retrying(n) with exponential backoff and jitter;
// after DOWN_AFTER failed attempts it reports down but keeps retrying slowly.

export type ConnectionStatus = 'idle' | 'connecting' | 'live' | 'retrying' | 'down';

export interface BackoffOptions {
  readonly baseMs: number;
  readonly maxMs: number;
  readonly downAfter: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 500, maxMs: 30_000, downAfter: 6 };

/** "Equal jitter": half fixed, half random, so retries spread but never collapse to 0. */
export function backoffDelay(attempt: number, rng: () => number, opts: BackoffOptions = DEFAULT_BACKOFF): number {
  const exp = Math.min(opts.maxMs, opts.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(exp / 2 + (rng() * exp) / 2);
}

export function statusForAttempt(attempt: number, opts: BackoffOptions = DEFAULT_BACKOFF): ConnectionStatus {
  return attempt >= opts.downAfter ? 'down' : 'retrying';
}

/** Timers are injected so tests drive them with a fake clock. */
export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  now(): number;
}

/** The thread's own timers. In a hidden tab Chromium runs these at most once a second, and chained ones once a minute. */
export const nativeTimers: Timers = {
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
  clearTimeout: (h) => globalThis.clearTimeout(h as ReturnType<typeof setTimeout>),
  now: () => Date.now(),
};

let backend: Timers = nativeTimers;

/**
 * What every source, poller and periodic job uses. The page's boot points it at timers
 * kept by a worker (worker-timers.ts), which a hidden tab does not throttle; anywhere
 * else (a worker, tests, before boot) it is the thread's own.
 */
export const realTimers: Timers = {
  setTimeout: (fn, ms) => backend.setTimeout(fn, ms),
  clearTimeout: (h) => backend.clearTimeout(h),
  now: () => Date.now(),
};

/** Set once at boot, before anything is scheduled (the backend must also clear handles it did not make). */
export function setTimerBackend(timers: Timers): void {
  backend = timers;
}

/** Runs fn every `ms` (a chain of timeouts, so a slow run never stacks). Returns a stop. */
export function repeatEvery(ms: number, fn: () => void, timers: Timers = realTimers): () => void {
  let stopped = false;
  let handle: unknown;
  const loop = () => {
    if (stopped) return;
    handle = timers.setTimeout(loop, ms);
    fn();
  };
  handle = timers.setTimeout(loop, ms);
  return () => {
    stopped = true;
    timers.clearTimeout(handle);
  };
}

export interface ConnectionReport {
  readonly status: ConnectionStatus;
  readonly attempt: number;
  readonly error?: string;
}
