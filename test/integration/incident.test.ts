// `npm run incident` against real services: the scripted incident pushes to a real
// Pushgateway, a real Prometheus (the project's demo rules, `for:` cut to 1 s, 1 s
// evaluation) takes each alert through pending, firing and resolved, and the drill's
// MQTT side reaches a real broker. Played at 10× speed.
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { INCIDENT_SECONDS, INCIDENT_STEPS, drillExposition } from '../../scripts/lib/incident.mjs';
import { REPO_ROOT, startMosquitto, startPrometheus, startPushgateway, type MosquittoHandle, type PrometheusHandle, type ServiceHandle } from '../helpers/services';

const SPEED = 10;
const dir = mkdtempSync(join(tmpdir(), 'sp-incident-'));
chmodSync(dir, 0o755);
let pg: ServiceHandle;
let prom: PrometheusHandle;
let broker: MosquittoHandle;

beforeAll(async () => {
  const conf = parse(readFileSync(join(REPO_ROOT, 'prometheus/prometheus.yml'), 'utf8'));
  delete conf.alerting;
  conf.scrape_configs = conf.scrape_configs.filter((j: { job_name: string }) => j.job_name === 'pushgateway');
  conf.rule_files = ['alerts.yml'];
  writeFileSync(join(dir, 'prometheus.yml'), stringify(conf));
  const rules = parse(readFileSync(join(REPO_ROOT, 'prometheus/alerts.yml'), 'utf8'));
  rules.groups = rules.groups.filter((g: { name: string }) => g.name === 'demo');
  for (const r of rules.groups[0].rules) r.for = '1s';
  writeFileSync(join(dir, 'alerts.yml'), stringify(rules));
  [pg, broker] = await Promise.all([startPushgateway({ stateDir: join(dir, 'pushgateway') }), startMosquitto({ stateDir: join(dir, 'mosquitto') })]);
  prom = await startPrometheus({ stateDir: join(dir, 'prometheus'), template: join(dir, 'prometheus.yml'), ruleFiles: [join(dir, 'alerts.yml')], scrapeInterval: '1s', evaluationInterval: '1s', targets: { pushgateway: pg.ports.http } });
});

afterAll(async () => {
  await Promise.all([prom?.stop(), pg?.stop(), broker?.stop()]);
  rmSync(dir, { recursive: true, force: true });
});

describe('npm run incident', () => {
  it('the script is one the browser can run too: its exposition is plain text format', () => {
    expect(drillExposition({ disk: 0.95 })).toBe('# TYPE sp_demo_disk_used_ratio gauge\nsp_demo_disk_used_ratio{instance="db-3"} 0.95\n');
    expect(INCIDENT_STEPS.at(-1)!.at).toBe(INCIDENT_SECONDS);
  });

  it('makes the real rules go pending, fire and resolve, and publishes the drill on MQTT', async () => {
    const sub = await mqtt.connectAsync(broker.urls.mqtt, { clientId: `incident-sub-${process.pid}`, ...broker.publisher });
    const topics: string[] = [];
    sub.on('message', (t, p) => topics.push(`${t} ${t.startsWith('alerts/') ? JSON.parse(p.toString()).state : ''}`.trim()));
    await sub.subscribeAsync(['alerts/#', 'metrics/drill/#'], { qos: 1 });

    const env = { ...process.env, SP_MQTT_USERNAME: broker.publisher.username, SP_MQTT_PASSWORD: broker.publisher.password };
    const child = spawn(process.execPath, ['scripts/incident.mjs', '--pushgateway', pg.url, '--mqtt', broker.urls.mqtt, '--speed', String(SPEED)], { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    const exited = new Promise<number | null>((r) => child.on('exit', r));

    const seen = new Map<string, Set<string>>();
    const end = Date.now() + (INCIDENT_SECONDS / SPEED) * 1000 + 15_000;
    let done = false;
    void exited.then(() => (done = true));
    // Watch Prometheus until the drill is over and every alert has gone again.
    for (;;) {
      const body = (await (await fetch(`${prom.url}/api/v1/alerts`)).json()) as { data: { alerts: { labels: Record<string, string>; state: string }[] } };
      for (const a of body.data.alerts) {
        expect(a.labels).toMatchObject({ job: 'sp_demo', drill: 'incident' });
        const s = seen.get(a.labels.alertname!) ?? new Set();
        s.add(a.state);
        seen.set(a.labels.alertname!, s);
      }
      if (done && body.data.alerts.length === 0) break;
      if (Date.now() > end) throw new Error(`incident did not finish: ${out}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(await exited, out).toBe(0);
    expect(Object.fromEntries([...seen].map(([k, v]) => [k, [...v].sort()]))).toEqual({
      DiskFull: ['firing', 'pending'],
      ErrorRate: ['firing', 'pending'],
      HighLatency: ['firing', 'pending'],
    });
    // The drill cleaned up after itself: its Pushgateway group is gone.
    const groups = (await (await fetch(`${pg.url}/api/v1/metrics`)).json()) as { data: { labels: Record<string, string> }[] };
    expect(groups.data.filter((g) => g.labels.drill === 'incident')).toEqual([]);
    await new Promise((r) => setTimeout(r, 300));
    await sub.endAsync();
    expect(topics).toContain('alerts/info firing');
    expect(topics).toContain('alerts/info resolved');
    expect(topics).toEqual(expect.arrayContaining(['metrics/drill/disk', 'metrics/drill/latency', 'metrics/drill/errors']));
    expect(out).toMatch(/disk fills on db-3/);
  });
});
