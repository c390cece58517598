// The console sings what a real Prometheus says: a value pushed to a real Pushgateway
// makes real rules (test copies with `for: 2s`, 1 s evaluation) fire; the console in
// headless Chromium shows and sounds it; a real Alertmanager silence keeps it quiet;
// killing Prometheus is heard (the feed-lost motif) and so is its return; a PromQL
// metric voice follows a pushed value, one voice per series.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { evalNoGesture, newPage, tapOf, type HarnessPage, type Tap } from '../helpers/browser';
import { artifactPath, consoleQuery, publishJson, startRig, type Rig } from '../helpers/console-driver';
import { estimatePitch, relError, soundingRegion } from '../helpers/pitch';
import { serveDist } from '../helpers/serve';
import { REPO_ROOT, startAlertmanager, startPrometheus, startPushgateway, type PrometheusHandle, type ServiceHandle } from '../helpers/services';

const POLL_MS = 2000; // the console's default pollInterval
const dir = mkdtempSync(join(tmpdir(), 'sp-prom-e2e-'));
let pg: ServiceHandle;
let am: ServiceHandle;
let prom: PrometheusHandle;
let rig: Rig;
let h: HarnessPage;
let tap: Tap;
let timeOrigin = 0;
const figures: Record<string, number> = {};

/** The project's configs, cut to what this test needs: the Pushgateway, its Alertmanager, the demo rules with `for: 2s`. */
function testConfigs(): { template: string; rules: string } {
  const conf = parse(readFileSync(join(REPO_ROOT, 'prometheus/prometheus.yml'), 'utf8'));
  conf.scrape_configs = conf.scrape_configs.filter((j: { job_name: string }) => j.job_name === 'pushgateway');
  conf.rule_files = ['alerts.yml'];
  const template = join(dir, 'prometheus.yml');
  writeFileSync(template, stringify(conf));
  const rules = parse(readFileSync(join(REPO_ROOT, 'prometheus/alerts.yml'), 'utf8'));
  rules.groups = rules.groups.filter((g: { name: string }) => g.name === 'demo');
  for (const r of rules.groups[0].rules) r.for = '2s';
  const file = join(dir, 'alerts.yml');
  writeFileSync(file, stringify(rules));
  return { template, rules: file };
}

async function push(job: string, body: string): Promise<void> {
  const r = await fetch(`${pg.url}/metrics/job/${job}`, { method: 'PUT', body });
  expect(r.status, await r.text()).toBe(200);
}

type PromAlert = { labels: Record<string, string>; state: string };
async function promAlerts(): Promise<PromAlert[]> {
  const r = await fetch(`${prom.url}/api/v1/alerts`, { signal: AbortSignal.timeout(2000) });
  return ((await r.json()) as { data: { alerts: PromAlert[] } }).data.alerts;
}

async function waitFor<T>(what: string, fn: () => Promise<T | undefined | false>, timeoutMs = 20_000, everyMs = 25): Promise<T> {
  const end = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v !== undefined && v !== false) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** Wall-clock ms when Prometheus itself first says `name` is in `state` (or gone, for null). */
const promSays = (name: string, state: string | null, timeoutMs = 20_000) =>
  waitFor(`Prometheus: ${name} ${state ?? 'gone'}`, async () => {
    const a = (await promAlerts()).find((x) => x.labels.alertname === name);
    return (state === null ? !a : a?.state === state) ? Date.now() : undefined;
  }, timeoutMs);

/** The first onset after `afterEpoch` whose first note has pitch `hz` (other sounds are skipped). */
async function heard(hz: number, afterEpoch: number, timeoutMs = 8000): Promise<{ epoch: number; pitch: number }> {
  const end = Date.now() + timeoutMs;
  let after = afterEpoch - timeOrigin;
  const seen: number[] = [];
  while (Date.now() < end) {
    const onset = await tap.waitForOnset(after, Math.max(100, end - Date.now()));
    if (!onset) break;
    await h.page.waitForTimeout(250);
    const snap = await tap.snapshot();
    const now = snap.perContext[onset.context]?.currentTime ?? 0;
    const { pcm, sampleRate } = await tap.recent(Math.min(2, now - onset.ctxTime + 0.005), onset.context);
    const first = soundingRegion(pcm, -50).subarray(0, Math.round(sampleRate * 0.08));
    const p = estimatePitch(first, sampleRate, { gateDbfs: -50 })?.hz ?? 0;
    if (relError(p, hz) < 0.02) return { epoch: onset.perfMs + timeOrigin, pitch: p };
    seen.push(Math.round(p));
    after = onset.perfMs + 1;
  }
  const onsets = (await tap.snapshot()).onsets.map((o) => Math.round(o.perfMs + timeOrigin - afterEpoch));
  throw new Error(`no ${hz} Hz onset (heard ${seen.join(', ') || 'nothing'}; onsets at ${onsets.join(', ')} ms from the start)`);
}

beforeAll(async () => {
  const { template, rules } = testConfigs();
  [pg, am] = await Promise.all([startPushgateway({ stateDir: join(dir, 'pushgateway') }), startAlertmanager({ stateDir: join(dir, 'alertmanager') })]);
  [prom, rig] = await Promise.all([
    startPrometheus({ stateDir: join(dir, 'prometheus'), template, ruleFiles: [rules], scrapeInterval: '1s', evaluationInterval: '1s', targets: { pushgateway: pg.ports.http, alertmanager: am.ports.http } }),
    startRig(),
  ]);
  await push('sp_demo', 'sp_demo_disk_used_ratio{instance="db-3"} 0.5\nsp_demo_error_rate{instance="api-1"} 0.01\n');
  // Fetches to a killed Prometheus are logged by Chromium as failed loads; those are expected.
  h = await newPage(rig.browser, { ignoreConsole: [/net::ERR_|Failed to load resource/] });
  await h.page.setViewportSize({ width: 1280, height: 900 });
  await h.page.goto(`${rig.server.url}${consoleQuery(rig, `&prometheus=${encodeURIComponent(prom.url)}&alertmanager=${encodeURIComponent(am.url)}`)}`);
  for (const s of ['mqtt', 'prometheus', 'alertmanager']) await h.page.waitForSelector(`[data-source="${s}"][data-status="live"]`, { timeout: 15_000 });
  tap = tapOf(h.page);
  timeOrigin = await evalNoGesture(h.page, () => performance.timeOrigin);
  expect(await tap.ready()).toBe(true);
});

const cleanups: (() => Promise<void>)[] = [];

afterAll(async () => {
  for (const c of cleanups) await c().catch(() => {});
  console.log(`[prometheus e2e] poll interval ${POLL_MS} ms; ${Object.entries(figures).map(([k, v]) => `${k} ${Math.round(v)} ms`).join('; ')}`);
  await rig?.close();
  await Promise.all([prom?.stop(), pg?.stop(), am?.stop()]);
  rmSync(dir, { recursive: true, force: true });
});

describe('alerts from a real Prometheus', () => {
  it('shows and sounds a firing alert within a poll interval of Prometheus reporting it, then its all-clear', async () => {
    expect(await tap.waitForSilence(8000)).toBe(true);
    await push('sp_demo', 'sp_demo_disk_used_ratio{instance="db-3"} 0.95\nsp_demo_error_rate{instance="api-1"} 0.01\n');
    const reported = await promSays('DiskFull', 'firing');
    const row = '[data-state="firing"][data-severity="critical"]:has-text("DiskFull")';
    await h.page.waitForSelector(row, { timeout: POLL_MS + 2000 });
    const strike = await heard(880, reported - 200);
    figures['Prometheus firing → sound'] = strike.epoch - reported;
    expect(strike.epoch - reported).toBeLessThan(POLL_MS + 1000);
    expect(strike.epoch - reported).toBeGreaterThan(-200);
    await expect(h.page.locator('.alert:has-text("DiskFull")').textContent()).resolves.toMatch(/via prometheus/);

    // The same alert over MQTT, as Alertmanager's webhook carries it (with its real
    // fingerprint), and in the flat shape: still one alert, and no second sound.
    const inAm = await waitFor('DiskFull in Alertmanager', async () => {
      const list = (await (await fetch(`${am.url}/api/v2/alerts`)).json()) as { labels: Record<string, string>; fingerprint: string }[];
      return list.find((a) => a.labels.alertname === 'DiskFull');
    });
    const before = Date.now();
    await publishJson(rig, 'alerts/webhook', { alerts: [{ status: 'firing', labels: inAm.labels, fingerprint: inAm.fingerprint }] });
    await publishJson(rig, 'alerts/critical', { name: 'DiskFull', labels: { instance: 'db-3', job: 'sp_demo', severity: 'critical' } });
    await h.page.waitForTimeout(1000);
    expect((await tap.snapshot()).onsets.filter((o) => o.perfMs + timeOrigin > before)).toEqual([]);
    expect(await h.page.locator('.alert:has-text("DiskFull")').count()).toBe(1);

    expect(await tap.waitForSilence(8000)).toBe(true);
    await push('sp_demo', 'sp_demo_disk_used_ratio{instance="db-3"} 0.5\nsp_demo_error_rate{instance="api-1"} 0.01\n');
    const gone = await promSays('DiskFull', null);
    await h.page.waitForSelector('[data-state="resolved"]:has-text("DiskFull")', { timeout: POLL_MS + 2000 });
    const rise = await heard(523.25, gone - 200);
    figures['Prometheus resolved → all-clear'] = rise.epoch - gone;
    expect(rise.epoch - gone).toBeLessThan(POLL_MS + 1000);
  });

  it('keeps an alert silenced in the real Alertmanager quiet, and says who silenced it until when', async () => {
    const endsAt = new Date(Date.now() + 3600_000).toISOString();
    const r = await fetch(`${am.url}/api/v2/silences`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ matchers: [{ name: 'alertname', value: 'ErrorRate', isRegex: false, isEqual: true }], startsAt: new Date().toISOString(), endsAt, createdBy: 'e2e-oncall', comment: 'planned maintenance' }),
    });
    expect(r.status).toBe(200);
    await h.page.waitForTimeout(POLL_MS + 500); // the console's next Alertmanager poll has it
    expect(await tap.waitForSilence(8000)).toBe(true);
    const start = Date.now();
    await push('sp_demo', 'sp_demo_disk_used_ratio{instance="db-3"} 0.5\nsp_demo_error_rate{instance="api-1"} 0.2\n');
    await promSays('ErrorRate', 'firing');
    const row = h.page.locator('.alert[data-state="firing"]:has-text("ErrorRate")');
    await row.waitFor({ timeout: POLL_MS + 2000 });
    await expect(row.locator('[data-muted="silenced"]').textContent({ timeout: POLL_MS + 2000 })).resolves.toMatch(/silenced by e2e-oncall until \d/);
    // Alertmanager's own verdict arrives too; still nothing sounds.
    await waitFor('Alertmanager marks ErrorRate suppressed', async () => {
      const list = (await (await fetch(`${am.url}/api/v2/alerts`)).json()) as { labels: Record<string, string>; status: { state: string } }[];
      return list.find((a) => a.labels.alertname === 'ErrorRate')?.status.state === 'suppressed';
    });
    await h.page.waitForTimeout(POLL_MS + 500);
    expect((await tap.snapshot()).onsets.filter((o) => o.perfMs + timeOrigin > start)).toEqual([]);
    await h.page.screenshot({ path: artifactPath('prometheus-silenced.png') });
  });

  it('hears Prometheus go away (retrying, stale, feed-lost) and come back (live within two polls, feed-back)', async () => {
    expect(await tap.waitForSilence(8000)).toBe(true);
    const killedAt = Date.now();
    await prom.stop();
    await h.page.waitForSelector('[data-source="prometheus"][data-status="retrying"], [data-source="prometheus"][data-status="down"]', { timeout: POLL_MS * 2 + 2000 });
    const lost = await heard(392, killedAt, POLL_MS * 5 + 4000);
    figures['Prometheus killed → feed-lost'] = lost.epoch - killedAt;
    await h.page.waitForSelector('[data-source="prometheus"][data-stale="true"]');
    // Listed under "Last heard" like any other sound.
    await h.page.waitForSelector('.last-heard .heard[data-channel="system"]:has-text("feed lost: prometheus")', { state: 'attached', timeout: 2000 });
    // Nothing is wiped: what Prometheus said is still on screen.
    expect(await h.page.locator('.alert:has-text("ErrorRate")').count()).toBe(1);
    expect(await h.page.locator('.alert:has-text("DiskFull")').count()).toBe(1);

    expect(await tap.waitForSilence(8000)).toBe(true);
    await prom.restart();
    const readyAt = Date.now();
    await h.page.waitForSelector('[data-source="prometheus"][data-status="live"]', { timeout: POLL_MS * 2 + 1000 });
    figures['Prometheus ready → live'] = Date.now() - readyAt;
    expect(Date.now() - readyAt).toBeLessThanOrEqual(POLL_MS * 2 + 250);
    const back = await heard(329.63, readyAt - 500);
    figures['Prometheus ready → feed-back'] = back.epoch - readyAt;
    await h.page.waitForSelector('.last-heard .heard[data-channel="system"]:has-text("feed back: prometheus")', { state: 'attached', timeout: 2000 });
    expect(await h.page.locator('[data-source="prometheus"][data-stale="true"]').count()).toBe(0);
    expect(h.pageErrors).toEqual([]);
    expect(h.rejections).toEqual([]);
    expect(h.consoleErrors, h.consoleErrors.join('\n')).toEqual([]);
  });
});

/** Prometheus behind a token: a tiny reverse proxy that refuses requests without it. */
async function tokenFront(target: string, token: string): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer(async (req, res) => {
    if (req.headers.authorization !== `Bearer ${token}`) {
      res.writeHead(401, { 'content-type': 'text/plain' }).end('unauthorized');
      return;
    }
    try {
      const r = await fetch(`${target}${req.url}`, { method: req.method ?? 'GET' });
      res.writeHead(r.status, { 'content-type': r.headers.get('content-type') ?? 'application/json' }).end(await r.text());
    } catch {
      res.writeHead(502).end();
    }
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((ok) => {
      server.closeAllConnections();
      server.close(() => ok());
    }),
  };
}

describe('metric voices from PromQL, through the console\'s proxy to a Prometheus behind a token', () => {
  it('a PromQL voice follows a value pushed through the Pushgateway, one voice per series', async () => {
    await h.close();
    const token = `t-${Date.now()}`;
    const front = await tokenFront(prom.url, token);
    const served = await serveDist({ outDir: process.env.SP_E2E_OUTDIR ?? 'dist', env: { SP_PROMETHEUS_URL: front.url, SP_PROMETHEUS_AUTH: `Bearer ${token}`, SP_PUSHGATEWAY_URL: pg.url } });
    cleanups.push(() => served.close(), () => front.close());
    expect((await fetch(`${front.url}/api/v1/alerts`)).status).toBe(401);
    expect((await fetch(`${served.url}prometheus/api/v1/alerts`)).status).toBe(200);
    expect((await fetch(`${served.url}prometheus/api/v1/alerts`, { method: 'POST' })).status).toBe(404);
    // Other Prometheus endpoints are not forwarded (the preview answers with the app itself).
    expect((await fetch(`${served.url}prometheus/api/v1/status/flags`)).headers.get('content-type')).toMatch(/text\/html/);
    const score = [
      'name: e2e-promql',
      'metrics:',
      '  - id: level',
      `    source: { promql: 'sp_e2e_level{job="sp_e2e"}' }`,
      '    normalise: { min: 0, max: 1 }',
      '    pitch: { scale: pentatonic, base: 220, octaves: 2 }',
      '    loudness: { min: 0.2, max: 0.2 }',
      '    smoothing: 100ms',
    ].join('\n');
    await push('sp_e2e', 'sp_e2e_level{instance="a"} 0.1\n');
    h = await newPage(rig.browser, { ignoreConsole: [/net::ERR_|Failed to load resource/] });
    await h.page.setViewportSize({ width: 1280, height: 900 });
    const query = `&prometheus=/prometheus&pushgateway=/pushgateway&alertmanager=${encodeURIComponent(am.url)}&score=${encodeURIComponent(`data:text/plain,${encodeURIComponent(score)}`)}`;
    await h.page.goto(`${served.url}${consoleQuery(rig, query).slice(1)}`);
    await h.page.waitForSelector('[data-source="prometheus"][data-status="live"]', { timeout: 15_000 });
    tap = tapOf(h.page);
    timeOrigin = await evalNoGesture(h.page, () => performance.timeOrigin);
    expect(await tap.ready()).toBe(true);

    const pitchAt = async (value: number) => {
      await push('sp_e2e', `sp_e2e_level{instance="a"} ${value}\n`);
      await h.page.waitForSelector(`[data-spark="level"] .spark-value:text-is("${value.toFixed(3)}")`, { timeout: 10_000 });
      await h.page.waitForTimeout(500);
      const { pcm, sampleRate } = await tap.recent(0.4);
      return estimatePitch(pcm, sampleRate)?.hz ?? 0;
    };
    const low = await pitchAt(0.1);
    const high = await pitchAt(0.9);
    figures['PromQL voice low Hz'] = low;
    figures['PromQL voice high Hz'] = high;
    expect(relError(low, 246.94)).toBeLessThan(0.02); // pentatonic step 1 above 220 Hz
    expect(relError(high, 739.99)).toBeLessThan(0.02); // step 9: an octave and a sixth up

    await push('sp_e2e', 'sp_e2e_level{instance="a"} 0.3\nsp_e2e_level{instance="b"} 0.6\n');
    await h.page.waitForSelector('[data-spark=\'level{instance="a"}\']', { timeout: 10_000 });
    await h.page.waitForSelector('[data-spark=\'level{instance="b"}\']');
    await h.page.waitForTimeout(1500); // a few samples in each sparkline
    await h.page.screenshot({ path: artifactPath('prometheus-console.png'), fullPage: true });

    // The incident drill button pushes the shared script's values through the console's proxy.
    const drillGroups = async () => {
      const body = (await (await fetch(`${pg.url}/api/v1/metrics`)).json()) as { data: { labels: Record<string, string> }[] };
      return body.data.filter((g) => g.labels.drill === 'incident').length;
    };
    await h.page.click('text=Run incident drill');
    await waitFor('the drill in the Pushgateway', async () => (await drillGroups()) === 1, 5000, 100);
    await h.page.waitForSelector('.drill-step:has-text("drill starts")');
    await h.page.click('text=Stop incident drill');
    await waitFor('the drill cleaned up', async () => (await drillGroups()) === 0, 5000, 100);
    await h.page.waitForSelector('[data-drill="idle"]');
    expect(h.allErrors()).toEqual([]);
  });
});
