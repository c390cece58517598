// A controllable clock for unit tests of backoff and timers. Structurally compatible
// with the sources' injected `Timers` ({ setTimeout, clearTimeout, now }). All methods
// are closures, so they can be passed around unbound.

export type TimerHandle = number;

export interface FakeClock {
  now(): number;
  /** Moves time forward, running due timers in order (each sees now() = its due time). */
  advance(ms: number): void;
  /** Runs timers until none are left (or `limit` have run, to catch runaway loops). */
  runAll(limit?: number): void;
  schedule(fn: () => void, ms: number): TimerHandle;
  cancel(handle: unknown): void;
  setTimeout(fn: () => void, ms: number): TimerHandle;
  clearTimeout(handle: unknown): void;
  /** Number of timers still scheduled. */
  pending(): number;
  /** Delays (ms from now) of the scheduled timers, soonest first. */
  delays(): number[];
}

interface Timer {
  id: number;
  at: number;
  seq: number;
  fn: () => void;
}

export function createFakeClock(startMs = 0): FakeClock {
  let t = startMs;
  let nextId = 1;
  let seq = 0;
  const timers = new Map<number, Timer>();

  // Earliest due; equal due times run in scheduling order, like real timers.
  const next = (): Timer | undefined => {
    let best: Timer | undefined;
    for (const x of timers.values()) if (!best || x.at < best.at || (x.at === best.at && x.seq < best.seq)) best = x;
    return best;
  };
  const runOne = (x: Timer): void => {
    timers.delete(x.id);
    t = Math.max(t, x.at);
    x.fn();
  };

  const schedule = (fn: () => void, ms: number): TimerHandle => {
    const id = nextId++;
    timers.set(id, { id, at: t + Math.max(0, Number.isFinite(ms) ? ms : 0), seq: seq++, fn });
    return id;
  };
  const cancel = (handle: unknown): void => {
    if (typeof handle === 'number') timers.delete(handle);
  };

  return {
    now: () => t,
    advance(ms) {
      if (!(ms >= 0)) throw new RangeError(`advance(${ms}): ms must be >= 0`);
      const end = t + ms;
      for (let x = next(); x && x.at <= end; x = next()) runOne(x);
      t = end;
    },
    runAll(limit = 10_000) {
      for (let i = 0, x = next(); x; x = next(), i++) {
        if (i >= limit) throw new Error(`runAll: more than ${limit} timers ran; is something rescheduling forever?`);
        runOne(x);
      }
    },
    schedule,
    cancel,
    setTimeout: schedule,
    clearTimeout: cancel,
    pending: () => timers.size,
    delays: () => [...timers.values()].sort((a, b) => a.at - b.at || a.seq - b.seq).map((x) => x.at - t),
  };
}
