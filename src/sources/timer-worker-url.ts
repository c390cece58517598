// Starts the timer worker (timer-worker.ts) from its own file on this origin, which
// the page's CSP allows (worker-src 'self'). It fetches nothing, so it needs no
// connect-src of its own.
import workerUrl from './timer-worker?worker&url';
import { setTimerBackend } from './connection';
import { createWorkerTimers, type TimerMode, type TimerWorkerLike, type WorkerTimers } from './worker-timers';

/** null where the browser has no workers: the page's own timers are used. */
export function timerWorkerFactory(): (() => TimerWorkerLike) | null {
  if (typeof Worker === 'undefined') return null;
  return () => new Worker(new URL(workerUrl, location.href).href, { type: 'module', name: 'singing-pager-timers' }) as unknown as TimerWorkerLike;
}

/** The page's timers from now on (boot calls it first): the worker's, else its own. */
export function installPageTimers(onMode?: (mode: TimerMode, why?: string) => void): WorkerTimers {
  const timers = createWorkerTimers({ create: timerWorkerFactory(), ...(onMode && { onMode }) });
  setTimerBackend(timers);
  return timers;
}
