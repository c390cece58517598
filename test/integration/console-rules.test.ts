// The rules on the consoles themselves (prometheus/console-rules.yml), checked by
// the real promtool, unit-tested with `promtool test rules`, and the console's own
// exposition text parsed by a real Pushgateway.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { TEXT_CONTENT_TYPE } from '../../src/telemetry/exposition';
import { Registry } from '../../src/telemetry/registry';
import { defineSelfMetrics } from '../../src/telemetry/self-metrics';
import { REPO_ROOT, startPushgateway, type ServiceHandle } from '../helpers/services';

const RULES = join(REPO_ROOT, 'prometheus/console-rules.yml');
const run = (...args: string[]) => execFileSync('promtool', args, { cwd: REPO_ROOT, encoding: 'utf8', stdio: 'pipe' });

const dir = mkdtempSync(join(tmpdir(), 'sp-rules-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const sj = (instance: string) => `{job="singing_pager",instance="${instance}"}`;
const silent = (instance: string, minutes: number) => ({
  exp_labels: { severity: 'warning', instance },
  exp_annotations: {
    summary: `Console ${instance} stopped reporting`,
    description: `No push from Singing Pager console ${instance} for ${minutes}m 0s.`,
  },
});

/** promtool's own unit-test format: series in, alerts and recorded values out. */
const ruleTests = {
  rule_files: [RULES],
  evaluation_interval: '1m',
  tests: [
    {
      interval: '1m',
      input_series: [
        // push_time_seconds is the epoch second of a group's last push (here t=0 is epoch 0).
        { series: `push_time_seconds${sj('live')}`, values: '0+60x20' },
        { series: `push_time_seconds${sj('dead')}`, values: '0 60x19' },
      ],
      alert_rule_test: [
        { eval_time: '3m', alertname: 'SingingPagerConsoleSilent', exp_alerts: [] },
        { eval_time: '4m', alertname: 'SingingPagerConsoleSilent', exp_alerts: [silent('dead', 3)] },
      ],
    },
    {
      interval: '1m',
      input_series: [
        // 10 sounds a minute, all between 100 and 250 ms, on "slow"; all under 5 ms on "fast".
        ...['0.005', '0.1', '0.25', '+Inf'].map((le) => ({
          series: `singing_pager_event_to_sound_seconds_bucket{job="singing_pager",instance="slow",le="${le}"}`,
          values: le === '0.005' || le === '0.1' ? '0+0x20' : '0+10x20',
        })),
        ...['0.005', '0.1', '0.25', '+Inf'].map((le) => ({
          series: `singing_pager_event_to_sound_seconds_bucket{job="singing_pager",instance="fast",le="${le}"}`,
          values: '0+10x20',
        })),
      ],
      promql_expr_test: [
        { expr: 'instance:singing_pager_event_to_sound_seconds:p50_5m{instance="fast"}', eval_time: '10m', exp_samples: [{ labels: 'instance:singing_pager_event_to_sound_seconds:p50_5m{instance="fast"}', value: 0.0025 }] },
        { expr: 'instance:singing_pager_event_to_sound_seconds:p99_5m{instance="slow"}', eval_time: '10m', exp_samples: [{ labels: 'instance:singing_pager_event_to_sound_seconds:p99_5m{instance="slow"}', value: 0.2485 }] },
      ],
      alert_rule_test: [
        // Over 100 ms from the first rate at 1m; `for: 5m` holds it until 6m.
        { eval_time: '5m', alertname: 'SingingPagerSlowSound', exp_alerts: [] },
        {
          eval_time: '7m',
          alertname: 'SingingPagerSlowSound',
          exp_alerts: [
            {
              exp_labels: { severity: 'warning', instance: 'slow' },
              exp_annotations: { summary: 'Console slow is slow to sound', description: 'p99 event → sound latency is 248.5ms (over 100 ms).', value: '0.2485' },
            },
          ],
        },
      ],
    },
    {
      interval: '1m',
      input_series: [
        { series: 'singing_pager_events_rejected_total{job="singing_pager",instance="k1",reason="not_json"}', values: '0 0 0 1 1 1 1 1 1 1 1 1' },
        { series: 'singing_pager_events_rejected_total{job="singing_pager",instance="k1",reason="too_large"}', values: '0x11' },
        { series: 'singing_pager_events_rejected_total{job="singing_pager",instance="k2",reason="not_json"}', values: '0x11' },
      ],
      alert_rule_test: [
        { eval_time: '2m', alertname: 'SingingPagerRejectingInput', exp_alerts: [] },
        {
          eval_time: '4m',
          alertname: 'SingingPagerRejectingInput',
          exp_alerts: [
            {
              exp_labels: { severity: 'info', instance: 'k1' },
              exp_annotations: {
                summary: 'Console k1 is rejecting input',
                description: "Messages rejected in the last 5 minutes: 1. The console's Input panel says why.",
                value: '1',
              },
            },
          ],
        },
        // Five minutes after the last rejection the window holds none: resolved.
        { eval_time: '9m', alertname: 'SingingPagerRejectingInput', exp_alerts: [] },
      ],
    },
  ],
};

describe('prometheus/console-rules.yml', () => {
  it('passes promtool check rules', () => {
    expect(run('check', 'rules', 'prometheus/console-rules.yml')).toContain('SUCCESS: 5 rules found');
  });

  it('passes promtool test rules: silent console, slow console, rejecting console, per-instance p50/p99', () => {
    const file = join(dir, 'console-rules.test.yml');
    writeFileSync(file, stringify(ruleTests));
    let out: string;
    try {
      out = run('test', 'rules', file);
    } catch (err) {
      const e = err as { stdout?: string; stderr?: string };
      throw new Error(`${e.stdout ?? ""}${e.stderr ?? String(err)}`);
    }
    expect(out).toContain('SUCCESS');
  });
});

describe('the exposition text against a real Pushgateway', () => {
  let pg: ServiceHandle | undefined;
  beforeAll(async () => {
    pg = await startPushgateway({ stateDir: join(dir, 'pushgateway') });
  });
  afterAll(async () => {
    await pg?.stop();
  });

  const push = (path: string, body: string) =>
    fetch(`${pg!.url}/metrics/job/${path}`, { method: 'POST', headers: { 'Content-Type': TEXT_CONTENT_TYPE }, body });

  it('accepts the console body as a text/plain POST (the CORS simple request a browser sends)', async () => {
    const m = defineSelfMetrics();
    m.eventToSound.observe(undefined, 0.007);
    m.events.inc({ source: 'mqtt', kind: 'alert' }, 3);
    const res = await push('singing_pager/instance/it-1', m.registry.serialize());
    expect(res.status, await res.text()).toBe(200);
    const text = await (await fetch(`${pg!.url}/metrics`)).text();
    expect(text).toMatch(/^singing_pager_events_total\{instance="it-1",job="singing_pager",kind="alert",source="mqtt"\} 3$/m);
    expect(text).toMatch(/^singing_pager_event_to_sound_seconds_count\{instance="it-1",job="singing_pager"\} 1$/m);
    expect(text).toMatch(/^push_time_seconds\{instance="it-1",job="singing_pager"\} \S+$/m);
  });

  it('reads escaped label values back exactly', async () => {
    const r = new Registry();
    const values = ['back\\slash', 'say "hi"', 'two\nlines', 'ünïcødé ✓', 'tab\tand=,{}'];
    const g = r.gauge<'v'>({ name: 'sp_escape_test', help: 'Escaping "check"\\ with\nnewline.', labelNames: ['v'] });
    values.forEach((v, i) => g.set({ v }, i));
    const res = await push('sp_escape', r.serialize());
    expect(res.status, await res.text()).toBe(200);
    const api = (await (await fetch(`${pg!.url}/api/v1/metrics`)).json()) as {
      data: { labels: Record<string, string>; sp_escape_test?: { metrics: { labels: Record<string, string>; value: string }[]; help: string } }[];
    };
    const fam = api.data.find((d) => d.labels.job === 'sp_escape')!.sp_escape_test!;
    expect(fam.help).toBe('Escaping "check"\\ with\nnewline.');
    const back = Object.fromEntries(fam.metrics.map((x) => [x.labels.v, Number(x.value)]));
    expect(back).toEqual(Object.fromEntries(values.map((v, i) => [v, i])));
  });
});
