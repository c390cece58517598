// The MQTT client runs in a dedicated worker (src/sources/mqtt-threaded.ts), under the
// page's own Content-Security-Policy (real Chromium, CSP not bypassed): the console is
// live through it, and the worker cannot reach an origin the page was not given.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Worker } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newPage, type HarnessPage } from '../helpers/browser';
import { consoleQuery, publishJson, startRig, type Rig } from '../helpers/console-driver';

let rig: Rig;
let h: HarnessPage;
let stranger: Server;
let strangerHits = 0;
let strangerUrl = '';

async function mqttWorker(): Promise<Worker> {
  for (let i = 0; i < 50; i++) {
    for (const w of h.page.workers()) if ((await w.evaluate(() => self.name).catch(() => '')) === 'singing-pager-mqtt') return w;
    await h.page.waitForTimeout(100);
  }
  throw new Error(`no MQTT worker among ${h.page.workers().map((w) => w.url()).join(', ')}`);
}

beforeAll(async () => {
  rig = await startRig();
  stranger = createServer((_req, res) => {
    strangerHits++;
    res.writeHead(200, { 'access-control-allow-origin': '*' }).end('ok');
  });
  // A WebSocket handshake arrives as 'upgrade', not 'request': count it too.
  stranger.on('upgrade', (_req, socket) => {
    strangerHits++;
    socket.destroy();
  });
  await new Promise<void>((r) => stranger.listen(0, '127.0.0.1', r));
  strangerUrl = `http://127.0.0.1:${(stranger.address() as AddressInfo).port}`;
  h = await newPage(rig.browser, { tap: false, contextOptions: { bypassCSP: false } });
  await h.page.goto(`${rig.server.url}${consoleQuery(rig)}`);
  await h.page.waitForSelector('[data-source="mqtt"][data-status="live"]', { timeout: 15_000 });
});

afterAll(async () => {
  await h?.close();
  await new Promise((r) => { stranger?.closeAllConnections(); stranger?.close(r); });
  await rig?.close();
});

describe('MQTT in a worker', () => {
  it('the page connects through its worker, and alerts and metrics arrive', async () => {
    const w = await mqttWorker();
    expect(w.url()).toMatch(/^blob:/); // inherits the page's policy (see mqtt-worker-url.ts)
    // The page itself never loaded mqtt.js: only the worker did.
    const pageScripts = await h.page.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name).filter((n) => /mqtt/.test(n)));
    expect(pageScripts.filter((n) => /mqtt\.esm/.test(n))).toEqual([]);
    await publishJson(rig, 'alerts/critical', { name: 'ViaWorker', labels: { instance: 'w-1' } });
    await publishJson(rig, 'metrics/worker_probe', { value: 0.25 });
    await h.page.waitForSelector('.alert:has-text("ViaWorker")', { timeout: 5000 });
    await h.page.waitForSelector('[data-metric="worker_probe"]', { timeout: 5000 });
    expect(h.allErrors()).toEqual([]);
  });

  it('the worker is held to the connect-src the page added: a stranger origin is refused', async () => {
    const w = await mqttWorker();
    const before = strangerHits;
    const out = await w.evaluate(async (bad) => {
      const r: string[] = [];
      try {
        await fetch(`${bad}/x`);
        r.push('fetched');
      } catch (e) {
        r.push(`fetch refused: ${(e as Error).name}`);
      }
      try {
        const ws = new WebSocket(bad.replace('http', 'ws'));
        await new Promise((res) => { ws.onerror = res; ws.onopen = res; });
        r.push(`socket ${ws.readyState === 1 ? 'opened' : 'failed'}`);
      } catch (e) {
        r.push(`socket refused: ${(e as Error).name}`);
      }
      return r;
    }, strangerUrl);
    expect(out[0]).toBe('fetch refused: TypeError');
    expect(out[1]).toMatch(/socket (refused|failed)/);
    expect(strangerHits).toBe(before);
    h.consoleErrors.length = 0; // Chromium logs each refusal: expected here
  });
});
