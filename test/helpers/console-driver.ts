// Drives the real console in real Chromium against a real broker: one place that
// starts what an e2e file needs, opens the app, and publishes like a real system.
import type { Browser } from 'playwright-core';
import mqtt from 'mqtt';
import type { MqttClient } from 'mqtt';
import { mkdirSync, mkdtempSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { evalNoGesture, launchBrowser, newPage, tapOf, type HarnessPage, type LaunchOptions, type Tap } from './browser';
import { REPO_ROOT, buildApp, serveDist, type Served, type ServeOptions } from './serve';
import { startMosquitto, type MosquittoHandle } from './services';

export interface Rig {
  broker: MosquittoHandle;
  server: Served;
  browser: Browser;
  publisher: MqttClient;
  close(): Promise<void>;
}

export interface RigOptions {
  /** Extra serve options, e.g. { env: { SP_PUSHGATEWAY_URL } } for the Pushgateway proxy. */
  serve?: Omit<ServeOptions, 'outDir'>;
}

export async function startRig(launch: LaunchOptions = {}, opts: RigOptions = {}): Promise<Rig> {
  const dir = mkdtempSync(join(tmpdir(), 'sp-e2e-'));
  chmodSync(dir, 0o755); // mosquitto drops to its own user and must reach its state dir
  // Overridable so several people testing in one tree do not race on dist/.
  const outDir = process.env.SP_E2E_OUTDIR ?? 'dist';
  const [broker, server, browser] = await Promise.all([
    startMosquitto({ stateDir: join(dir, 'mosquitto') }),
    buildApp({ outDir }).then(() => serveDist({ ...opts.serve, outDir })),
    launchBrowser(launch),
  ]);
  // The TCP listener takes only the stack's publisher (anonymous consoles read over WebSockets).
  const publisher = await mqtt.connectAsync(broker.urls.mqtt, { clientId: `e2e-pub-${process.pid}-${Date.now()}`, ...broker.publisher });
  return {
    broker,
    server,
    browser,
    publisher,
    async close() {
      await publisher.endAsync(true).catch(() => {});
      await browser.close().catch(() => {});
      await server.close().catch(() => {});
      await broker.stop().catch(() => {});
    },
  };
}

export interface OpenConsole {
  h: HarnessPage;
  tap: Tap;
  /** performance.timeOrigin of the page: page perf ms + timeOrigin = epoch ms. */
  timeOrigin: number;
  epochToPerf(epochMs: number): number;
}

export async function openConsole(rig: Rig, query: string, opts: { waitLive?: boolean; tap?: boolean } = {}): Promise<OpenConsole> {
  const h = await newPage(rig.browser, opts.tap === false ? { tap: false } : {});
  await h.page.setViewportSize({ width: 1280, height: 820 });
  await h.page.goto(`${rig.server.url}${query}`);
  if (opts.waitLive !== false) await h.page.waitForSelector('[data-source="mqtt"][data-status="live"]', { timeout: 15_000 });
  const tap = tapOf(h.page);
  // page.evaluate would count as a user gesture and quietly unlock audio.
  const timeOrigin = await evalNoGesture(h.page, () => performance.timeOrigin);
  return { h, tap, timeOrigin, epochToPerf: (e) => e - timeOrigin };
}

export function consoleQuery(rig: Rig, extra = ''): string {
  return `/?mqtt=${encodeURIComponent(rig.broker.urls.ws)}${extra}`;
}

/** Publishes with QoS 1 and returns the wall-clock ms just before the publish. */
export async function publishJson(rig: Rig, topic: string, body: unknown): Promise<number> {
  const payload = typeof body === 'string' ? body : JSON.stringify(body);
  const sentAt = Date.now();
  await rig.publisher.publishAsync(topic, payload, { qos: 1 });
  return sentAt;
}

export function artifactPath(name: string): string {
  const dir = join(REPO_ROOT, 'test-results');
  mkdirSync(dir, { recursive: true });
  return join(dir, name);
}
