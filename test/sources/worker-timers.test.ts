import { describe, expect, it } from 'vitest';
import { repeatEvery } from '../../src/sources/connection';
import { timerHost, type TimerReply, type TimerRequest } from '../../src/sources/timer-worker-core';
import { createWorkerTimers, type TimerWorkerLike } from '../../src/sources/worker-timers';
import { createFakeClock, type FakeClock } from '../helpers/fake-clock';

/** A worker running the real timer host on `clock`; replies arrive as separate tasks, like messages. */
function fakeWorker(clock: FakeClock, opts: { silent?: boolean } = {}) {
  const listeners: Record<string, ((e: { data?: TimerReply }) => void)[]> = { message: [], error: [] };
  const sent: TimerRequest[] = [];
  let terminated = false;
  const host = timerHost({
    postMessage: (m) => void clock.setTimeout(() => !terminated && listeners.message!.forEach((l) => l({ data: m })), 0),
    setTimeout: (fn, ms) => clock.setTimeout(fn, ms),
    clearTimeout: (h) => clock.clearTimeout(h),
  });
  const worker: TimerWorkerLike = {
    postMessage: (m) => {
      sent.push(m);
      if (!opts.silent && !terminated) host(m);
    },
    addEventListener: (type, fn) => listeners[type]!.push(fn),
    terminate: () => void (terminated = true),
  };
  return { worker, sent, fail: () => listeners.error!.forEach((l) => l({})), get terminated() { return terminated; } };
}

describe('timerHost (inside the worker)', () => {
  it('answers a ping, fires what is set, forgets what is cleared', () => {
    const clock = createFakeClock();
    const out: TimerReply[] = [];
    const host = timerHost({ postMessage: (m) => out.push(m), setTimeout: clock.setTimeout, clearTimeout: clock.clearTimeout });
    host({ t: 'ping' });
    host({ t: 'set', id: 1, ms: 100 });
    host({ t: 'set', id: 2, ms: 50 });
    host({ t: 'clear', id: 2 });
    host({ t: 'set', id: 3, ms: 10 });
    host({ t: 'set', id: 3, ms: 300 }); // re-set: the later one wins, it fires once
    clock.advance(1000);
    expect(out).toEqual([{ t: 'pong' }, { t: 'fire', id: 1 }, { t: 'fire', id: 3 }]);
    expect(clock.pending()).toBe(0);
  });
});

describe('createWorkerTimers', () => {
  it('runs timeouts through the worker once it answers, on time, and clears them there', () => {
    const clock = createFakeClock();
    const w = fakeWorker(clock);
    const modes: string[] = [];
    const t = createWorkerTimers({ create: () => w.worker, fallback: clock, onMode: (m) => modes.push(m) });
    expect(t.mode).toBe('starting');
    const fired: number[] = [];
    t.setTimeout(() => fired.push(clock.now()), 2000);
    const gone = t.setTimeout(() => fired.push(-1), 1000);
    t.clearTimeout(gone);
    clock.advance(5000);
    expect(modes).toEqual(['worker']);
    expect(fired).toEqual([2000]);
    expect(w.sent.map((m) => m.t)).toEqual(['ping', 'set', 'set', 'clear']);
    expect(t.pending).toBe(0);
  });

  it('moves pending timeouts to the page, keeping their due time, when the worker fails', () => {
    const clock = createFakeClock();
    const w = fakeWorker(clock);
    const t = createWorkerTimers({ create: () => w.worker, fallback: clock });
    clock.advance(10);
    const fired: number[] = [];
    t.setTimeout(() => fired.push(clock.now()), 3000);
    clock.advance(1000);
    w.fail();
    expect(t.mode).toBe('main');
    expect(w.terminated).toBe(true);
    t.setTimeout(() => fired.push(clock.now()), 500);
    clock.advance(10_000);
    expect(fired).toEqual([1510, 3010]);
  });

  it('falls back when the worker never answers, and never runs a timeout twice', () => {
    const clock = createFakeClock();
    const w = fakeWorker(clock, { silent: true });
    const t = createWorkerTimers({ create: () => w.worker, fallback: clock, answerWithinMs: 3000 });
    let runs = 0;
    t.setTimeout(() => runs++, 100);
    clock.advance(2999);
    expect(runs).toBe(0); // stuck while the worker is silent…
    clock.advance(1);
    expect(t.mode).toBe('main'); // …and run by the page as soon as it gives up on it
    clock.advance(1);
    expect(runs).toBe(1);
    clock.advance(10_000);
    expect(runs).toBe(1);
  });

  it('uses the page timers where there is no worker, and clears handles it did not make', () => {
    const clock = createFakeClock();
    const t = createWorkerTimers({ create: null, fallback: clock });
    expect(t.mode).toBe('main');
    const foreign = clock.setTimeout(() => expect.unreachable(), 10);
    t.clearTimeout(foreign);
    let runs = 0;
    t.clearTimeout(t.setTimeout(() => runs--, 10));
    t.setTimeout(() => runs++, 10);
    clock.advance(100);
    expect(runs).toBe(1);
  });

  it('falls back when creating the worker throws', () => {
    const clock = createFakeClock();
    const why: (string | undefined)[] = [];
    const t = createWorkerTimers({ create: () => { throw new Error('blocked by CSP'); }, fallback: clock, onMode: (_, w) => why.push(w) });
    expect(t.mode).toBe('main');
    expect(why[0]).toMatch(/blocked by CSP/);
  });
});

describe('repeatEvery', () => {
  it('runs at its rate until stopped, and a throwing run does not stop it', () => {
    const clock = createFakeClock();
    const at: number[] = [];
    const stop = repeatEvery(250, () => {
      at.push(clock.now());
      if (at.length === 2) throw new Error('one bad run');
    }, clock);
    expect(() => clock.advance(500)).toThrow('one bad run');
    clock.advance(500);
    stop();
    clock.advance(5000);
    expect(at).toEqual([250, 500, 750, 1000]);
  });
});
