// The state machine of a polled source (Prometheus, Alertmanager): polls at a fixed
// rate; a poll still in flight when the next is due makes that one skip (never
// stacked); each poll is aborted after timeoutMs; failures back off with jitter,
// capped at one poll interval so a recovered server is noticed within about one.
import type { BackoffOptions, ConnectionReport, Timers } from './connection';
import { backoffDelay, realTimers, statusForAttempt } from './connection';

export interface PollerOptions {
  readonly intervalMs: number;
  /** Default: the interval, at least 2 s. */
  readonly timeoutMs?: number;
  readonly timers?: Timers;
  readonly rng?: () => number;
  /**
   * One poll; rejects with a readable message on failure. Must honour the signal.
   * What it resolves to is run after the poll counts as a success, outside the error
   * handling: a bug downstream must surface as one, not pass for a server failure.
   */
  readonly poll: (signal: AbortSignal) => Promise<(() => void) | void>;
  readonly onState: (r: ConnectionReport) => void;
  /** After every poll, for the poll-duration histogram. */
  readonly onPolled?: (ok: boolean, seconds: number) => void;
}

export interface Poller {
  stop(): void;
  /** Polls that were due while one was still in flight. */
  readonly skipped: number;
  readonly inFlight: boolean;
}

export function pollBackoff(intervalMs: number): BackoffOptions {
  return { baseMs: Math.min(500, intervalMs), maxMs: intervalMs, downAfter: 6 };
}

export function errorText(err: unknown): string {
  if (err instanceof Error) return err.message.slice(0, 300);
  return String(err).slice(0, 300);
}

export function startPoller(o: PollerOptions): Poller {
  const timers = o.timers ?? realTimers;
  const rng = o.rng ?? Math.random;
  const timeoutMs = o.timeoutMs ?? Math.max(2000, o.intervalMs);
  const backoff = pollBackoff(o.intervalMs);
  let timer: unknown;
  let inFlight: AbortController | null = null;
  let attempt = 0;
  let live = false;
  let stopped = false;
  let skipped = 0;

  const schedule = (ms: number) => {
    if (timer !== undefined) timers.clearTimeout(timer);
    timer = timers.setTimeout(tick, ms);
  };

  function tick(): void {
    timer = undefined;
    if (stopped) return;
    if (inFlight) {
      skipped++;
      schedule(o.intervalMs);
      return;
    }
    schedule(o.intervalMs);
    if (attempt > 0) o.onState({ status: 'connecting', attempt });
    void run();
  }

  async function run(): Promise<void> {
    const ctrl = new AbortController();
    inFlight = ctrl;
    const started = timers.now();
    const abortTimer = timers.setTimeout(() => ctrl.abort(), timeoutMs);
    let error: string | undefined;
    let deliver: (() => void) | void = undefined;
    try {
      deliver = await o.poll(ctrl.signal);
    } catch (err) {
      error = ctrl.signal.aborted ? `no answer within ${timeoutMs} ms` : errorText(err);
    }
    timers.clearTimeout(abortTimer);
    inFlight = null;
    if (stopped) return;
    o.onPolled?.(error === undefined, (timers.now() - started) / 1000);
    if (error === undefined) {
      if (!live || attempt > 0) o.onState({ status: 'live', attempt: 0 });
      live = true;
      attempt = 0;
      deliver?.();
      return;
    }
    live = false;
    attempt += 1;
    o.onState({ status: statusForAttempt(attempt, backoff), attempt, error });
    schedule(backoffDelay(attempt, rng, backoff));
  }

  o.onState({ status: 'connecting', attempt: 0 });
  schedule(0);
  return {
    stop() {
      stopped = true;
      if (timer !== undefined) timers.clearTimeout(timer);
      inFlight?.abort();
    },
    get skipped() {
      return skipped;
    },
    get inFlight() {
      return inFlight !== null;
    },
  };
}
