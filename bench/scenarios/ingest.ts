// Ingest: the highest MQTT message rate the console sustains with zero loss and no
// main-thread long task over 100 ms, beside what mosquitto_sub takes from the same
// broker and the same publisher in the same run (the ceiling).
//
// Messages are metrics/bench {"value": seq} (QoS 0), seq counting up from 1e6 across
// the whole run. A step passes when the console's accepted counter (the Input panel's
// [data-testid=accepted-count]) rose by exactly the number published, the metric row
// shows the last seq (in order, nothing lost at the end), the counter caught up within
// `drainMs` of the last publish, and no long task exceeded 100 ms.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { MqttClient } from 'mqtt';
import { profileWhile, type ProfileSummary } from '../lib/profile';
import { blast, pacedPublish, sleep } from '../lib/publish';
import { consoleUrl, openMeasuredPage, type BenchStack, type MeasuredPage } from '../lib/stack';

const SEQ0 = 1_000_000;

export interface Ceiling { msgsPerSecond: number; received: number; sent: number; publishPerSecond: number }

/** mosquitto_sub counting what it receives while the same client blasts `count` messages. */
export async function ceiling(stack: BenchStack, pub: MqttClient, count: number): Promise<Ceiling> {
  const { username, password } = stack.broker.publisher; // the TCP listener takes no anonymous clients
  const sub = spawn('mosquitto_sub', ['-h', '127.0.0.1', '-p', String(stack.broker.ports.mqtt), '-u', username, '-P', password, '-t', 'metrics/ceiling', '-q', '0', '-d', '-i', `bench-ceiling-${process.pid}`], { stdio: ['ignore', 'pipe', 'ignore'] });
  let received = 0;
  let first = 0;
  let last = 0;
  let subscribed!: () => void;
  const ready = new Promise<void>((r) => (subscribed = r));
  const rl = createInterface({ input: sub.stdout! });
  rl.on('line', (line) => {
    if (line.includes('SUBACK')) return subscribed();
    if (line.startsWith('Client ') || line.startsWith('Subscribed')) return;
    const now = performance.now();
    if (!received) first = now;
    received++;
    last = now;
  });
  try {
    await Promise.race([ready, sleep(5000)]);
    const payload = (i: number) => `{"value":${SEQ0 + i}}`;
    const t = await blast(pub, { count, make: (i) => ({ topic: 'metrics/ceiling', payload: payload(i), qos: 0 }) });
    const deadline = Date.now() + 15_000;
    let prev = -1;
    while (received < count && Date.now() < deadline) {
      await sleep(250);
      if (received === prev) break; // nothing more arrives
      prev = received;
    }
    const secs = Math.max(1e-3, (last - first) / 1000);
    return { msgsPerSecond: Math.round((received - 1) / secs), received, sent: count, publishPerSecond: Math.round((count * 1000) / Math.max(1, t.endedAt - t.startedAt)) };
  } finally {
    sub.kill('SIGTERM');
  }
}

export interface Step { rate: number; sent: number; accepted: number; lastValueOk: boolean; drainMs: number | null; maxLongTaskMs: number; pass: boolean }

async function accepted(p: MeasuredPage): Promise<number> {
  const t = await p.text('[data-testid="accepted-count"]');
  return Number(t ?? 'NaN');
}

/** One step: `rate` msgs/s for `seconds`, then wait for the console to catch up. */
async function step(p: MeasuredPage, pub: MqttClient, rate: number, seconds: number, seq: { next: number }, drainMs: number): Promise<Step> {
  const base = await accepted(p);
  await p.evaluate(() => window.__bench.takeLongTasks());
  const count = Math.round(rate * seconds);
  const start = seq.next;
  seq.next += count;
  const t = await pacedPublish(pub, { rate, count, make: (i) => ({ topic: 'metrics/bench', payload: `{"value":${start + i}}`, qos: 0 }) });
  const lastValue = String(start + count - 1);
  let got = base;
  let caughtUp: number | null = null;
  const deadline = t.endedAt + drainMs + 3000;
  for (;;) {
    got = await accepted(p);
    if (got - base >= count) { caughtUp = Date.now() - t.endedAt; break; }
    if (Date.now() > deadline) break;
    await sleep(50);
  }
  // The UI samples the counter every 500 ms; one more look settles late arrivals/duplicates.
  await sleep(600);
  got = await accepted(p);
  const shown = await p.text('[data-metric="bench"] .metric-value');
  const lt = await p.evaluate(() => window.__bench.takeLongTasks());
  const maxLongTaskMs = Math.round(Math.max(0, ...lt.map((x) => x.duration)));
  const sent = count;
  const acc = got - base;
  const lastValueOk = shown === lastValue;
  return { rate, sent, accepted: acc, lastValueOk, drainMs: caughtUp, maxLongTaskMs,
    pass: acc === sent && lastValueOk && caughtUp !== null && caughtUp <= drainMs && maxLongTaskMs <= 100 };
}

export interface IngestResult {
  msgsPerSecond: number;
  ceiling: Ceiling;
  steps: Step[];
  profile?: ProfileSummary;
  workerProfile?: ProfileSummary;
}

export async function runIngest(stack: BenchStack, o: { ceilingCount: number; stepSeconds: number; rates: number[]; drainMs: number; bisect: number;
  profile?: boolean; log?: (m: string) => void }): Promise<IngestResult> {
  const log = o.log ?? (() => {});
  const pub = await stack.publisher('ingest');
  const c = await ceiling(stack, pub, o.ceilingCount);
  log(`ceiling: mosquitto_sub received ${c.received}/${c.sent} at ${c.msgsPerSecond} msgs/s`);
  const p = await openMeasuredPage(stack, consoleUrl(stack), { tap: false, recorder: false });
  try {
    await p.waitFor(() => document.querySelector('[data-source="mqtt"][data-status="live"]'), undefined, 20_000);
    await p.waitFor(() => document.querySelector('[data-audio="running"]'), undefined, 10_000).catch(() => {});
    const seq = { next: SEQ0 };
    // Warm-up: JIT, the metric voice, the row.
    await step(p, pub, 500, 1, seq, o.drainMs);
    const steps: Step[] = [];
    let best = 0;
    let fail = Infinity;
    for (const rate of o.rates) {
      if (rate > c.msgsPerSecond * 1.2) break;
      const s = await step(p, pub, rate, o.stepSeconds, seq, o.drainMs);
      steps.push(s);
      log(`ingest ${rate}/s: ${s.pass ? 'pass' : 'FAIL'} accepted ${s.accepted}/${s.sent} drain ${s.drainMs} ms longest task ${s.maxLongTaskMs} ms`);
      if (!s.pass) { fail = rate; break; }
      best = rate;
    }
    for (let i = 0; i < o.bisect && Number.isFinite(fail) && fail - best > Math.max(500, best * 0.1); i++) {
      const rate = Math.round((best + fail) / 2 / 100) * 100;
      await sleep(1000);
      const s = await step(p, pub, rate, o.stepSeconds, seq, o.drainMs);
      steps.push(s);
      log(`ingest ${rate}/s: ${s.pass ? 'pass' : 'FAIL'} accepted ${s.accepted}/${s.sent} drain ${s.drainMs} ms longest task ${s.maxLongTaskMs} ms`);
      if (s.pass) best = rate; else fail = rate;
    }
    let profile: ProfileSummary | undefined;
    let workerProfile: ProfileSummary | undefined;
    if (o.profile) {
      // Where the time goes just past the limit: a 3 s CPU profile at the failing rate.
      const rate = Number.isFinite(fail) ? fail : Math.max(best, 1000);
      await sleep(1000);
      const start = seq.next;
      seq.next += rate * 3;
      const publish = () => pacedPublish(pub, { rate, count: rate * 3, make: (i) => ({ topic: 'metrics/bench', payload: `{"value":${start + i}}`, qos: 0 }) }).then(() => sleep(1000));
      // The MQTT worker too (socket, mqtt.js, parsing): the page's main thread is mostly idle here.
      const worker = (await p.workers()).find((w) => /mqtt/.test(w.name));
      profile = await profileWhile(p, `ingest ${rate} msgs/s`, async () => {
        if (worker) workerProfile = await profileWhile(worker, `ingest ${rate} msgs/s, MQTT worker`, publish);
        else await publish();
      });
    }
    return { msgsPerSecond: best, ceiling: c, steps, profile, workerProfile };
  } finally {
    await p.close();
  }
}
