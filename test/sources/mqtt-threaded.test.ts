// The MQTT source split across a worker (mqtt-worker-core.ts) and the page
// (mqtt-threaded.ts), joined here by an in-process channel that clones every message
// as postMessage would: events arrive in batches stamped on the page's clock, states
// and rejections in order, stop ends the client, and a worker that cannot start
// leaves the source running in the page.
import { EventEmitter } from 'node:events';
import type { IClientOptions, MqttClient } from 'mqtt';
import { describe, expect, it } from 'vitest';
import type { Rejection, TelemetryEvent } from '../../src/domain/events';
import type { ConnectionReport } from '../../src/sources/connection';
import type { FromWorker, ToWorker, WorkerScope } from '../../src/sources/mqtt-worker-core';
import { serveMqtt } from '../../src/sources/mqtt-worker-core';
import type { WorkerLike } from '../../src/sources/mqtt-threaded';
import { PAGE_JOB_EVENTS, startMqtt } from '../../src/sources/mqtt-threaded';
import { createFakeClock } from '../helpers/fake-clock';

class FakeClient extends EventEmitter {
  ended = 0;
  subscribe(_t: unknown, cb?: (err: Error | null) => void) {
    cb?.(null);
    return this;
  }
  reconnect() {
    return this;
  }
  end() {
    this.ended++;
    this.emit('close');
    return this;
  }
}

/** A worker in this process: both directions queue until `deliver()`, cloned like postMessage. */
function inProcess(o: { fail?: boolean } = {}) {
  const client = new FakeClient();
  const opts: IClientOptions[] = [];
  const toWorker: ToWorker[] = [];
  const toPage: FromWorker[] = [];
  let terminated = false;
  const scope: WorkerScope = { onmessage: null, postMessage: (m) => void toPage.push(structuredClone(m)) };
  const worker: WorkerLike = {
    onmessage: null,
    onerror: null,
    postMessage: (m) => void toWorker.push(structuredClone(m)),
    terminate: () => void (terminated = true),
  };
  const create = () => {
    if (!o.fail) {
      // Worker clock: its origin is 250 ms after the page's, so its now() 10 is the page's 260.
      serveMqtt(scope, (_url, op) => (opts.push(op), client as unknown as MqttClient), {
        perf: { now: () => 10, timeOrigin: 1_250 },
        batcher: { soon: (fn) => fn(), windowMs: 0 }, // each message its own batch (timing: mqtt-batcher.test.ts)
      });
    }
    return worker;
  };
  const deliver = async () => {
    await Promise.resolve(); // the client id settles
    while (toWorker.length || toPage.length) {
      while (toWorker.length) scope.onmessage?.({ data: toWorker.shift()! });
      while (toPage.length) worker.onmessage?.({ data: toPage.shift()! });
      await Promise.resolve();
    }
  };
  return { client, opts, create, worker, deliver, terminated: () => terminated };
}

function page(create: () => WorkerLike, connect?: () => MqttClient) {
  const got = { batches: [] as TelemetryEvent[][], rejections: [] as Rejection[], states: [] as ConnectionReport[] };
  const clock = createFakeClock(0);
  const source = startMqtt({
    url: 'ws://broker:9001',
    clientId: Promise.resolve('singing-pager-abc-tab1'),
    createWorker: create,
    loadClient: async () => () => (connect ? connect() : (() => { throw new Error('not in the page'); })()),
    onEvents: (e) => got.batches.push(e),
    onReject: (r) => got.rejections.push(r),
    onState: (r) => got.states.push(r),
    slicer: { run: (job) => job() },
    timeOrigin: 1_000,
    timers: clock,
  });
  return { got, source, clock };
}

describe('MQTT source in a worker', () => {
  it('connects with the page\'s client id and the persistent-session options, and reports live', async () => {
    const w = inProcess();
    const p = page(w.create);
    await w.deliver();
    expect(w.opts[0]).toMatchObject({ clientId: 'singing-pager-abc-tab1', clean: false, reconnectPeriod: 0 });
    w.client.emit('connect');
    await w.deliver();
    expect(p.got.states.map((s) => s.status)).toEqual(['connecting', 'live']);
  });

  it('messages arrive as events on the page\'s clock; bad ones as rejections, in order', async () => {
    const w = inProcess();
    const p = page(w.create);
    await w.deliver();
    w.client.emit('connect');
    w.client.emit('message', 'alerts/critical', Buffer.from(JSON.stringify({ name: 'DiskFull', labels: { instance: 'db-3' } })));
    w.client.emit('message', 'alerts/critical', Buffer.from('{"name": "X", "__proto__": {"polluted": true}}'));
    w.client.emit('message', 'metrics/cpu', Buffer.from('{"value": 0.42}'));
    w.client.emit('message', 'alerts/info', Buffer.from(`{"name": "${'n'.repeat(65 * 1024)}"}`));
    await w.deliver();
    expect(p.got.batches.flat()).toMatchObject([
      { kind: 'alert', name: 'DiskFull', severity: 'critical', source: 'mqtt', receivedAt: 260 },
      { kind: 'metric', name: 'cpu', value: 0.42, receivedAt: 260 },
    ]);
    expect(p.got.rejections.map((r) => r.reason)).toEqual(['hostile_key', 'too_large']);
  });

  it('a big batch reaches the pipeline in jobs of at most PAGE_JOB_EVENTS, in order', async () => {
    const w = inProcess();
    const p = page(w.create);
    await w.deliver();
    const events: TelemetryEvent[] = Array.from({ length: 70 }, (_, i) => ({ kind: 'metric', name: 'm', value: i, source: 'mqtt', receivedAt: 0 }));
    w.worker.onmessage?.({ data: { type: 'batch', events, rejections: [] } });
    expect(p.got.batches.map((b) => b.length)).toEqual([PAGE_JOB_EVENTS, PAGE_JOB_EVENTS, 70 - 2 * PAGE_JOB_EVENTS]);
    expect(p.got.batches.flat()).toEqual(events);
  });

  it('a close is retried with backoff inside the worker, reported to the page', async () => {
    const w = inProcess();
    const p = page(w.create);
    await w.deliver();
    w.client.emit('connect');
    w.client.emit('error', new Error('connection reset'));
    w.client.emit('close');
    await w.deliver();
    expect(p.got.states.at(-1)).toEqual({ status: 'retrying', attempt: 1, error: 'connection reset' });
  });

  it('stop ends the client in the worker, and then the worker', async () => {
    const w = inProcess();
    const p = page(w.create);
    await w.deliver();
    w.client.emit('connect');
    await w.deliver();
    const states = p.got.states.length;
    p.source.stop();
    await w.deliver();
    expect(w.client.ended).toBe(1);
    expect(w.terminated()).toBe(true);
    expect(p.got.states.length).toBe(states); // nothing after stop
  });

  it('a worker that never started: the source runs in the page instead', async () => {
    const w = inProcess({ fail: true });
    const inPage = new FakeClient();
    const p = page(w.create, () => inPage as unknown as MqttClient);
    w.worker.onerror?.({ message: 'Failed to load the worker script' });
    await new Promise((r) => setTimeout(r, 0));
    expect(w.terminated()).toBe(true);
    inPage.emit('connect');
    inPage.emit('message', 'alerts/warning', Buffer.from('{"name": "InPage"}'));
    expect(p.got.states.map((s) => s.status)).toEqual(['connecting', 'live']);
    expect(p.got.batches.flat()).toMatchObject([{ name: 'InPage', severity: 'warning' }]);
  });

  it('without workers (node), the source runs in the page', async () => {
    const inPage = new FakeClient();
    const got: TelemetryEvent[][] = [];
    startMqtt({
      url: 'ws://broker:9001', clientId: 'id', createWorker: null,
      loadClient: async () => () => inPage as unknown as MqttClient,
      onEvents: (e) => got.push(e), onReject: () => {}, onState: () => {}, slicer: { run: (job) => job() },
    });
    await new Promise((r) => setTimeout(r, 0));
    inPage.emit('message', 'metrics/cpu', Buffer.from('0.5'));
    expect(got.flat()).toMatchObject([{ name: 'cpu', value: 0.5 }]);
  });
});
