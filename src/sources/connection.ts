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

export const realTimers: Timers = {
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
  clearTimeout: (h) => globalThis.clearTimeout(h as ReturnType<typeof setTimeout>),
  now: () => Date.now(),
};

export interface ConnectionReport {
  readonly status: ConnectionStatus;
  readonly attempt: number;
  readonly error?: string;
}
