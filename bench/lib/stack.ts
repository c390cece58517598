// The one place the bench starts what it needs: real Mosquitto, Prometheus and
// Pushgateway (scripts/lib/services.mjs), the built console (vite build + preview),
// the naive baseline page and the offline-render page (both built/served from bench/),
// and headless Debian Chromium: through playwright-core, plus a second, uninstrumented
// one for the pages whose speed is measured (bare-browser.ts). close() stops all of it.
import type { Browser } from 'playwright-core';
import mqtt from 'mqtt';
import type { MqttClient } from 'mqtt';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { parse, stringify } from 'yaml';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { audioTapInitScript } from '../../test/helpers/audio-tap';
import { launchBrowser, newPage, type HarnessPage, type PageRunner } from '../../test/helpers/browser';
import { launchBareBrowser, type BareBrowser, type BarePage } from './bare-browser';
import { REPO_ROOT, serveDist, serveStatic, type Served } from '../../test/helpers/serve';
import { startMosquitto, startPrometheus, startPushgateway, type MosquittoHandle, type PrometheusHandle, type ServiceHandle } from '../../test/helpers/services';
import { benchInitScript, type RecorderOptions } from './page-scripts';

export const BENCH_DIR = resolve(REPO_ROOT, 'bench');

export interface BenchStack {
  broker: MosquittoHandle;
  prometheus: PrometheusHandle | null;
  pushgateway: ServiceHandle | null;
  app: Served;
  appDir: string;
  baseline: Served;
  /** Builds (once) and serves the offline-render page; rejects if the app's engine does not build. */
  renderPage(): Promise<Served>;
  browser: Browser;
  /** Headless Chromium with no DevTools instrumentation, for measured pages. */
  bare: BareBrowser;
  tmp: string;
  /** A fresh real MQTT client (TCP) for publishing. */
  publisher(name: string): Promise<MqttClient>;
  close(): Promise<void>;
}

export interface StackOptions {
  /** Start Prometheus + Pushgateway (default true). */
  prometheus?: boolean;
  log?: (m: string) => void;
}

/**
 * Vite build in production mode whatever this process's NODE_ENV says. Vite keeps a
 * NODE_ENV that is already set, and both vitest ('test') and a Vite server
 * ('development') set one — which bundles React's development build (about 3× slower
 * rendering, +60 KB gzip). So the bench never reuses dist/: it builds its own copy.
 */
async function productionBuild(root: string, outDir: string, configFile?: false): Promise<string> {
  const { build } = await import('vite');
  const saved = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ root, mode: 'production', logLevel: 'error', ...(configFile === false && { configFile: false }), build: { outDir, emptyOutDir: true, target: 'es2022', ...(configFile === false && { sourcemap: true }) } });
  } finally {
    if (saved === undefined) delete process.env.NODE_ENV; else process.env.NODE_ENV = saved;
  }
  return outDir;
}

/** Builds the offline-render page (bench/render → the app's own engine) into a temp dir. */
function buildRenderPage(outDir: string): Promise<string> {
  return productionBuild(join(BENCH_DIR, 'render'), outDir, false);
}

/**
 * The project's rule files as prometheus.yml lists them, with the bench's group added
 * to alerts.yml (the template names its rule files; extra files would not be loaded).
 */
function benchRuleFiles(tmp: string): string[] {
  const dir = join(tmp, 'rules');
  mkdirSync(dir, { recursive: true });
  const conf = parse(readFileSync(join(REPO_ROOT, 'prometheus/prometheus.yml'), 'utf8')) as { rule_files?: string[] };
  const listed = (conf.rule_files ?? []).filter((f) => !f.includes('*'));
  return listed.map((name) => {
    const src = join(REPO_ROOT, 'prometheus', name);
    if (name !== 'alerts.yml') return src;
    const doc = parse(readFileSync(src, 'utf8')) as { groups: unknown[] };
    const bench = parse(readFileSync(join(BENCH_DIR, 'prometheus/bench-rules.yml'), 'utf8')) as { groups: unknown[] };
    writeFileSync(join(dir, name), stringify({ ...doc, groups: [...doc.groups, ...bench.groups] }));
    return join(dir, name);
  });
}

export async function startBenchStack(o: StackOptions = {}): Promise<BenchStack> {
  const log = o.log ?? (() => {});
  const tmp = mkdtempSync(join(tmpdir(), 'sp-bench-'));
  chmodSync(tmp, 0o755); // mosquitto drops to its own user and must reach its state dir
  log('building the console (production)');
  const appDir = await productionBuild(REPO_ROOT, join(tmp, 'app'));
  log('starting mosquitto, prometheus, pushgateway, servers, chromium');
  const withProm = o.prometheus !== false;
  const [broker, pushgateway, app, baseline, browser, bare] = await Promise.all([
    startMosquitto({ stateDir: join(tmp, 'mosquitto') }),
    withProm ? startPushgateway({ stateDir: join(tmp, 'pushgateway') }) : Promise.resolve(null),
    serveDist({ outDir: appDir }),
    serveStatic({
      mounts: {
        '/vendor/tone/': join(REPO_ROOT, 'node_modules/tone/build'),
        '/vendor/mqtt/': join(REPO_ROOT, 'node_modules/mqtt/dist'),
        '/': join(BENCH_DIR, 'baseline'),
      },
    }),
    launchBrowser(),
    launchBareBrowser(),
  ]);
  let render: Promise<Served> | null = null;
  const prometheus = withProm && pushgateway
    ? await startPrometheus({
        stateDir: join(tmp, 'prometheus'), scrapeInterval: '1s', evaluationInterval: '1s',
        targets: { pushgateway: pushgateway.ports.http! }, ruleFiles: benchRuleFiles(tmp),
      })
    : null;
  const clients: MqttClient[] = [];
  return {
    broker, prometheus, pushgateway, app, appDir, baseline, browser, bare, tmp,
    renderPage() {
      render ??= buildRenderPage(join(tmp, 'render')).then((dir) => serveStatic({ mounts: { '/': dir } }));
      return render;
    },
    async publisher(name) {
      const c = await mqtt.connectAsync(broker.urls.mqtt, { clientId: `bench-${name}-${process.pid}-${Date.now()}`, reconnectPeriod: 0, ...broker.publisher });
      clients.push(c);
      return c;
    },
    async close() {
      await Promise.all(clients.map((c) => c.endAsync(true).catch(() => {})));
      await Promise.all([browser.close(), bare.close()].map((p) => p.catch(() => {})));
      const r = render ? await render.catch(() => null) : null;
      await Promise.all([app.close(), baseline.close(), r?.close()].map((p) => p?.catch(() => {})));
      await Promise.all([broker.stop(), prometheus?.stop(), pushgateway?.stop()].map((p) => p?.catch(() => {})));
      rmSync(tmp, { recursive: true, force: true });
    },
  };
}

export interface BenchPage extends HarnessPage {
  timeOrigin: number;
}

/**
 * A page with the test harness's audio tap, then the bench's recorder, long-task
 * observer and readiness marks. `tap: false` leaves the tap out (ingest/soak runs,
 * where it would only add load).
 */
export async function openBenchPage(stack: BenchStack, url: string,
  o: { tap?: boolean; recorder?: RecorderOptions | false; beforeGoto?: (h: HarnessPage) => Promise<void> } = {}): Promise<BenchPage> {
  // The bench's recorder, like the tap, is a blob: AudioWorklet the app's CSP refuses.
  const h = await newPage(stack.browser, { ...(o.tap === false && { tap: false }), contextOptions: { bypassCSP: true } });
  await h.page.addInitScript({ content: benchInitScript(o.recorder === false ? { recorder: false } : o.recorder ?? {}) });
  await h.page.setViewportSize({ width: 1280, height: 820 });
  await o.beforeGoto?.(h);
  await h.page.goto(url);
  const timeOrigin = await h.page.evaluate(() => performance.timeOrigin);
  return Object.assign(h, { timeOrigin });
}

export interface MeasuredPage extends BarePage, PageRunner {}

/**
 * Like openBenchPage, in the uninstrumented browser: for latency and ingest, where
 * DevTools' per-WebSocket-frame reporting would be measured along with the console.
 * `run` evaluates without a user gesture (the audio tap's helpers take it).
 */
export async function openMeasuredPage(stack: BenchStack, url: string, o: { tap?: boolean; recorder?: RecorderOptions | false } = {}): Promise<MeasuredPage> {
  const initScripts = [...(o.tap === false ? [] : [audioTapInitScript({})]), benchInitScript(o.recorder === false ? { recorder: false } : o.recorder ?? {})];
  const p = await stack.bare.open(url, { initScripts, bypassCSP: true });
  return Object.assign(p, { run: <R, A>(fn: (arg: A) => R | Promise<R>, arg?: A) => p.evaluate(fn, arg, { userGesture: false }) });
}

export function consoleUrl(stack: BenchStack, extra = ''): string {
  return `${stack.app.url}?mqtt=${encodeURIComponent(stack.broker.urls.ws)}${extra}`;
}

export function baselineUrl(stack: BenchStack): string {
  return `${stack.baseline.url}?mqtt=${encodeURIComponent(stack.broker.urls.ws)}`;
}
