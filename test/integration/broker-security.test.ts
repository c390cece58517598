// The shipped broker config is safe by default: loopback only; publishers log in over
// TCP; anonymous WebSocket clients (consoles) may read alerts/# and metrics/# only.
import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, startMosquitto, type MosquittoHandle } from '../helpers/services';

const dir = mkdtempSync(join(tmpdir(), 'sp-sec-'));
chmodSync(dir, 0o755);
let broker: MosquittoHandle;
let pub: mqtt.MqttClient;

beforeAll(async () => {
  broker = await startMosquitto({ stateDir: join(dir, 'mosquitto') });
  pub = await mqtt.connectAsync(broker.urls.mqtt, { ...broker.publisher, reconnectPeriod: 0 });
});
afterAll(async () => {
  await pub?.endAsync(true);
  await broker?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A client that records what it receives. */
async function listener(url: string, topics: string[], auth: object = {}) {
  const c = await mqtt.connectAsync(url, { reconnectPeriod: 0, ...auth });
  const got: string[] = [];
  c.on('message', (t, p) => got.push(`${t} ${p.toString()}`));
  const granted = await c.subscribeAsync(topics, { qos: 1 });
  return { c, got, granted };
}

describe('broker security (mosquitto/mosquitto.conf + mosquitto/acl)', () => {
  it('binds every listener to loopback', () => {
    const conf = readFileSync(join(REPO_ROOT, 'mosquitto/mosquitto.conf'), 'utf8');
    const listeners = conf.split('\n').filter((l) => /^listener\s/.test(l));
    expect(listeners).toHaveLength(2);
    for (const l of listeners) expect(l).toMatch(/^listener \d+ 127\.0\.0\.1$/);
    expect(conf).toMatch(/^per_listener_settings true$/m);
  });

  it('refuses an anonymous TCP client, and a wrong password', async () => {
    await expect(mqtt.connectAsync(broker.urls.mqtt, { reconnectPeriod: 0, connectTimeout: 5000 })).rejects.toThrow(/Not authorized|Bad username/i);
    await expect(mqtt.connectAsync(broker.urls.mqtt, { reconnectPeriod: 0, connectTimeout: 5000, username: broker.publisher.username, password: 'wrong' })).rejects.toThrow(/Not authorized|Bad username/i);
  });

  it('lets an anonymous WebSocket client read alerts/# and metrics/#', async () => {
    const ws = await listener(broker.urls.ws, ['alerts/#', 'metrics/#']);
    try {
      await pub.publishAsync('alerts/critical', '{"name":"Readable"}', { qos: 1 });
      await pub.publishAsync('metrics/cpu', '0.5', { qos: 1 });
      for (let i = 0; i < 50 && ws.got.length < 2; i++) await sleep(50);
      expect(ws.got).toEqual(['alerts/critical {"name":"Readable"}', 'metrics/cpu 0.5']);
    } finally {
      await ws.c.endAsync(true);
    }
  });

  it("drops an anonymous WebSocket client's publishes, on alerts/# and anywhere else", async () => {
    const watcher = await listener(broker.urls.mqtt, ['#'], broker.publisher);
    const ws = await mqtt.connectAsync(broker.urls.ws, { reconnectPeriod: 0 });
    try {
      await ws.publishAsync('alerts/critical', '{"name":"Forged"}', { qos: 1 });
      await ws.publishAsync('metrics/cpu', '0.99', { qos: 1 });
      await ws.publishAsync('control/reboot', 'now', { qos: 0 });
      // A marker from the real publisher after them: once it is here, theirs would be too.
      await pub.publishAsync('alerts/info', 'marker', { qos: 1 });
      for (let i = 0; i < 50 && !watcher.got.includes('alerts/info marker'); i++) await sleep(50);
      await sleep(300);
      expect(watcher.got.filter((m) => !m.startsWith('sp/health/'))).toEqual(['alerts/info marker']);
    } finally {
      await Promise.all([ws.endAsync(true), watcher.c.endAsync(true)]);
    }
  });

  it('lets an anonymous WebSocket client read nothing outside alerts/# and metrics/#', async () => {
    const ws = await listener(broker.urls.ws, ['#', 'secret/#', '$SYS/#']);
    try {
      await pub.publishAsync('secret/keys', 'hunter2', { qos: 1 });
      await pub.publishAsync('sp/health/ready', 'ok', { qos: 1 });
      await pub.publishAsync('alerts/info', 'visible', { qos: 1 });
      for (let i = 0; i < 50 && !ws.got.includes('alerts/info visible'); i++) await sleep(50);
      await sleep(300);
      expect(ws.got).toEqual(['alerts/info visible']);
    } finally {
      await ws.c.endAsync(true);
    }
  });
});
