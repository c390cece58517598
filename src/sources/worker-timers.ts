// Timeouts kept by a dedicated worker (timer-worker-core.ts), behind the sources'
// Timers interface. Chromium throttles a hidden tab's own timers (one wake-up a
// second; chained timers once a minute after the tab has been hidden a while), which
// would stretch a 2 s poll to a minute; a worker's timers and its messages are not
// throttled like that. If the worker cannot start or does not answer, every pending
// and later timeout runs on the page's own timers instead (still correct, only
// throttled when hidden).
import type { Timers } from './connection';
import { nativeTimers } from './connection';
import type { TimerReply, TimerRequest } from './timer-worker-core';

export interface TimerWorkerLike {
  postMessage(m: TimerRequest): void;
  addEventListener(type: 'message' | 'error', fn: (e: { data?: TimerReply }) => void): void;
  terminate(): void;
}

export type TimerMode = 'starting' | 'worker' | 'main';

export interface WorkerTimers extends Timers {
  /** 'starting' until the worker first answers, 'worker' after, 'main' once it failed (or there is none). */
  readonly mode: TimerMode;
  /** Timeouts scheduled and not yet run or cleared. */
  readonly pending: number;
}

export interface WorkerTimersOptions {
  /** null: no workers here, use `fallback` from the start. */
  readonly create: (() => TimerWorkerLike) | null;
  readonly fallback?: Timers;
  /** The worker must answer its first ping within this (default 3 s), else the fallback takes over. */
  readonly answerWithinMs?: number;
  readonly onMode?: (mode: TimerMode, why?: string) => void;
}

/** A handle the worker keeps; anything else passed to clearTimeout is the fallback's. */
class WorkerTimer {
  constructor(readonly id: number) {}
}

interface Entry {
  readonly fn: () => void;
  readonly due: number;
  native?: unknown;
}

export function createWorkerTimers(o: WorkerTimersOptions): WorkerTimers {
  const fallback = o.fallback ?? nativeTimers;
  const entries = new Map<number, Entry>();
  let nextId = 1;
  let mode: TimerMode = 'starting';
  let worker: TimerWorkerLike | null = null;
  let guard: unknown;

  const setMode = (m: TimerMode, why?: string) => {
    mode = m;
    o.onMode?.(m, why);
  };
  const fire = (id: number) => {
    const e = entries.get(id);
    if (!e) return;
    entries.delete(id);
    e.fn();
  };
  const onNative = (id: number, e: Entry, ms: number) => {
    e.native = fallback.setTimeout(() => fire(id), Math.max(0, ms));
  };
  const toMain = (why: string) => {
    if (mode === 'main') return;
    fallback.clearTimeout(guard);
    try {
      worker?.terminate();
    } catch {
      /* already gone */
    }
    worker = null;
    setMode('main', why);
    const now = fallback.now();
    for (const [id, e] of entries) onNative(id, e, e.due - now);
  };
  const post = (m: TimerRequest) => {
    try {
      worker!.postMessage(m);
    } catch (err) {
      toMain(`the timer worker refused a message: ${(err as Error).message}`);
    }
  };

  if (o.create) {
    try {
      worker = o.create();
      worker.addEventListener('message', (ev) => {
        const d = ev.data;
        if (d?.t === 'fire') fire(d.id);
        else if (d?.t === 'pong' && mode === 'starting') {
          fallback.clearTimeout(guard);
          setMode('worker');
        }
      });
      worker.addEventListener('error', () => toMain('the timer worker failed to start'));
      guard = fallback.setTimeout(() => toMain('the timer worker did not answer'), o.answerWithinMs ?? 3000);
      post({ t: 'ping' });
    } catch (err) {
      toMain(`no timer worker: ${(err as Error).message}`);
    }
  } else toMain('no workers in this browser');

  return {
    setTimeout(fn, ms) {
      const id = nextId++;
      const e: Entry = { fn, due: fallback.now() + ms };
      entries.set(id, e);
      if (mode === 'main') onNative(id, e, ms);
      else post({ t: 'set', id, ms });
      return new WorkerTimer(id);
    },
    clearTimeout(h) {
      if (!(h instanceof WorkerTimer)) return fallback.clearTimeout(h);
      const e = entries.get(h.id);
      if (!e) return;
      entries.delete(h.id);
      if (e.native !== undefined) fallback.clearTimeout(e.native);
      else if (mode !== 'main') post({ t: 'clear', id: h.id });
    },
    now: () => fallback.now(),
    get mode() {
      return mode;
    },
    get pending() {
      return entries.size;
    },
  };
}
