// The local stack against the real Debian daemons, on free loopback ports and tmp dirs.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  REPO_ROOT, startAlertmanager, startMosquitto, startNodeExporter, startPrometheus, startPushgateway,
} from '../helpers/services';
import type { MosquittoHandle, PrometheusHandle, ServiceHandle } from '../helpers/services';

async function waitFor<T>(what: string, fn: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function getJson<T = any>(url: string): Promise<T> {
  const r = await fetch(url, { signal: AbortSignal.timeout(5000) });
  if (!r.ok) throw new Error(`${url}: HTTP ${r.status}`);
  return (await r.json()) as T;
}

const tmpDirs: string[] = [];
function tmp(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  // mkdtemp makes 0700; the broker drops root for user `mosquitto`, which must walk in.
  chmodSync(dir, 0o755);
  tmpDirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const d of tmpDirs) rmSync(d, { recursive: true, force: true });
});

describe('mosquitto', () => {
  let broker: MosquittoHandle | undefined;
  beforeAll(async () => {
    broker = await startMosquitto({ stateDir: join(tmp('sp-mqtt-'), 'mosquitto') });
  });
  afterAll(async () => {
    await broker?.stop();
  });

  it('hands its data dir to the mosquitto user when started as root', () => {
    if (process.getuid?.() !== 0) return;
    const passwd = readFileSync('/etc/passwd', 'utf8').split('\n').find((l) => l.startsWith('mosquitto:'));
    expect(statSync(join(broker!.stateDir, 'data')).uid).toBe(Number(passwd?.split(':')[2]));
    expect(readFileSync(join(broker!.stateDir, 'mosquitto.conf'), 'utf8')).not.toMatch(/^user root/m);
  });

  it('delivers TCP publishes to a WebSocket subscriber, before and after a restart', async () => {
    const b = broker!;
    const sub = await mqtt.connectAsync(b.urls.ws, { reconnectPeriod: 300, connectTimeout: 5000 });
    const pub = await mqtt.connectAsync(b.urls.mqtt, { reconnectPeriod: 300, connectTimeout: 5000, ...b.publisher });
    const got: { topic: string; body: string }[] = [];
    sub.on('message', (topic, payload) => got.push({ topic, body: payload.toString() }));
    let connects = 0;
    sub.on('connect', () => connects++);
    try {
      await sub.subscribeAsync('alerts/#', { qos: 1 });
      const alert = { name: 'DiskFull', severity: 'critical', state: 'firing', labels: { instance: 'db-3' }, value: 0.93, timestamp: Date.now() };
      await pub.publishAsync('alerts/critical', JSON.stringify(alert), { qos: 1 });
      await waitFor('first alert', () => got.some((m) => m.topic === 'alerts/critical' && JSON.parse(m.body).name === 'DiskFull'), 10_000);
      // Retained, so a client after the restart proves persistence works.
      await pub.publishAsync('alerts/info', 'kept across restart', { qos: 1, retain: true });

      const pidBefore = b.pid;
      const portsBefore = { ...b.ports };
      await b.restart();
      expect(b.pid).not.toBe(pidBefore);
      expect(b.ports).toEqual(portsBefore);

      // mqtt.js reconnects and resubscribes by itself; publish until the new subscription sees one.
      await waitFor('WebSocket reconnect', () => connects >= 1 && sub.connected && pub.connected, 20_000);
      await waitFor('alert after restart', async () => {
        await pub.publishAsync('alerts/warning', 'after restart', { qos: 1 });
        return got.some((m) => m.topic === 'alerts/warning' && m.body === 'after restart');
      }, 20_000);

      const fresh = await mqtt.connectAsync(b.urls.ws, { connectTimeout: 5000 });
      try {
        const retained: string[] = [];
        fresh.on('message', (_t, p) => retained.push(p.toString()));
        await fresh.subscribeAsync('alerts/info', { qos: 1 });
        await waitFor('retained message', () => retained.includes('kept across restart'), 10_000);
      } finally {
        await fresh.endAsync();
      }
    } finally {
      await Promise.all([sub.endAsync(true), pub.endAsync(true)]);
    }
  });
});

describe('prometheus, pushgateway, alertmanager, node-exporter', () => {
  let pg: ServiceHandle | undefined;
  let am: ServiceHandle | undefined;
  let ne: ServiceHandle | undefined;
  let prom: PrometheusHandle | undefined;

  beforeAll(async () => {
    const dir = tmp('sp-prom-');
    [pg, am, ne] = await Promise.all([
      startPushgateway({ stateDir: join(dir, 'pushgateway') }),
      startAlertmanager({ stateDir: join(dir, 'alertmanager') }),
      startNodeExporter({ stateDir: join(dir, 'node-exporter') }),
    ]);
    prom = await startPrometheus({
      stateDir: join(dir, 'prometheus'),
      scrapeInterval: '1s',
      evaluationInterval: '1s',
      targets: { pushgateway: pg.ports.http, alertmanager: am.ports.http, nodeExporter: ne.ports.http },
    });
  });
  afterAll(async () => {
    await Promise.all([prom?.stop(), pg?.stop(), am?.stop(), ne?.stop()]);
  });

  it('are all healthy', async () => {
    for (const s of [prom!, pg!, am!]) {
      const r = await fetch(`${s.url}/-/healthy`);
      expect(r.status, s.name).toBe(200);
    }
    const metrics = await (await fetch(`${ne!.url}/metrics`)).text();
    expect(metrics).toContain('node_cpu_seconds_total');
    expect(metrics).toContain('node_memory_MemAvailable_bytes');
  });

  it('scrapes all four targets and knows its Alertmanager', async () => {
    // Target discovery is throttled to one update per 5 s, so this takes a few seconds.
    const targets = await waitFor('all targets up', async () => {
      const body = await getJson(`${prom!.url}/api/v1/targets`);
      const active: { labels: { job: string }; health: string }[] = body.data.activeTargets;
      return active.length === 4 && active.every((t) => t.health === 'up') ? active : undefined;
    });
    expect(targets.map((t) => t.labels.job).sort()).toEqual(['alertmanager', 'node-exporter', 'prometheus', 'pushgateway']);
    const ams = await getJson(`${prom!.url}/api/v1/alertmanagers`);
    expect(ams.data.activeAlertmanagers[0].url).toContain(`127.0.0.1:${am!.ports.http}`);
  });

  it('passes promtool and amtool checks', () => {
    // Throws (and fails the test, with the tool's output) on a non-zero exit.
    const run = (bin: string, ...args: string[]) => execFileSync(bin, args, { cwd: REPO_ROOT, encoding: 'utf8', stdio: 'pipe' });
    expect(run('promtool', 'check', 'config', prom!.configFile)).toContain('SUCCESS');
    expect(run('promtool', 'check', 'rules', 'prometheus/alerts.yml')).toContain('SUCCESS: 6 rules found');
    expect(run('amtool', 'check-config', 'prometheus/alertmanager.yml')).toContain('SUCCESS');
  });

  it('loads every rule file prometheus.yml lists, the console rules included', async () => {
    const body = await getJson(`${prom!.url}/api/v1/rules`);
    const groups: string[] = body.data.groups.map((g: { name: string }) => g.name);
    expect(groups).toEqual(expect.arrayContaining(['host', 'demo', 'singing_pager_latency', 'singing_pager_consoles']));
  });

  it('shows a pushed value in a query, keeping the pushed job label', async () => {
    const put = await fetch(`${pg!.url}/metrics/job/sp_test`, { method: 'PUT', body: 'sp_test_value{instance="t1"} 42.5\n' });
    expect(put.status).toBe(200);
    const q = encodeURIComponent('sp_test_value{job="sp_test",instance="t1"}');
    await waitFor('pushed value in Prometheus', async () => {
      const body = await getJson(`${prom!.url}/api/v1/query?query=${q}`);
      return body.data.result[0]?.value[1] === '42.5';
    });
  });

  it('fires a rule on pushed demo telemetry and hands the alert to Alertmanager', async () => {
    const put = await fetch(`${pg!.url}/metrics/job/sp_demo`, { method: 'PUT', body: 'sp_demo_disk_used_ratio{instance="db-3"} 0.95\n' });
    expect(put.status).toBe(200);
    // DiskFull has `for: 10s`; then Prometheus notifies and Alertmanager lists it.
    const alert = await waitFor('DiskFull in Alertmanager', async () => {
      const alerts: { labels: Record<string, string> }[] = await getJson(`${am!.url}/api/v2/alerts`);
      return alerts.find((a) => a.labels.alertname === 'DiskFull');
    }, 45_000);
    expect(alert.labels).toMatchObject({ severity: 'critical', instance: 'db-3', job: 'sp_demo' });
  });
});

describe('docker-compose.yml', () => {
  it('is valid: `docker compose config` where Docker Compose exists, else a structural YAML check', () => {
    const file = join(REPO_ROOT, 'docker-compose.yml');
    const compose = spawnSync('docker', ['compose', 'version'], { encoding: 'utf8' });
    if (compose.status === 0) {
      execFileSync('docker', ['compose', '-f', file, 'config', '--quiet'], { cwd: REPO_ROOT, stdio: 'pipe' });
      return;
    }
    const doc = parse(readFileSync(file, 'utf8'));
    const services = doc.services as Record<string, { image: string; network_mode?: string; volumes?: string[] }>;
    expect(Object.keys(services).sort()).toEqual(['alertmanager', 'mosquitto', 'node-exporter', 'prometheus', 'pushgateway']);
    for (const [name, svc] of Object.entries(services)) {
      expect(svc.image, name).toMatch(/^(eclipse-mosquitto|prom\/[a-z-]+):/);
      // The configs say 127.0.0.1:<port>; only host networking makes that reachable.
      expect(svc.network_mode, name).toBe('host');
      for (const v of svc.volumes ?? []) {
        const src = v.split(':')[0] ?? '';
        if (src.startsWith('./')) expect(existsSync(join(REPO_ROOT, src)), `${name}: ${src}`).toBe(true);
      }
    }
  });
});
