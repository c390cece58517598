// Batches for the page: a lone message leaves at once, a stream leaves once per window,
// a big batch leaves early, nothing is lost or reordered.
import { describe, expect, it } from 'vitest';
import type { Rejection, TelemetryEvent } from '../../src/domain/events';
import type { Batch } from '../../src/sources/mqtt-batcher';
import { createBatcher } from '../../src/sources/mqtt-batcher';
import { createFakeClock } from '../helpers/fake-clock';

const metric = (value: number): TelemetryEvent => ({ kind: 'metric', name: 'm', value, source: 'mqtt', receivedAt: value });
const rejection: Rejection = { reason: 'not_json', detail: 'x', topic: 'alerts/x' };

function harness(maxBatch = 256) {
  const clock = createFakeClock(100);
  const posted: Batch[] = [];
  const micro: (() => void)[] = [];
  const b = createBatcher({
    post: (x) => posted.push(x), windowMs: 4, maxBatch,
    now: clock.now, setTimer: clock.setTimeout, clearTimer: clock.clearTimeout, soon: (fn) => void micro.push(fn),
  });
  const endOfTask = () => { while (micro.length) micro.shift()!(); };
  return { b, clock, posted, endOfTask };
}
const values = (bs: Batch[]) => bs.flatMap((x) => x.events.map((e) => (e.kind === 'metric' ? e.value : NaN)));

describe('mqtt batcher', () => {
  it('a lone message leaves at the end of its task, not after the window', () => {
    const h = harness();
    h.b.events([metric(1)]);
    expect(h.posted).toHaveLength(0);
    h.endOfTask();
    expect(values(h.posted)).toEqual([1]);
    expect(h.clock.pending()).toBe(0);
  });

  it('messages of one task travel together', () => {
    const h = harness();
    h.b.events([metric(1)]);
    h.b.reject(rejection);
    h.b.events([metric(2)]);
    h.endOfTask();
    expect(h.posted).toEqual([{ events: [metric(1), metric(2)], rejections: [rejection] }]);
  });

  it('a stream leaves at most once per window, in order, none lost', () => {
    const h = harness();
    for (let i = 0; i < 40; i++) {
      h.b.events([metric(i)]);
      h.endOfTask();
      h.clock.advance(0.5); // 2,000 messages a second
    }
    h.clock.runAll();
    h.endOfTask();
    expect(values(h.posted)).toEqual(Array.from({ length: 40 }, (_, i) => i));
    // The first alone, then one batch per 4 ms window: 20 ms of traffic, about 6 posts.
    expect(h.posted[0]!.events).toHaveLength(1);
    expect(h.posted.length).toBeGreaterThanOrEqual(5);
    expect(h.posted.length).toBeLessThanOrEqual(7);
  });

  it('after a quiet spell the next message is prompt again', () => {
    const h = harness();
    h.b.events([metric(1)]);
    h.endOfTask();
    h.clock.advance(50);
    h.b.events([metric(2)]);
    h.endOfTask();
    expect(values(h.posted)).toEqual([1, 2]);
  });

  it('a batch at its size limit leaves at once', () => {
    const h = harness(3);
    h.b.events([metric(1)]);
    h.endOfTask();
    h.b.events([metric(2), metric(3)]);
    expect(h.posted).toHaveLength(1);
    h.b.events([metric(4)]);
    expect(values(h.posted)).toEqual([1, 2, 3, 4]);
    h.clock.runAll();
    h.endOfTask();
    expect(h.posted).toHaveLength(2); // the stale timer posted nothing twice
  });

  it('flush posts what is pending, and nothing when empty', () => {
    const h = harness();
    h.b.flush();
    expect(h.posted).toHaveLength(0);
    h.b.reject(rejection);
    h.b.flush();
    h.endOfTask();
    expect(h.posted).toEqual([{ events: [], rejections: [rejection] }]);
  });
});
