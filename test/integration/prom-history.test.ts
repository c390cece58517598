// Replaying real history: a gauge pushed to a real Pushgateway crosses a test rule's
// threshold (for: 2s, 1 s scrape and evaluation) in a real Prometheus, fires and
// resolves; then GET /api/v1/query_range on ALERTS (through the console's own
// source code) rebuilds the timeline, and its pending, firing and resolved times
// match what Prometheus itself said at the time, within an evaluation interval
// plus one step.
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { historyScenario } from '../../src/sources/prom-history';
import { REPO_ROOT, startPrometheus, startPushgateway, type PrometheusHandle, type ServiceHandle } from '../helpers/services';

const EVAL_S = 1;
const STEP_S = 1;
const dir = mkdtempSync(join(tmpdir(), 'sp-prom-history-'));
chmodSync(dir, 0o755);
let pg: ServiceHandle;
let prom: PrometheusHandle;

beforeAll(async () => {
  const conf = parse(readFileSync(join(REPO_ROOT, 'prometheus/prometheus.yml'), 'utf8'));
  delete conf.alerting;
  conf.scrape_configs = conf.scrape_configs.filter((j: { job_name: string }) => j.job_name === 'pushgateway');
  conf.rule_files = ['history-test.yml'];
  writeFileSync(join(dir, 'prometheus.yml'), stringify(conf));
  const rules = {
    groups: [
      {
        name: 'history-test',
        rules: [{ alert: 'SpHistoryHot', expr: 'sp_history_gauge{job="sp_history"} > 0.5', for: '2s', labels: { severity: 'critical' }, annotations: { summary: 'test gauge over 0.5' } }],
      },
    ],
  };
  writeFileSync(join(dir, 'history-test.yml'), stringify(rules));
  pg = await startPushgateway({ stateDir: join(dir, 'pushgateway') });
  prom = await startPrometheus({
    stateDir: join(dir, 'prometheus'),
    template: join(dir, 'prometheus.yml'),
    ruleFiles: [join(dir, 'history-test.yml')],
    scrapeInterval: `${EVAL_S}s`,
    evaluationInterval: `${EVAL_S}s`,
    targets: { pushgateway: pg.ports.http },
  });
});

afterAll(async () => {
  await Promise.all([prom?.stop(), pg?.stop()]);
  rmSync(dir, { recursive: true, force: true });
});

async function push(value: number): Promise<void> {
  const r = await fetch(`${pg.url}/metrics/job/sp_history/instance/db-3`, { method: 'PUT', body: `# TYPE sp_history_gauge gauge\nsp_history_gauge ${value}\n` });
  expect(r.status, await r.text()).toBe(200);
}

/** Wall-clock seconds when Prometheus itself first reports the alert in `state` (null: gone). */
async function promSays(state: 'pending' | 'firing' | null, timeoutMs = 20_000): Promise<number> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const body = (await (await fetch(`${prom.url}/api/v1/alerts`)).json()) as { data: { alerts: { labels: Record<string, string>; state: string }[] } };
    const a = body.data.alerts.find((x) => x.labels.alertname === 'SpHistoryHot');
    if (state === null ? !a : a?.state === state) return Date.now() / 1000;
    if (Date.now() > end) throw new Error(`SpHistoryHot never became ${state ?? 'gone'}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('query_range → timeline', () => {
  it('rebuilds pending, firing and resolved from ALERTS within an eval interval and a step', async () => {
    await push(0);
    await new Promise((r) => setTimeout(r, 2500)); // scraped at 0 first
    const start = Math.floor(Date.now() / 1000) - 1;
    await push(1);
    const pendingAt = await promSays('pending');
    const firingAt = await promSays('firing');
    await new Promise((r) => setTimeout(r, 3000)); // firing for a while
    await push(0);
    const resolvedAt = await promSays(null);
    await new Promise((r) => setTimeout(r, 2500));
    const end = Math.ceil(Date.now() / 1000);

    const s = await historyScenario({
      baseUrl: prom.url,
      start,
      end,
      step: STEP_S,
      voices: [{ name: 'disk', promql: 'sp_history_gauge{job="sp_history"}' }],
      fetch: (u, init) => fetch(u, init),
    });
    const alerts = s.events.filter((e) => e.kind === 'alert');
    expect(alerts.map((e) => (e.kind === 'alert' ? `${e.name} ${e.state} ${e.severity}` : ''))).toEqual(['SpHistoryHot pending critical', 'SpHistoryHot firing critical', 'SpHistoryHot resolved critical']);
    const [pending, firing, resolved] = alerts.map((e) => start + e.at);
    const tolerance = EVAL_S + STEP_S;
    expect(Math.abs(pending! - pendingAt)).toBeLessThanOrEqual(tolerance);
    expect(Math.abs(firing! - firingAt)).toBeLessThanOrEqual(tolerance);
    expect(Math.abs(resolved! - resolvedAt)).toBeLessThanOrEqual(tolerance);
    // The alert's labels are the live identity's (job, instance, severity), so a replay groups it the same way.
    expect(alerts[1]).toMatchObject({ labels: { job: 'sp_history', instance: 'db-3', severity: 'critical' } });

    // A metric voice from its PromQL: the gauge's 0 → 1 → 0 at the same times.
    const disk = s.events.filter((e) => e.kind === 'metric');
    expect(disk.length).toBeGreaterThan(8);
    const high = disk.filter((e) => e.kind === 'metric' && e.value === 1).map((e) => start + e.at);
    expect(Math.min(...high)).toBeLessThanOrEqual(pendingAt + tolerance);
    expect(Math.max(...high)).toBeGreaterThanOrEqual(firingAt);

    // A playable scenario with a quiz built from what fired.
    expect(s.durationSeconds).toBe(end - start);
    expect(s.quiz?.expected).toEqual([{ at: firing! - start, severity: 'critical', answer: 'SpHistoryHot' }]);
    console.log(`prom-history: observed pending ${(pendingAt - start).toFixed(2)} s, firing ${(firingAt - start).toFixed(2)} s, resolved ${(resolvedAt - start).toFixed(2)} s; rebuilt ${alerts.map((e) => e.at).join(' / ')} s`);
  });

  it('says what went wrong when Prometheus refuses the query', async () => {
    await expect(historyScenario({ baseUrl: prom.url, start: 1, end: 100, voices: [{ name: 'cpu', promql: 'rate(' }], fetch: (u, init) => fetch(u, init) })).rejects.toThrow(/query_range: HTTP 400: .*parse error/);
    await expect(historyScenario({ baseUrl: prom.url, start: 100, end: 100, fetch: (u, init) => fetch(u, init) })).rejects.toThrow(/must end after it starts/);
  });
});
