// Coalesces parsed messages into batches for the trip to the main thread. The first
// message after a quiet spell leaves at the end of the current task (a lone alert is
// not held back); while messages keep coming, at most one batch leaves per `windowMs`,
// so 20,000 messages a second cost the page a few hundred tasks, not 20,000.
import type { Rejection, TelemetryEvent } from '../domain/events';

export interface Batch {
  readonly events: TelemetryEvent[];
  readonly rejections: Rejection[];
}

export interface BatcherOptions {
  readonly post: (batch: Batch) => void;
  readonly windowMs?: number;
  /** A bigger batch leaves at once: one batch stays one short job for the page. */
  readonly maxBatch?: number;
  readonly now?: () => number;
  readonly setTimer?: (fn: () => void, ms: number) => unknown;
  readonly clearTimer?: (handle: unknown) => void;
  /** Runs `fn` once the current task's work is done (default: a microtask). */
  readonly soon?: (fn: () => void) => void;
}

export interface Batcher {
  events(events: readonly TelemetryEvent[]): void;
  reject(r: Rejection): void;
  /** Posts what is pending now. */
  flush(): void;
}

export const BATCH_WINDOW_MS = 4;
export const MAX_BATCH = 256;

export function createBatcher(o: BatcherOptions): Batcher {
  const windowMs = o.windowMs ?? BATCH_WINDOW_MS;
  const maxBatch = o.maxBatch ?? MAX_BATCH;
  const now = o.now ?? (() => performance.now());
  const setTimer = o.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
  const clearTimer = o.clearTimer ?? ((h) => clearTimeout(h as ReturnType<typeof setTimeout>));
  const soon = o.soon ?? queueMicrotask;
  let events: TelemetryEvent[] = [];
  let rejections: Rejection[] = [];
  let lastPost = -Infinity;
  let timer: unknown;
  let scheduled = false;
  // Bumped by every flush, so a stale microtask or timer posts nothing twice.
  let generation = 0;

  const flush = () => {
    if (timer !== undefined) clearTimer(timer);
    timer = undefined;
    scheduled = false;
    generation++;
    if (events.length === 0 && rejections.length === 0) return;
    const batch = { events, rejections };
    events = [];
    rejections = [];
    lastPost = now();
    o.post(batch);
  };
  const schedule = () => {
    if (events.length + rejections.length >= maxBatch) return flush();
    if (scheduled) return;
    scheduled = true;
    const g = generation;
    const wait = lastPost + windowMs - now();
    if (wait <= 0) soon(() => g === generation && flush());
    else timer = setTimer(() => g === generation && flush(), wait);
  };

  return {
    events(ev) {
      for (const e of ev) events.push(e);
      schedule();
    },
    reject(r) {
      rejections.push(r);
      schedule();
    },
    flush,
  };
}
