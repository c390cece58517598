// Writes the shipped training scenarios (public/scenarios/*.json and index.json).
// Each is an incident told as alerts plus the four metric voices of the presets
// (cpu, memory, latency, disk), sampled every 5 s with a little seeded noise.
// `node scripts/scenarios.mjs` regenerates them; test/domain/scenario.test.ts
// validates what is shipped.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const OUT = fileURLToPath(new URL('../public/scenarios/', import.meta.url));
const STEP = 5;

function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Linear interpolation through [t, v] points. */
function curve(points) {
  return (t) => {
    if (t <= points[0][0]) return points[0][1];
    for (let i = 1; i < points.length; i++) {
      const [t1, v1] = points[i];
      const [t0, v0] = points[i - 1];
      if (t <= t1) return v0 + ((v1 - v0) * (t - t0)) / (t1 - t0);
    }
    return points[points.length - 1][1];
  };
}

const round = (x, d = 3) => Math.round(x * 10 ** d) / 10 ** d;

function metrics(duration, seed, curves) {
  const r = rng(seed);
  const out = [];
  for (let t = 0; t <= duration; t += STEP) {
    for (const [name, [f, noise, min, max]] of Object.entries(curves)) {
      out.push({ at: t, kind: 'metric', name, value: round(Math.min(max, Math.max(min, f(t) + (r() - 0.5) * 2 * noise))) });
    }
  }
  return out;
}

/** An alert's life: [at, state] pairs. */
function alert(name, severity, labels, summary, life) {
  return life.map(([at, state]) => ({ at, kind: 'alert', name, severity, state, labels, annotations: { summary } }));
}

function scenario(s) {
  const events = [...s.alerts.flat(), ...s.metrics].sort((a, b) => a.at - b.at || (a.kind === 'alert' ? -1 : 1));
  return { version: 1, id: s.id, title: s.title, description: s.description, durationSeconds: s.durationSeconds, events, quiz: s.quiz };
}

const db = 'db-3';
const diskFilling = scenario({
  id: 'db-disk-filling',
  title: 'A disk filling on a database',
  description: 'WAL archiving on the primary database db-3 stalls and its data disk fills over ten minutes; queries slow down, a replica lags, the API feels it. Someone fixes the archiver and cleans up. Listen for the disk voice brightening long before the critical strikes.',
  durationSeconds: 900,
  alerts: [
    alert('BackupSlow', 'info', { instance: 'db-1', service: 'postgres' }, 'Nightly backup on db-1 is running long', [[45, 'firing'], [300, 'resolved']]),
    alert('WALArchiveFailing', 'warning', { instance: db, service: 'postgres' }, 'WAL archiving on db-3 has failed for 5 minutes', [[120, 'firing'], [600, 'resolved']]),
    alert('DiskFilling', 'warning', { instance: db, service: 'postgres', mountpoint: '/var/lib/postgresql' }, 'Disk 85% full on db-3:/var/lib/postgresql and rising', [[205, 'pending'], [210, 'firing'], [720, 'resolved']]),
    alert('ReplicationLag', 'warning', { instance: 'db-4', service: 'postgres-replica' }, 'Replica db-4 is 90 s behind db-3', [[390, 'firing'], [780, 'resolved']]),
    alert('DiskFull', 'critical', { instance: db, service: 'postgres', mountpoint: '/var/lib/postgresql' }, 'Disk 95% full on db-3:/var/lib/postgresql', [[480, 'firing'], [650, 'resolved']]),
    alert('HighLatency', 'warning', { instance: 'api-2', service: 'api' }, 'p99 latency above 500 ms on api-2', [[500, 'firing'], [690, 'resolved']]),
  ],
  metrics: metrics(900, 11, {
    disk: [curve([[0, 0.71], [120, 0.74], [540, 0.97], [600, 0.97], [660, 0.75], [900, 0.74]]), 0.003, 0, 1],
    latency: [curve([[0, 0.12], [400, 0.16], [520, 0.55], [620, 0.5], [700, 0.14], [900, 0.12]]), 0.01, 0.01, 2],
    cpu: [curve([[0, 0.33], [480, 0.52], [620, 0.48], [700, 0.35], [900, 0.33]]), 0.03, 0, 1],
    memory: [curve([[0, 0.55], [900, 0.56]]), 0.005, 0, 1],
  }),
  quiz: {
    ask: 'alert',
    choices: ['BackupSlow', 'WALArchiveFailing', 'DiskFilling', 'ReplicationLag', 'DiskFull', 'HighLatency', 'HighCPU'],
    expected: [
      { at: 45, severity: 'info', answer: 'BackupSlow' },
      { at: 120, severity: 'warning', answer: 'WALArchiveFailing' },
      { at: 210, severity: 'warning', answer: 'DiskFilling' },
      { at: 390, severity: 'warning', answer: 'ReplicationLag' },
      { at: 480, severity: 'critical', answer: 'DiskFull' },
      { at: 500, severity: 'warning', answer: 'HighLatency' },
    ],
  },
});

const webs = Array.from({ length: 12 }, (_, i) => `web-${i + 1}`);
const cpuStorm = scenario({
  id: 'cpu-storm-fleet',
  title: 'A CPU storm across a fleet',
  description: 'A deploy ships a regex that backtracks on some requests. Within a minute all twelve web servers run hot, the edge starts returning 5xx and the work queue backs up; a rollback brings them back one by one. Twelve criticals in a minute: hear the storm texture take over instead of twelve strikes.',
  durationSeconds: 600,
  alerts: [
    alert('DeployStarted', 'info', { service: 'web', instance: 'ci-1' }, 'Deploy web v2024.11.3 started', [[60, 'firing'], [480, 'resolved']]),
    ...webs.map((w, i) => alert('HighCPU', 'critical', { instance: w, service: 'web' }, `CPU above 90% on ${w}`, [[100 + i * 5, 'firing'], [330 + i * 6, 'resolved']])),
    alert('LoadBalancer5xx', 'warning', { instance: 'lb-1', service: 'edge' }, 'Edge 5xx rate above 2%', [[170, 'firing'], [410, 'resolved']]),
    alert('QueueBacklog', 'warning', { instance: 'worker-2', service: 'worker' }, 'Work queue above 10k messages', [[200, 'firing'], [470, 'resolved']]),
    alert('RollbackStarted', 'info', { service: 'web', instance: 'ci-1' }, 'Rollback to web v2024.11.2 started', [[300, 'firing'], [420, 'resolved']]),
  ],
  metrics: metrics(600, 23, {
    cpu: [curve([[0, 0.36], [90, 0.38], [160, 0.95], [310, 0.94], [420, 0.42], [600, 0.37]]), 0.03, 0, 1],
    latency: [curve([[0, 0.11], [150, 0.18], [200, 0.7], [330, 0.65], [430, 0.13], [600, 0.11]]), 0.015, 0.01, 2],
    memory: [curve([[0, 0.52], [200, 0.61], [450, 0.55], [600, 0.52]]), 0.005, 0, 1],
    disk: [curve([[0, 0.48], [600, 0.49]]), 0.002, 0, 1],
  }),
  quiz: {
    ask: 'service',
    choices: ['web', 'edge', 'worker', 'api', 'postgres'],
    expected: [
      { at: 60, severity: 'info', answer: 'web' },
      { at: 100, severity: 'critical', answer: 'web' },
      { at: 170, severity: 'warning', answer: 'edge' },
      { at: 200, severity: 'warning', answer: 'worker' },
      { at: 300, severity: 'info', answer: 'web' },
    ],
  },
});

const broker = { instance: 'mqtt-1', service: 'mqtt' };
const flapping = scenario({
  id: 'flapping-mqtt-broker',
  title: 'A flapping MQTT broker',
  description: 'The MQTT broker mqtt-1 leaks memory under a reconnect storm and drops its clients again and again; telemetry ingestion lags behind. The on-call restarts it with a connection limit. The same critical comes and goes: learn to hear flapping as one problem, not five.',
  durationSeconds: 600,
  alerts: [
    alert('MQTTConnection', 'critical', broker, 'MQTT broker connection lost', [[60, 'firing'], [95, 'resolved'], [150, 'firing'], [170, 'resolved'], [240, 'firing'], [300, 'resolved'], [350, 'firing'], [365, 'resolved'], [420, 'firing'], [520, 'resolved']]),
    alert('ConsumerLag', 'warning', { instance: 'ingest-1', service: 'telemetry-ingest' }, 'Telemetry ingest is 5 minutes behind', [[180, 'firing'], [560, 'resolved']]),
    alert('ClientReconnectStorm', 'warning', broker, 'More than 200 client reconnects a minute', [[250, 'firing'], [540, 'resolved']]),
    alert('BrokerMemoryHigh', 'warning', broker, 'mqtt-1 resident memory above 85%', [[330, 'firing'], [500, 'resolved']]),
  ],
  metrics: metrics(600, 37, {
    memory: [curve([[0, 0.55], [200, 0.7], [400, 0.9], [490, 0.92], [505, 0.4], [600, 0.42]]), 0.01, 0, 1],
    cpu: [curve([[0, 0.3], [60, 0.55], [100, 0.35], [150, 0.6], [240, 0.7], [420, 0.75], [520, 0.35], [600, 0.3]]), 0.06, 0, 1],
    latency: [curve([[0, 0.1], [180, 0.4], [450, 0.6], [560, 0.12], [600, 0.1]]), 0.02, 0.01, 2],
    disk: [curve([[0, 0.41], [600, 0.42]]), 0.002, 0, 1],
  }),
  quiz: {
    ask: 'alert',
    choices: ['MQTTConnection', 'ConsumerLag', 'ClientReconnectStorm', 'BrokerMemoryHigh', 'DiskFull', 'HighCPU'],
    expected: [
      { at: 60, severity: 'critical', answer: 'MQTTConnection' },
      { at: 180, severity: 'warning', answer: 'ConsumerLag' },
      { at: 250, severity: 'warning', answer: 'ClientReconnectStorm' },
      { at: 330, severity: 'warning', answer: 'BrokerMemoryHigh' },
    ],
  },
});

const cascading = scenario({
  id: 'cascading-latency',
  title: 'A cascading latency incident',
  description: 'A missing index makes one query slow on db-1. The API waits on it, its connection pool runs dry, the frontend starts failing, and checkout burns its error budget while payments time out. The fix goes in at minute ten and the alerts clear in reverse order. Follow the latency voice: it pulses faster as the cascade spreads.',
  durationSeconds: 1200,
  alerts: [
    alert('SlowQueries', 'warning', { instance: 'db-1', service: 'postgres' }, 'Queries over 1 s on db-1', [[90, 'firing'], [640, 'resolved']]),
    alert('HighLatency', 'warning', { instance: 'api-2', service: 'api' }, 'p99 latency above 500 ms on api-2', [[150, 'pending'], [180, 'firing'], [760, 'resolved']]),
    alert('ConnectionPoolExhausted', 'critical', { instance: 'api-2', service: 'api' }, 'api-2 has no free database connections', [[260, 'firing'], [700, 'resolved']]),
    alert('ErrorRate', 'warning', { instance: 'web-3', service: 'frontend' }, 'Error rate above 5% on web-3', [[330, 'firing'], [820, 'resolved']]),
    alert('CheckoutSLOBurn', 'critical', { instance: 'checkout-1', service: 'checkout' }, 'Checkout is burning its error budget 14× too fast', [[420, 'firing'], [960, 'resolved']]),
    alert('PaymentTimeouts', 'critical', { instance: 'pay-2', service: 'payments' }, 'Payment provider calls timing out', [[450, 'firing'], [850, 'resolved']]),
    alert('CacheEvictions', 'info', { instance: 'cache-1', service: 'cache' }, 'Cache evictions above normal', [[500, 'firing'], [700, 'resolved']]),
  ],
  metrics: metrics(1200, 41, {
    latency: [curve([[0, 0.12], [80, 0.13], [180, 0.4], [300, 0.7], [450, 0.95], [600, 0.9], [700, 0.4], [800, 0.15], [1200, 0.12]]), 0.02, 0.01, 2],
    cpu: [curve([[0, 0.4], [260, 0.62], [450, 0.7], [700, 0.45], [1200, 0.4]]), 0.03, 0, 1],
    memory: [curve([[0, 0.6], [450, 0.72], [800, 0.62], [1200, 0.6]]), 0.006, 0, 1],
    disk: [curve([[0, 0.55], [1200, 0.56]]), 0.002, 0, 1],
  }),
  quiz: {
    ask: 'service',
    choices: ['postgres', 'api', 'frontend', 'checkout', 'payments', 'cache'],
    expected: [
      { at: 90, severity: 'warning', answer: 'postgres' },
      { at: 180, severity: 'warning', answer: 'api' },
      { at: 260, severity: 'critical', answer: 'api' },
      { at: 330, severity: 'warning', answer: 'frontend' },
      { at: 420, severity: 'critical', answer: 'checkout' },
      { at: 450, severity: 'critical', answer: 'payments' },
      { at: 500, severity: 'info', answer: 'cache' },
    ],
  },
});

const all = [diskFilling, cpuStorm, flapping, cascading];
mkdirSync(OUT, { recursive: true });
// One event per line: readable, and a diff shows what changed.
const format = (s) => JSON.stringify({ ...s, events: '__EVENTS__' }, null, 2).replace('"__EVENTS__"', `[\n${s.events.map((e) => `    ${JSON.stringify(e)}`).join(',\n')}\n  ]`);
for (const s of all) writeFileSync(join(OUT, `${s.id}.json`), `${format(s)}\n`);
const index = all.map((s) => ({ id: s.id, title: s.title, description: s.description, durationSeconds: s.durationSeconds, alerts: new Set(s.events.filter((e) => e.kind === 'alert').map((e) => e.name)).size, quiz: s.quiz.expected.length }));
writeFileSync(join(OUT, 'index.json'), `${JSON.stringify(index, null, 2)}\n`);
console.log(`wrote ${all.length} scenarios to ${OUT}`);
