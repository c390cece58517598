#!/usr/bin/env node
// Demo telemetry for the local stack: drifting metrics on metrics/<name> over MQTT,
// incidents that fire and later resolve on alerts/<severity>, and the same numbers
// as sp_demo_* gauges pushed to the Pushgateway (so Prometheus rules can fire too).
//   node scripts/generator.mjs [--mqtt mqtt://127.0.0.1:1883] [--pushgateway http://127.0.0.1:9091]
//   env: SP_MQTT_URL, SP_PUSHGATEWAY_URL, SP_MQTT_USERNAME, SP_MQTT_PASSWORD (the broker
//   refuses anonymous publishers; default: the running local stack's publisher)
import mqtt from 'mqtt';
import { pathToFileURL } from 'node:url';
import { publisherAuth } from './lib/mqtt-auth.mjs';

/** Metric definitions: resting level, noise, where an incident pushes it, hard limits. */
const METRICS = {
  cpu: { instance: 'web-1', base: 0.35, noise: 0.04, incident: 0.93, min: 0, max: 1, gauge: 'sp_demo_cpu_ratio' },
  memory: { instance: 'web-1', base: 0.55, noise: 0.01, incident: 0.94, min: 0, max: 1, gauge: 'sp_demo_memory_ratio' },
  latency: { instance: 'api-1', base: 0.12, noise: 0.02, incident: 0.85, min: 0.005, max: 5, gauge: 'sp_demo_latency_seconds' },
  disk: { instance: 'db-3', base: 0.62, noise: 0.003, incident: 0.95, min: 0, max: 1, gauge: 'sp_demo_disk_used_ratio' },
  errors: { instance: 'api-1', base: 0.01, noise: 0.004, incident: 0.12, min: 0, max: 1, gauge: 'sp_demo_error_rate' },
};
/** @typedef {keyof typeof METRICS} MetricName */

/** Incidents: which metric goes bad and which alert announces it (names match prometheus/alerts.yml). */
const INCIDENTS = /** @type {const} */ ([
  { alert: 'DiskFull', severity: 'critical', metric: 'disk', summary: 'Disk almost full on db-3' },
  { alert: 'HighLatency', severity: 'warning', metric: 'latency', summary: 'Slow responses on api-1' },
  { alert: 'ErrorRate', severity: 'warning', metric: 'errors', summary: 'Error rate above 5% on api-1' },
  { alert: 'HighCPU', severity: 'critical', metric: 'cpu', summary: 'High CPU usage on web-1' },
  { alert: 'HighMemory', severity: 'warning', metric: 'memory', summary: 'High memory usage on web-1' },
]);

/**
 * @param {{ mqttUrl?: string, pushgatewayUrl?: string | null, intervalMs?: number, pushEveryMs?: number,
 *   incidentEveryMs?: [number, number], incidentLengthMs?: [number, number], log?: (m: string) => void,
 *   username?: string, password?: string }} [opts]
 * @returns {Promise<{ stop(): Promise<void>, client: import('mqtt').MqttClient }>}
 */
export async function startGenerator(opts = {}) {
  const log = opts.log ?? ((m) => console.log(`[generator] ${m}`));
  const mqttUrl = opts.mqttUrl ?? 'mqtt://127.0.0.1:1883';
  const pushUrl = opts.pushgatewayUrl === undefined ? 'http://127.0.0.1:9091' : opts.pushgatewayUrl;
  const [gapMin, gapMax] = opts.incidentEveryMs ?? [10_000, 30_000];
  const [lenMin, lenMax] = opts.incidentLengthMs ?? [15_000, 40_000];
  const rand = (/** @type {number} */ a, /** @type {number} */ b) => a + Math.random() * (b - a);

  log(`connecting to ${mqttUrl}`);
  // Reconnects forever: the broker may restart under us, and that is part of the demo.
  const client = await mqtt.connectAsync(mqttUrl, { clientId: `sp-generator-${process.pid}`, reconnectPeriod: 1000, connectTimeout: 5000, ...publisherAuth(opts) });
  client.on('error', (err) => log(`mqtt: ${err.message}`));
  client.on('offline', () => log('mqtt: offline, retrying'));

  /** @type {Record<MetricName, number>} */
  const value = /** @type {any} */ (Object.fromEntries(Object.entries(METRICS).map(([k, m]) => [k, m.base])));
  /** @type {Map<MetricName, (typeof INCIDENTS)[number]>} */
  const active = new Map();

  // Random walk pulled towards the resting level, or towards the incident level while one is active.
  const tick = () => {
    const now = Date.now();
    for (const [name, m] of /** @type {[MetricName, (typeof METRICS)[MetricName]][]} */ (Object.entries(METRICS))) {
      const target = active.has(name) ? m.incident : m.base;
      const next = value[name] + (target - value[name]) * 0.15 + (Math.random() - 0.5) * 2 * m.noise;
      value[name] = Math.min(m.max, Math.max(m.min, next));
      if (client.connected) client.publish(`metrics/${name}`, JSON.stringify({ value: round(value[name]), timestamp: now }), { qos: 0 });
    }
  };

  /** @param {(typeof INCIDENTS)[number]} inc @param {'firing' | 'resolved'} state */
  const announce = (inc, state) => {
    const m = METRICS[inc.metric];
    const body = {
      name: inc.alert, severity: inc.severity, state,
      // The labels Prometheus gives the same alert (prometheus/alerts.yml), so the console
      // hears one alert when it reads both MQTT and Prometheus.
      labels: { instance: m.instance, job: 'sp_demo', severity: inc.severity },
      annotations: { summary: inc.summary },
      value: round(state === 'firing' ? m.incident : value[inc.metric]), timestamp: Date.now(),
    };
    log(`${state} ${inc.alert} (${inc.severity}) on ${m.instance}`);
    client.publish(`alerts/${inc.severity}`, JSON.stringify(body), { qos: 1 });
  };

  /** @type {Set<NodeJS.Timeout>} */
  const timers = new Set();
  /** @param {() => void} fn @param {number} ms */
  const later = (fn, ms) => { const t = setTimeout(() => { timers.delete(t); fn(); }, ms); timers.add(t); };
  const scheduleIncident = () => later(() => {
    const idle = INCIDENTS.filter((i) => !active.has(i.metric));
    const inc = idle[Math.floor(Math.random() * idle.length)];
    if (inc) {
      active.set(inc.metric, inc);
      announce(inc, 'firing');
      later(() => { active.delete(inc.metric); announce(inc, 'resolved'); }, rand(lenMin, lenMax));
    }
    scheduleIncident();
  }, rand(gapMin, gapMax));

  const push = async () => {
    if (!pushUrl) return;
    const lines = [];
    for (const [name, m] of Object.entries(METRICS)) {
      lines.push(`# TYPE ${m.gauge} gauge`, `${m.gauge}{instance="${m.instance}"} ${round(value[/** @type {MetricName} */ (name)])}`);
    }
    lines.push('# TYPE sp_demo_broker_up gauge', `sp_demo_broker_up ${client.connected ? 1 : 0}`);
    lines.push('# TYPE sp_demo_heartbeat_timestamp_seconds gauge', `sp_demo_heartbeat_timestamp_seconds ${Date.now() / 1000}`);
    try {
      // PUT replaces the whole group, so series from an older run never linger.
      const r = await fetch(`${pushUrl}/metrics/job/sp_demo`, { method: 'PUT', body: lines.join('\n') + '\n', signal: AbortSignal.timeout(3000) });
      if (!r.ok) log(`pushgateway: HTTP ${r.status} ${(await r.text()).slice(0, 200)}`);
    } catch (err) {
      log(`pushgateway: ${err instanceof Error ? err.message : String(err)}`);
    }
  };

  const tickTimer = setInterval(tick, opts.intervalMs ?? 500);
  const pushTimer = setInterval(push, opts.pushEveryMs ?? 3000);
  tick();
  await push();
  scheduleIncident();
  log(`publishing to ${mqttUrl}${pushUrl ? `, pushing to ${pushUrl}` : ''}`);

  return {
    client,
    async stop() {
      clearInterval(tickTimer);
      clearInterval(pushTimer);
      for (const t of timers) clearTimeout(t);
      // Resolve what is still firing so listeners are not left with stuck alerts.
      for (const inc of active.values()) if (client.connected) announce(inc, 'resolved');
      active.clear();
      await client.endAsync();
    },
  };
}

/** @param {number} v */
const round = (v) => Math.round(v * 10_000) / 10_000;

/** @param {string[]} argv @param {string} flag */
function flag(argv, flag) {
  const i = argv.indexOf(flag);
  if (i >= 0) return argv[i + 1];
  return argv.find((a) => a.startsWith(`${flag}=`))?.slice(flag.length + 1);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const argv = process.argv.slice(2);
  const gen = await startGenerator({
    mqttUrl: flag(argv, '--mqtt') ?? process.env.SP_MQTT_URL,
    pushgatewayUrl: flag(argv, '--pushgateway') ?? process.env.SP_PUSHGATEWAY_URL,
  }).catch((err) => { console.error(`generator: ${err.message}`); process.exit(1); });
  const quit = async () => { await gen.stop(); process.exit(0); };
  process.once('SIGINT', quit);
  process.once('SIGTERM', quit);
}
