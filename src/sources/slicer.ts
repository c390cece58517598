// Keeps a burst of messages from holding the main thread: work runs at once while the
// current task has spent less than `budgetMs` on it, and anything past that waits, in
// order, for later tasks (each with its own budget). mqtt.js hands over a backlog of
// messages in one task; this turns a 300 ms stall into slices the page can breathe
// between. In normal traffic nothing waits, so sounds are as prompt as before.

export interface SlicerOptions {
  readonly budgetMs?: number;
  readonly now?: () => number;
  /** Runs `fn` in a later task (default: a MessageChannel message, not throttled like setTimeout). */
  readonly post?: (fn: () => void) => void;
  /** A job that throws must not stop the ones after it. */
  readonly onError?: (err: unknown) => void;
}

export interface Slicer {
  run(job: () => void): void;
  /** Jobs waiting for a later task. */
  readonly pending: number;
}

function defaultPost(): (fn: () => void) => void {
  if (typeof MessageChannel === 'undefined') return (fn) => void setTimeout(fn, 0);
  const ch = new MessageChannel();
  const queue: (() => void)[] = [];
  ch.port1.onmessage = () => queue.shift()?.();
  return (fn) => {
    queue.push(fn);
    ch.port2.postMessage(null);
  };
}

export function createSlicer(o: SlicerOptions = {}): Slicer {
  const budget = o.budgetMs ?? 8;
  const now = o.now ?? (() => performance.now());
  const post = o.post ?? defaultPost();
  const queue: (() => void)[] = [];
  let sliceStart = 0;
  let inSlice = false;
  let draining = false;

  const exec = (job: () => void) => {
    try {
      job();
    } catch (err) {
      o.onError?.(err);
    }
  };
  const startSlice = () => {
    sliceStart = now();
    inSlice = true;
    post(endSlice);
  };
  // A later task: the slice that posted this is over.
  function endSlice() {
    inSlice = false;
    if (queue.length > 0 && !draining) drain();
  }
  function drain() {
    draining = true;
    startSlice();
    while (queue.length > 0 && now() - sliceStart < budget) exec(queue.shift()!);
    draining = false;
  }

  return {
    run(job) {
      if (!inSlice) startSlice();
      if (queue.length === 0 && now() - sliceStart < budget) exec(job);
      else queue.push(job);
    },
    get pending() {
      return queue.length;
    },
  };
}
