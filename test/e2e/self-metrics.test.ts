// The symphony is observable: real consoles in headless Chromium push their own
// metrics to a real Pushgateway, once through the console's same-origin proxy
// (vite preview's preview.proxy, pointed at this test's Pushgateway by
// SP_PUSHGATEWAY_URL) and once straight to the Pushgateway from another origin
// (no-cors simple request); a real Prometheus (1 s scrape) sees them, records
// p50/p99 per console, and alerts when a closed console falls silent.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { artifactPath, consoleQuery, openConsole, publishJson, startRig, type OpenConsole, type Rig } from '../helpers/console-driver';
import { REPO_ROOT, startPrometheus, startPushgateway, type PrometheusHandle, type ServiceHandle } from '../helpers/services';

const RUN = Date.now().toString(36);
const ID = { proxy: `e2e-proxy-${RUN}`, direct: `e2e-direct-${RUN}`, beacon: `e2e-beacon-${RUN}` };
const N = 12;
/** The silent-console threshold, templated down from the rules' 120 s. */
const SILENT_S = 6;

const dir = mkdtempSync(join(tmpdir(), 'sp-selfmetrics-'));
let pg: ServiceHandle;
let prom: PrometheusHandle;
let rig: Rig;
const consoles: Partial<Record<keyof typeof ID, OpenConsole>> = {};
/** Metric samples published by the Health view test; every open console receives them. */
let metricSamples = 0;

/** The project's prometheus.yml, reduced to the Pushgateway job: a test must not notify anyone's Alertmanager. */
function testConfigs(): { template: string; rules: string } {
  const conf = parse(readFileSync(join(REPO_ROOT, 'prometheus/prometheus.yml'), 'utf8'));
  delete conf.alerting;
  conf.scrape_configs = conf.scrape_configs.filter((j: { job_name: string }) => j.job_name === 'pushgateway');
  expect(conf.scrape_configs[0].honor_labels).toBe(true);
  conf.rule_files = ['console-rules.yml'];
  const template = join(dir, 'prometheus.yml');
  writeFileSync(template, stringify(conf));
  const rules = parse(readFileSync(join(REPO_ROOT, 'prometheus/console-rules.yml'), 'utf8'));
  const silent = rules.groups.flatMap((g: { rules: { alert?: string; expr: string }[] }) => g.rules).find((r: { alert?: string }) => r.alert === 'SingingPagerConsoleSilent');
  expect(silent.expr).toMatch(/> 120$/);
  silent.expr = silent.expr.replace(/> 120$/, `> ${SILENT_S}`);
  const rulesFile = join(dir, 'console-rules.yml');
  writeFileSync(rulesFile, stringify(rules));
  return { template, rules: rulesFile };
}

async function query(expr: string): Promise<{ metric: Record<string, string>; value: [number, string] }[]> {
  const r = await fetch(`${prom.url}/api/v1/query?query=${encodeURIComponent(expr)}`, { signal: AbortSignal.timeout(5000) });
  const body = (await r.json()) as { status: string; data: { result: { metric: Record<string, string>; value: [number, string] }[] } };
  if (body.status !== 'success') throw new Error(`query failed: ${expr}`);
  return body.data.result;
}

async function scalar(expr: string): Promise<number | undefined> {
  const v = (await query(expr))[0]?.value[1];
  return v === undefined ? undefined : Number(v);
}

async function waitFor<T>(what: string, fn: () => Promise<T | undefined | false>, timeoutMs = 20_000): Promise<T> {
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
    await new Promise((r) => setTimeout(r, 250));
  }
}

beforeAll(async () => {
  pg = await startPushgateway({ stateDir: join(dir, 'pushgateway') });
  const { template, rules } = testConfigs();
  [prom, rig] = await Promise.all([
    startPrometheus({ stateDir: join(dir, 'prometheus'), template, ruleFiles: [rules], scrapeInterval: '1s', evaluationInterval: '1s', targets: { pushgateway: pg.ports.http } }),
    startRig({}, { serve: { env: { SP_PUSHGATEWAY_URL: pg.url } } }),
  ]);
  const open = (instance: string, pushgateway: string, interval: number) =>
    openConsole(rig, consoleQuery(rig, `&pushgateway=${encodeURIComponent(pushgateway)}&pushInterval=${interval}&instance=${instance}`), { tap: false });
  [consoles.proxy, consoles.direct, consoles.beacon] = await Promise.all([
    open(ID.proxy, '/pushgateway', 1),
    open(ID.direct, pg.url, 1), // the page is on the preview server's origin: another port, another origin
    open(ID.beacon, '/pushgateway', 3600), // pushes once at start, then only when closed
  ]);
  for (const c of Object.values(consoles)) await c!.h.page.waitForSelector('[data-audio="running"]', { timeout: 10_000 });
});

afterAll(async () => {
  await rig?.close();
  await Promise.all([prom?.stop(), pg?.stop()]);
  rmSync(dir, { recursive: true, force: true });
});

describe('consoles push their own metrics to the Pushgateway', () => {
  it('each console is its own series in Prometheus from its first push', async () => {
    const found = await waitFor('three consoles in Prometheus', async () => {
      const r = await query(`singing_pager_build_info{job="singing_pager",instance=~"e2e-.*-${RUN}"}`);
      return r.length === 3 ? r : undefined;
    });
    expect(found.map((s) => s.metric.instance).sort()).toEqual(Object.values(ID).sort());
    for (const s of found) expect(s.metric.version).toMatch(/^\d+\.\d+\.\d+/);
  });

  it(`counts ${N} MQTT alerts and times each one's sound, through the proxy and direct`, async () => {
    // Every alert must sound, not fold into a storm: severities take turns, and each is
    // published only once every console has shown the one before, plus 200 ms. So a
    // channel sounds at most every ~600 ms, longer than any earcon, however loaded the machine.
    const severities = ['critical', 'warning', 'info'] as const;
    const open = [consoles.proxy!, consoles.direct!, consoles.beacon!];
    for (let i = 0; i < N; i++) {
      await publishJson(rig, `alerts/${severities[i % 3]}`, { name: `SelfMetrics${i}`, labels: { instance: `node-${i}` }, timestamp: Date.now() });
      await Promise.all(open.map((c) => c.h.page.waitForFunction((n) => document.querySelectorAll('[data-alert-id]').length >= n, i + 1, { timeout: 10_000 })));
      await new Promise((r) => setTimeout(r, 200));
    }
    for (const instance of [ID.proxy, ID.direct]) {
      const sel = `{job="singing_pager",instance="${instance}"}`;
      await waitFor(`${instance}: events_total = ${N}`, async () => (await scalar(`sum(singing_pager_events_total${sel})`)) === N);
      expect(await scalar(`singing_pager_events_total{job="singing_pager",instance="${instance}",source="mqtt",kind="alert"}`)).toBe(N);
      await waitFor(`${instance}: event_to_sound _count = ${N}`, async () => (await scalar(`singing_pager_event_to_sound_seconds_count${sel}`)) === N).catch(async (err) => {
        // Say what the console did instead: folded into a storm, or played without a time.
        const figures = await query(`{job="singing_pager",instance="${instance}",__name__=~"singing_pager_(voices_dropped_total|event_to_sound_seconds_count|sent_to_sound_seconds_count|events_total)"}`);
        throw new Error(`${(err as Error).message}; Prometheus has ${figures.map((f) => `${f.metric.__name__}${f.metric.kind ? `{${f.metric.kind}}` : ''}=${f.value[1]}`).join(' ')}`);
      });
      expect(await scalar(`singing_pager_sent_to_sound_seconds_count${sel}`)).toBe(N);
      expect(await scalar(`singing_pager_source_up{job="singing_pager",instance="${instance}",source="mqtt"}`)).toBe(1);
      expect(await scalar(`singing_pager_audio_running${sel}`)).toBe(1);
      expect(await scalar(`sum(singing_pager_events_rejected_total${sel})`)).toBe(0);
      expect(await scalar(`singing_pager_voices_dropped_total${sel}`)).toBe(0);
    }
    const report: Record<string, unknown> = { alerts: N };
    for (const instance of [ID.proxy, ID.direct]) {
      const sel = `{job="singing_pager",instance="${instance}"}`;
      const p50 = await scalar(`histogram_quantile(0.5, singing_pager_event_to_sound_seconds_bucket${sel})`);
      const p99 = await scalar(`histogram_quantile(0.99, singing_pager_event_to_sound_seconds_bucket${sel})`);
      const rec = await waitFor('recorded p50/p99', async () => {
        const a = await scalar(`instance:singing_pager_event_to_sound_seconds:p50_5m{instance="${instance}"}`);
        const b = await scalar(`instance:singing_pager_event_to_sound_seconds:p99_5m{instance="${instance}"}`);
        return a !== undefined && b !== undefined && Number.isFinite(a) && Number.isFinite(b) ? { p50: a, p99: b } : undefined;
      });
      const sent = await scalar(`singing_pager_sent_to_sound_seconds_sum${sel} / singing_pager_sent_to_sound_seconds_count${sel}`);
      report[instance.startsWith('e2e-proxy') ? 'proxy' : 'direct'] = { p50_ms: p50! * 1000, p99_ms: p99! * 1000, recorded_p50_5m_ms: rec.p50 * 1000, recorded_p99_5m_ms: rec.p99 * 1000, sent_to_sound_mean_ms: sent! * 1000 };
      // Seconds, from a real measurement: positive, ordered, and nowhere near a unit slip
      // (ms written as s would read ~10³ too high). How fast it is belongs to `npm run bench`.
      for (const [lo, hi] of [[p50!, p99!], [rec.p50, rec.p99]] as const) {
        expect(lo).toBeGreaterThan(0);
        expect(hi).toBeGreaterThanOrEqual(lo);
        expect(hi).toBeLessThan(1);
      }
    }
    writeFileSync(artifactPath('self-metrics.json'), JSON.stringify(report, null, 2) + '\n');
    console.log('[self-metrics] Prometheus saw:', JSON.stringify(report));
  });

  it('shows the same figures in the Health view, sampled, not re-rendered per message', async () => {
    const c = consoles.proxy!;
    await c.h.page.click('[data-view-link="health"]');
    await c.h.page.waitForSelector('main.health [data-testid="latency-count"]');
    expect(c.h.page.url()).toContain('view=health');
    await waitFor('health figures', async () => (await c.h.page.textContent('[data-testid="latency-count"]')) === String(N), 5000);
    expect(await c.h.page.textContent('[data-testid="events-total"]')).toBe(String(N));
    expect(await c.h.page.getAttribute('[data-source-health="mqtt"]', 'data-up')).toBe('1');
    await waitFor('a push reported', async () => (await c.h.page.getAttribute('[data-testid="push-status"]', 'data-ok')) === '1', 5000);
    // 200 metric samples in ~2 s: the view may redraw on its 1 s timers, never per sample.
    await c.h.page.evaluate(() => {
      const w = window as unknown as { __mutations: number };
      w.__mutations = 0;
      new MutationObserver(() => w.__mutations++).observe(document.querySelector('main.health')!, { subtree: true, childList: true, characterData: true, attributes: true });
    });
    for (let i = 0; i < 200; i++) {
      void publishJson(rig, 'metrics/cpu', { value: (i % 100) / 100 });
      metricSamples++;
      if (i % 20 === 19) await new Promise((r) => setTimeout(r, 200));
    }
    await waitFor('200 samples counted', async () => (await c.h.page.textContent('[data-testid="events-total"]')) === String(N + 200), 5000);
    const mutations = await c.h.page.evaluate(() => (window as unknown as { __mutations: number }).__mutations);
    console.log(`[self-metrics] Health view DOM mutation batches during 200 samples: ${mutations}`);
    expect(mutations).toBeLessThan(30);
    await c.h.page.screenshot({ path: artifactPath('health.png'), fullPage: true });
    // And back, without a reload: the console keeps its alerts.
    await c.h.page.click('[data-view-link="console"]');
    await c.h.page.waitForSelector(`[data-alert-id]:has-text("SelfMetrics${N - 1}")`);
  });

  it('a closing console pushes once more (sendBeacon), then is reported silent by the alert rule', async () => {
    const beaconSel = `{job="singing_pager",instance="${ID.beacon}"}`;
    // Its only push so far was at start, before any alert.
    expect(await scalar(`sum(singing_pager_events_total${beaconSel})`)).not.toBe(N);
    const total = N + metricSamples;
    await waitFor('beacon console counted everything', async () => (await consoles.beacon!.h.page.textContent('[data-testid="accepted-count"]')) === String(total), 5000);
    const errors = Object.fromEntries(Object.entries(consoles).map(([k, c]) => [k, c!.h.allErrors()]));
    expect(errors).toEqual({ proxy: [], direct: [], beacon: [] });
    await Promise.all([consoles.beacon!.h.close(), consoles.proxy!.h.close()]);
    await waitFor('final push of the closed console', async () => (await scalar(`sum(singing_pager_events_total${beaconSel})`)) === total, 10_000);
    expect(await scalar(`singing_pager_events_total{job="singing_pager",instance="${ID.beacon}",kind="alert"}`)).toBe(N);
    expect(await scalar(`singing_pager_event_to_sound_seconds_count${beaconSel}`)).toBe(N);

    const firing = await waitFor('SingingPagerConsoleSilent for the closed consoles', async () => {
      const r = await fetch(`${prom.url}/api/v1/alerts`);
      const alerts = ((await r.json()) as { data: { alerts: { labels: Record<string, string>; state: string }[] } }).data.alerts;
      const silent = alerts.filter((a) => a.labels.alertname === 'SingingPagerConsoleSilent' && a.state === 'firing').map((a) => a.labels.instance);
      return silent.includes(ID.proxy) && silent.includes(ID.beacon) ? silent : undefined;
    }, (SILENT_S + 10) * 1000);
    // The console still open keeps pushing every second: never silent.
    expect(firing).not.toContain(ID.direct);
    expect(await scalar(`time() - push_time_seconds{job="singing_pager",instance="${ID.direct}"}`)).toBeLessThan(SILENT_S);
  });
});
