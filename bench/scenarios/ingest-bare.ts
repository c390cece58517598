// The browser's own ceiling for MQTT over WebSockets: a bare WebSocket in a worker that
// speaks just enough MQTT to subscribe (CONNECT, SUBSCRIBE metrics/#) and counts PUBLISH
// packets — no mqtt.js, no parsing, no console. Mosquitto sends each MQTT message as its
// own WebSocket frame, and Chromium's per-frame cost (network service → renderer →
// worker event) bounds what any browser client can take; this measures that bound with
// the same publisher and the same pass rule as the console's ingest steps.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { MqttClient } from 'mqtt';
import { pacedPublish, sleep } from '../lib/publish';
import type { BenchStack } from '../lib/stack';

const WORKER = `
let msgs = 0;
const enc = (s) => new TextEncoder().encode(s);
const str = (s) => { const b = enc(s); return [b.length >> 8, b.length & 255, ...b]; };
function pkt(type, body) {
  const head = [type];
  let n = body.length;
  do { let b = n % 128; n = Math.floor(n / 128); if (n) b |= 128; head.push(b); } while (n);
  return new Uint8Array([...head, ...body]);
}
onmessage = (e) => {
  if (e.data.get) return postMessage({ msgs });
  const ws = new WebSocket(e.data.url, 'mqtt');
  ws.binaryType = 'arraybuffer';
  ws.onopen = () => ws.send(pkt(0x10, [...str('MQTT'), 4, 2, 0, 60, ...str(e.data.clientId)]));
  let acked = false;
  ws.onmessage = (m) => {
    const u = new Uint8Array(m.data);
    if (!acked) { acked = true; ws.send(pkt(0x82, [0, 1, ...str('metrics/#'), 0])); return; }
    for (let i = 0; i < u.length;) {
      const type = u[i] >> 4;
      let mul = 1, len = 0, j = i + 1, b;
      do { b = u[j++]; len += (b & 127) * mul; mul *= 128; } while (b & 128);
      if (type === 3) msgs++;
      i = j + len;
    }
  };
};`;

export interface BareStep { rate: number; sent: number; received: number; drainMs: number | null; pass: boolean }

/** Steps up through `rates` (msgs/s for `seconds` each) until one fails; the last pass is the bound. */
export async function bareWebSocket(stack: BenchStack, pub: MqttClient, o: { rates: number[]; seconds: number; drainMs: number }): Promise<{ msgsPerSecond: number; steps: BareStep[] }> {
  const srv = http.createServer((_, r) => { r.setHeader('content-type', 'text/html'); r.end('<!doctype html><title>bare</title>'); }).listen(0, '127.0.0.1');
  await new Promise((r) => srv.once('listening', r));
  const page = await stack.bare.open(`http://127.0.0.1:${(srv.address() as AddressInfo).port}/`);
  try {
    await page.evaluate(({ src, url, clientId }) => {
      const w = new Worker(URL.createObjectURL(new Blob([src], { type: 'text/javascript' })));
      (window as unknown as { __bare: Worker }).__bare = w;
      w.postMessage({ url, clientId });
    }, { src: WORKER, url: stack.broker.urls.ws, clientId: `bench-bare-${process.pid}` });
    const count = () => page.evaluate(() => new Promise<number>((r) => {
      const w = (window as unknown as { __bare: Worker }).__bare;
      w.onmessage = (e: MessageEvent<{ msgs: number }>) => r(e.data.msgs);
      w.postMessage({ get: 1 });
    }));
    await sleep(1000);
    let seq = 0;
    const steps: BareStep[] = [];
    let best = 0;
    for (const rate of o.rates) {
      const base = await count();
      const n = Math.round(rate * o.seconds);
      const t = await pacedPublish(pub, { rate, count: n, make: () => ({ topic: 'metrics/bare', payload: `{"value":${seq++}}`, qos: 0 }) });
      let got = 0;
      let drainMs: number | null = null;
      while (Date.now() < t.endedAt + o.drainMs + 3000) {
        got = (await count()) - base;
        if (got >= n) { drainMs = Date.now() - t.endedAt; break; }
        await sleep(25);
      }
      const pass = got === n && drainMs !== null && drainMs <= o.drainMs;
      steps.push({ rate, sent: n, received: got, drainMs, pass });
      if (!pass) break;
      best = rate;
      await sleep(1000);
    }
    return { msgsPerSecond: best, steps };
  } finally {
    await page.close();
    srv.close();
  }
}
