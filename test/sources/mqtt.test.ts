import { EventEmitter } from 'node:events';
import type { IClientOptions, MqttClient } from 'mqtt';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Rejection, TelemetryEvent } from '../../src/domain/events';
import type { ConnectionReport } from '../../src/sources/connection';
import { backoffDelay } from '../../src/sources/connection';
import { MQTT_BACKOFF, STABLE_MS, SUBSCRIPTIONS, startMqttSource } from '../../src/sources/mqtt';
import type { FakeClock } from '../helpers/fake-clock';
import { createFakeClock } from '../helpers/fake-clock';

/** Just enough of mqtt.js's client: an EventEmitter with subscribe/reconnect/end. */
class FakeClient extends EventEmitter {
  subscriptions: unknown[] = [];
  reconnects = 0;
  ended = 0;
  subscribeError: Error | null = null;
  subscribe(topics: unknown, cb?: (err: Error | null) => void) {
    this.subscriptions.push(topics);
    cb?.(this.subscribeError);
    return this;
  }
  reconnect() {
    this.reconnects++;
    return this;
  }
  end(_force?: boolean) {
    this.ended++;
    this.emit('close');
    return this;
  }
}

interface Harness {
  client: FakeClient;
  clock: FakeClock;
  states: ConnectionReport[];
  batches: TelemetryEvent[][];
  rejections: Rejection[];
  opts: { url: string; o: IClientOptions }[];
  source: ReturnType<typeof startMqttSource>;
}

const RNG = 0.5;

function start(): Harness {
  const client = new FakeClient();
  const clock = createFakeClock(0);
  const h: Omit<Harness, 'source'> = { client, clock, states: [], batches: [], rejections: [], opts: [] };
  const source = startMqttSource({
    url: 'ws://broker:9001',
    clientId: 'singing-pager-abc',
    connect: (url, o) => {
      h.opts.push({ url, o });
      return client as unknown as MqttClient;
    },
    onEvents: (e) => h.batches.push(e),
    onReject: (r) => h.rejections.push(r),
    onState: (r) => h.states.push(r),
    timers: clock,
    rng: () => RNG,
    clock: () => 99,
    // Slicing by wall-clock budget has its own tests (slicer.test.ts); here every job runs
    // at once, so a slow first parse on a loaded machine cannot defer the next message.
    slicer: { run: (job) => job() },
  });
  return { ...h, source };
}
const statuses = (h: Pick<Harness, 'states'>) => h.states.map((s) => (s.attempt ? `${s.status}(${s.attempt})` : s.status));
const send = (h: Harness, topic: string, body: string) => h.client.emit('message', topic, Buffer.from(body), {});

let h: Harness;
beforeEach(() => {
  h = start();
});

describe('startMqttSource', () => {
  it('connects with our own reconnect policy (mqtt.js reconnect disabled)', () => {
    expect(h.opts).toHaveLength(1);
    expect(h.opts[0]!.url).toBe('ws://broker:9001');
    // clean: false: a persistent session, so QoS 1 alerts sent while away are queued for us.
    expect(h.opts[0]!.o).toMatchObject({ clientId: 'singing-pager-abc', reconnectPeriod: 0, clean: false });
  });

  it('reports connecting, then live after connect, subscribing alerts/# QoS 1 and metrics/# QoS 0', () => {
    expect(statuses(h)).toEqual(['connecting']);
    h.client.emit('connect');
    expect(statuses(h)).toEqual(['connecting', 'live']);
    expect(h.client.subscriptions).toEqual([{ 'alerts/#': { qos: 1 }, 'metrics/#': { qos: 0 } }]);
    expect(SUBSCRIPTIONS).toEqual({ 'alerts/#': { qos: 1 }, 'metrics/#': { qos: 0 } });
  });

  it('a subscribe failure is reported, not live', () => {
    h.client.subscribeError = new Error('not authorised');
    h.client.emit('connect');
    expect(h.states.at(-1)).toMatchObject({ status: 'retrying', error: 'subscribe failed: not authorised' });
  });

  it('a valid message becomes events stamped with the injected clock', () => {
    h.client.emit('connect');
    send(h, 'alerts/critical', JSON.stringify({ name: 'DiskFull', labels: { instance: 'db-3' } }));
    send(h, 'metrics/cpu', '{"value": 0.42}');
    expect(h.batches).toHaveLength(2);
    expect(h.batches[0]![0]).toMatchObject({ kind: 'alert', name: 'DiskFull', severity: 'critical', source: 'mqtt', receivedAt: 99 });
    expect(h.batches[1]![0]).toMatchObject({ kind: 'metric', name: 'cpu', value: 0.42, receivedAt: 99 });
    expect(h.rejections).toEqual([]);
  });

  it('a hostile payload is rejected and later messages are still processed', () => {
    h.client.emit('connect');
    send(h, 'alerts/critical', '{"name": "X", "__proto__": {"polluted": true}}');
    send(h, 'alerts/critical', 'not json at all');
    send(h, 'metrics/cpu', '1e999');
    send(h, 'foo/bar', '1');
    send(h, 'metrics/cpu', '0.5');
    expect(h.rejections.map((r) => r.reason)).toEqual(['hostile_key', 'not_json', 'non_finite', 'unknown_topic']);
    expect(h.batches).toHaveLength(1);
    expect(h.batches[0]![0]).toMatchObject({ name: 'cpu', value: 0.5 });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('on close: retrying(1), then reconnect() after the backoff delay', () => {
    h.client.emit('connect');
    h.client.emit('error', new Error('connection reset'));
    h.client.emit('close');
    expect(h.states.at(-1)).toEqual({ status: 'retrying', attempt: 1, error: 'connection reset' });
    const delay = backoffDelay(1, () => RNG, MQTT_BACKOFF);
    expect(h.clock.delays()).toEqual([delay]);
    h.clock.advance(delay - 1);
    expect(h.client.reconnects).toBe(0);
    h.clock.advance(1);
    expect(h.client.reconnects).toBe(1);
    expect(h.states.at(-1)).toEqual({ status: 'connecting', attempt: 1 });
    h.client.emit('connect');
    expect(h.states.at(-1)).toEqual({ status: 'live', attempt: 0 });
  });

  it('a second close while a retry is pending does not double-schedule', () => {
    h.client.emit('close');
    h.client.emit('close');
    expect(h.clock.pending()).toBe(1);
    expect(statuses(h)).toEqual(['connecting', 'retrying(1)']);
  });

  it('repeated failures: retrying with growing delays, down after 6 attempts', () => {
    const delays: number[] = [];
    h.client.emit('close');
    for (let attempt = 1; attempt <= 7; attempt++) {
      delays.push(...h.clock.delays());
      h.clock.runAll();
      expect(h.client.reconnects).toBe(attempt);
      h.client.emit('close'); // the reconnect failed
    }
    const failures = h.states.filter((s) => s.status === 'retrying' || s.status === 'down');
    expect(failures.map((s) => `${s.status}(${s.attempt})`)).toEqual([
      'retrying(1)', 'retrying(2)', 'retrying(3)', 'retrying(4)', 'retrying(5)', 'down(6)', 'down(7)', 'down(8)',
    ]);
    expect(delays).toEqual([1, 2, 3, 4, 5, 6, 7].map((a) => backoffDelay(a, () => RNG, MQTT_BACKOFF)));
    for (let i = 1; i < delays.length; i++) expect(delays[i]!).toBeGreaterThanOrEqual(delays[i - 1]!);
    expect(Math.max(...delays)).toBeLessThanOrEqual(MQTT_BACKOFF.maxMs);
    // A connection that held resets the count: the first retry is quick again.
    h.clock.runAll();
    h.client.emit('connect');
    h.clock.advance(STABLE_MS);
    h.client.emit('close');
    expect(h.states.at(-1)).toMatchObject({ status: 'retrying', attempt: 1 });
    expect(h.clock.delays()).toEqual([backoffDelay(1, () => RNG, MQTT_BACKOFF)]);
  });

  it('a connection dropped at once does not reset the backoff (flapping: refused login, id takeover)', () => {
    h.client.emit('close');
    h.clock.runAll();
    h.client.emit('close');
    h.clock.runAll();
    h.client.emit('connect');
    h.clock.advance(STABLE_MS - 1);
    h.client.emit('close');
    expect(h.states.at(-1)).toMatchObject({ status: 'retrying', attempt: 3 });
    expect(h.clock.delays()).toEqual([backoffDelay(3, () => RNG, MQTT_BACKOFF)]);
  });

  it('an error from before a successful connect is not reported on a later clean close', () => {
    h.client.emit('error', new Error('ECONNREFUSED'));
    h.client.emit('close');
    h.clock.runAll();
    h.client.emit('connect');
    h.clock.advance(STABLE_MS);
    h.client.emit('close');
    expect(h.states.at(-1)).toEqual({ status: 'retrying', attempt: 1 });
  });

  it('stop() ends the client and cancels a pending retry', () => {
    h.client.emit('close');
    expect(h.clock.pending()).toBe(1);
    const before = h.states.length;
    h.source.stop();
    expect(h.client.ended).toBe(1);
    expect(h.clock.pending()).toBe(0);
    h.clock.advance(60_000);
    expect(h.client.reconnects).toBe(0);
    expect(h.states.length).toBe(before); // the close from end() schedules nothing
  });

  it('stop() while live ends the client and no retry follows its close', () => {
    h.client.emit('connect');
    h.source.stop();
    expect(h.client.ended).toBe(1);
    expect(h.clock.pending()).toBe(0);
    expect(statuses(h)).toEqual(['connecting', 'live']);
  });
});
