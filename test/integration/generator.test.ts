// The demo telemetry generator against a real broker and Pushgateway: what it sends
// must be what the console's parser accepts, and it must survive a broker restart.
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGenerator } from '../../scripts/generator.mjs';
import { parseMessage } from '../../src/domain/payload';
import type { TelemetryEvent } from '../../src/domain/events';
import { startMosquitto, startPushgateway } from '../helpers/services';
import type { MosquittoHandle, ServiceHandle } from '../helpers/services';

async function waitFor(what: string, fn: () => boolean | Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await fn())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('telemetry generator', () => {
  let dir = '';
  let broker: MosquittoHandle | undefined;
  let pg: ServiceHandle | undefined;
  let gen: Awaited<ReturnType<typeof startGenerator>> | undefined;
  let sub: mqtt.MqttClient | undefined;
  const events: { topic: string; at: number; event: TelemetryEvent }[] = [];
  const rejected: string[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sp-gen-'));
    chmodSync(dir, 0o755); // the broker runs as user mosquitto when we are root
    [broker, pg] = await Promise.all([
      startMosquitto({ stateDir: join(dir, 'mosquitto') }),
      startPushgateway({ stateDir: join(dir, 'pushgateway') }),
    ]);
    sub = await mqtt.connectAsync(broker.urls.ws, { reconnectPeriod: 300 });
    sub.on('message', (topic, payload) => {
      const r = parseMessage(payload, { topic, receivedAt: performance.now(), source: 'mqtt' });
      if (r.ok) for (const event of r.events) events.push({ topic, at: Date.now(), event });
      else rejected.push(`${topic}: ${r.rejection.reason} ${r.rejection.detail}`);
    });
    await sub.subscribeAsync(['metrics/#', 'alerts/#'], { qos: 1 });
    gen = await startGenerator({
      mqttUrl: broker.urls.mqtt, pushgatewayUrl: pg.url, intervalMs: 100, pushEveryMs: 300, ...broker.publisher,
      incidentEveryMs: [200, 400], incidentLengthMs: [400, 800], log: () => {},
    });
  });
  afterAll(async () => {
    await gen?.stop();
    await sub?.endAsync(true);
    await Promise.all([broker?.stop(), pg?.stop()]);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('publishes metrics the console parses, with plausible values', async () => {
    const names = ['cpu', 'memory', 'latency', 'disk'];
    await waitFor('all metric topics', () => names.every((n) => events.some((e) => e.topic === `metrics/${n}`)));
    for (const { event } of events) {
      if (event.kind !== 'metric') continue;
      expect(Number.isFinite(event.value)).toBe(true);
      expect(event.value).toBeGreaterThanOrEqual(0);
      expect(event.sentAt).toBeGreaterThan(Date.now() - 60_000);
      if (event.name !== 'latency') expect(event.value).toBeLessThanOrEqual(1);
    }
    expect(rejected).toEqual([]);
  });

  it('fires alerts and later resolves the same ones', async () => {
    const alertStates = (state: 'firing' | 'resolved') =>
      new Set(events.flatMap(({ event: e }) => (e.kind === 'alert' && e.state === state ? [e.id] : [])));
    await waitFor('a fired alert to resolve', () => {
      const resolved = alertStates('resolved');
      return [...alertStates('firing')].some((id) => resolved.has(id));
    });
    const alert = events.find((e) => e.event.kind === 'alert')!;
    expect(alert.topic).toMatch(/^alerts\/(critical|warning)$/);
    if (alert.event.kind !== 'alert') throw new Error('unreachable');
    expect(alert.event.labels.instance).toMatch(/^(db-3|api-1|web-1)$/);
    expect(alert.event.annotations.summary).toBeTruthy();
    expect(rejected).toEqual([]);
  });

  it('pushes the sp_demo_* gauges and a heartbeat to the Pushgateway', async () => {
    let text = '';
    await waitFor('demo gauges', async () => {
      text = await (await fetch(`${pg!.url}/metrics`)).text();
      return text.includes('sp_demo_heartbeat_timestamp_seconds');
    });
    for (const g of ['sp_demo_disk_used_ratio', 'sp_demo_latency_seconds', 'sp_demo_error_rate', 'sp_demo_cpu_ratio', 'sp_demo_memory_ratio']) {
      expect(text).toMatch(new RegExp(`^${g}\\{instance="[a-z0-9-]+",job="sp_demo"\\} [0-9.e+-]+$`, 'm'));
    }
    expect(text).toMatch(/^sp_demo_broker_up\{instance="",job="sp_demo"\} 1$/m);
  });

  it('keeps publishing after the broker restarts', async () => {
    await broker!.restart();
    const after = Date.now();
    await waitFor('metrics after restart', () => events.some((e) => e.at > after && e.topic === 'metrics/cpu'));
  });
});
