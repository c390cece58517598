// Soak: a million events through the console's whole live path, MQTT → sources →
// pipeline → conductor/score → audio engine → stores → UI, as fast as the console
// takes them, then the JS heap (after forced GC through CDP HeapProfiler.collectGarbage),
// the most voices ever sounding at once (OscillatorNodes started and not yet ended,
// counted by the bench's init script) and the audio nodes still alive at the end (CDP
// WebAudio domain: created − destroyed, after GC).
//
// The heap is read at 10 % (the warm baseline: every bounded structure has filled by
// then — every alert identity and metric has been seen), 25, 50, 75 and 100 %;
// heap_growth_mb = end − warm, and the checkpoints show whether it is a trend.
//
// Events, a seeded incident mix: 90 % alerts in Alertmanager webhook bodies of `batch`
// on alerts/webhook (QoS 1; 100 alerts is ~12 KB, under the console's payload cap) over
// `identities` alert identities, each picked at random: a resolved (or new) one fires,
// a firing one resolves, or one time in five repeats its firing (a redelivery, quiet);
// 10 % metrics (QoS 0) over 300 names, one in ten the score's voiced metrics (cpu,
// memory, latency, disk), the rest past the console's 256-metric and 64-chart caps.
// Publishing is paced by the console's own accepted counter (at most `window` events
// ahead) so the broker never has to drop what the console is slow to take.
import type { CDPSession } from 'playwright-core';
import type { MqttClient } from 'mqtt';
import { sleep } from '../lib/publish';
import { consoleUrl, openBenchPage, type BenchPage, type BenchStack } from '../lib/stack';

export interface SoakResult {
  events: number;
  targetEvents: number;
  /** Wall time taking the events, heap checkpoints excluded. */
  seconds: number;
  eventsPerSecond: number;
  heapColdMb: number;
  heapWarmMb: number;
  heapEndMb: number;
  heapGrowthMb: number;
  heapGrowthFromColdMb: number;
  /** Heap after GC at 10, 25, 50, 75 and 100 % of the events taken. */
  heapCheckpoints: { events: number; mb: number }[];
  maxVoices: number;
  oscillatorsStarted: number;
  audioNodesStart: number;
  audioNodesEnd: number;
  audioNodesPeak: number;
  identities: number;
  batch: number;
  complete: boolean;
  /** Events published but not yet accepted when the heap was measured (after a 30 s drain). */
  backlog: number;
  /** Messages the console rejected (should be 0: every payload is valid and under its size cap). */
  rejected: number;
  stalls: string[];
  /** CDP WebAudio renderCapacity (% of the callback budget the audio thread used). */
  renderCapacityStartPct: number | null;
  renderCapacityMaxPct: number;
  renderCapacityEndPct: number | null;
}

/** A small seeded PRNG (mulberry32): the same incident every run. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const VOICED = ['cpu', 'memory', 'latency', 'disk'];
const METRIC_NAMES = 300;
const SEVERITIES = ['critical', 'warning', 'info'];

/** The incident mix described above, `n` events at a time. */
function incident(identities: number) {
  const rand = rng(7);
  const firing = new Uint8Array(identities);
  let metricSeq = 0;
  return {
    alerts(n: number) {
      const alerts = [];
      for (let i = 0; i < n; i++) {
        const id = Math.floor(rand() * identities);
        const repeat = firing[id] === 1 && rand() < 0.2;
        if (!repeat) firing[id] = firing[id] ? 0 : 1;
        alerts.push({ status: firing[id] ? 'firing' : 'resolved', labels: { alertname: `Soak${id % 400}`, severity: SEVERITIES[id % 3], instance: `node-${id}` }, fingerprint: `soak-${id}` });
      }
      return alerts;
    },
    metric(): { topic: string; payload: string } {
      const k = metricSeq++;
      const name = k % 10 === 0 ? VOICED[(k / 10) % VOICED.length]! : `soak-${k % (METRIC_NAMES - VOICED.length)}`;
      return { topic: `metrics/${name}`, payload: `{"value":${((k * 7919) % 1000) / 1000}}` };
    },
  };
}

async function heapMb(cdp: CDPSession): Promise<number> {
  for (let i = 0; i < 3; i++) { await cdp.send('HeapProfiler.collectGarbage'); await sleep(100); }
  const u = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
  return u.usedSize / (1 << 20);
}

/** Events the console has taken (accepted) plus messages it turned away (rejected). */
async function acceptedCount(p: BenchPage): Promise<number> {
  return Number(await p.page.textContent('[data-testid="accepted-count"]', { timeout: 5000 }));
}
async function rejectedCount(p: BenchPage): Promise<number> {
  return Number(await p.page.textContent('[data-testid="rejected-count"]', { timeout: 5000 }).catch(() => '0'));
}

export async function runSoak(stack: BenchStack, o: { events: number; identities: number; maxSeconds: number; window: number; batch: number; log?: (m: string) => void }): Promise<SoakResult> {
  const log = o.log ?? (() => {});
  let cdp!: CDPSession;
  const live = new Map<string, Set<string>>();
  let nodes = 0;
  let peakNodes = 0;
  const ctxIds: string[] = [];
  // Chromium's own view of the realtime audio thread: share of each callback's budget used.
  const capacity = async (): Promise<number | null> => {
    const id = ctxIds[ctxIds.length - 1];
    if (!id) return null;
    const r = (await cdp.send('WebAudio.getRealtimeData', { contextId: id }).catch(() => null)) as { realtimeData: { renderCapacity: number } } | null;
    return r ? Math.round(r.realtimeData.renderCapacity * 1000) / 10 : null;
  };
  const p = await openBenchPage(stack, consoleUrl(stack), {
    tap: false, recorder: false,
    beforeGoto: async (h) => {
      cdp = await h.context.newCDPSession(h.page);
      cdp.on('WebAudio.audioNodeCreated', (e: { node: { nodeId: string; contextId: string } }) => {
        let s = live.get(e.node.contextId);
        if (!s) live.set(e.node.contextId, (s = new Set()));
        s.add(e.node.nodeId);
        nodes++;
        if (nodes > peakNodes) peakNodes = nodes;
      });
      cdp.on('WebAudio.audioNodeWillBeDestroyed', (e: { nodeId: string; contextId: string }) => {
        if (live.get(e.contextId)?.delete(e.nodeId)) nodes--;
      });
      cdp.on('WebAudio.contextCreated', (e: { context: { contextId: string; contextType: string } }) => {
        if (e.context.contextType === 'realtime') ctxIds.push(e.context.contextId);
      });
      await cdp.send('WebAudio.enable');
      await cdp.send('HeapProfiler.enable');
    },
  });
  const pub: MqttClient = await stack.publisher('soak');
  try {
    await p.page.waitForSelector('[data-source="mqtt"][data-status="live"]', { timeout: 20_000 });
    await p.page.waitForSelector('[data-audio="running"]', { timeout: 10_000 }).catch(() => {});
    await sleep(1000);
    const heapCold = await heapMb(cdp);
    const capacityStart = await capacity();
    let capacityMax = capacityStart ?? 0;
    const audioNodesStart = nodes;
    const mix = incident(o.identities);
    let sent = 0;
    let batch = 0;
    const marks = [0.1, 0.25, 0.5, 0.75].map((f) => Math.round(f * o.events));
    const checkpoints: { events: number; mb: number }[] = [];
    const t0 = Date.now();
    const base = await acceptedCount(p);
    const rejectedBase = await rejectedCount(p);
    let acc = 0;
    const publishSome = (budget: number) => {
      while (budget > 0 && sent < o.events) {
        if (batch % 10 !== 9) {
          const alerts = mix.alerts(Math.min(o.batch, o.events - sent));
          sent += alerts.length;
          pub.publish('alerts/webhook', JSON.stringify({ version: '4', status: 'firing', alerts }), { qos: 1 });
          budget -= alerts.length;
        } else {
          const n = Math.min(Math.round(o.batch / 9), o.events - sent);
          for (let i = 0; i < n; i++) {
            const m = mix.metric();
            pub.publish(m.topic, m.payload, { qos: 0 });
          }
          sent += n;
          budget -= n;
        }
        batch++;
      }
    };
    /** Drains what is in flight (up to 30 s), then lets the last sounds end, so the heap is not measured mid-backlog. */
    const settle = async (sentNow: number, accNow: number): Promise<number> => {
      const end = Date.now() + 30_000;
      while (accNow < sentNow && Date.now() < end) { await sleep(250); accNow = (await acceptedCount(p)) - base; }
      await sleep(2000);
      return accNow;
    };
    let pausedMs = 0; // checkpoints: not counted in the rate
    let lastLog = Date.now();
    let lastProgress = Date.now();
    const stalls: string[] = [];
    while (acc < o.events) {
      const now = (await acceptedCount(p)) - base;
      if (now > acc) lastProgress = Date.now();
      acc = now;
      while (marks.length && acc >= marks[0]!) {
        marks.shift();
        // Measured at rest, as the end is: what is in flight drained, the last sounds over.
        const paused = Date.now();
        acc = await settle(sent, acc);
        checkpoints.push({ events: acc, mb: r(await heapMb(cdp)) });
        pausedMs += Date.now() - paused;
        log(`soak: heap ${checkpoints[checkpoints.length - 1]!.mb} MB after GC at ${acc} events`);
        lastProgress = Date.now();
      }
      if (Date.now() - t0 > o.maxSeconds * 1000) { log(`soak: time budget reached at ${acc} events`); break; }
      // Nothing accepted for 30 s with events outstanding: say so and stop (never flood).
      if (Date.now() - lastProgress > 30_000) {
        const status = await p.page.getAttribute('[data-source="mqtt"]', 'data-status').catch(() => null);
        const errs = p.allErrors().slice(0, 3).map((e) => e.split('\n')[0]!.slice(0, 200));
        stalls.push(`no event accepted for 30 s at ${acc} accepted, ${sent - acc} outstanding (mqtt ${status})${errs.length ? `; page errors: ${errs.join(' | ')}` : '; no page errors'}`);
        log(`soak: ${stalls[stalls.length - 1]}`);
        break;
      }
      publishSome(Math.max(0, acc + o.window - sent));
      capacityMax = Math.max(capacityMax, (await capacity()) ?? 0);
      if (Date.now() - lastLog > 10_000) { lastLog = Date.now(); log(`soak: ${acc} events accepted, ${nodes} audio nodes, ${Math.round(acc / ((Date.now() - t0) / 1000))} ev/s`); }
      await sleep(100);
    }
    acc = await settle(sent, acc);
    const backlog = sent - acc;
    const rejected = (await rejectedCount(p)) - rejectedBase;
    const seconds = (Date.now() - t0 - pausedMs) / 1000;
    const heapEnd = await heapMb(cdp);
    const capacityEnd = await capacity();
    await sleep(500);
    const v = await p.page.evaluate(() => window.__bench.voices());
    checkpoints.push({ events: acc, mb: r(heapEnd) });
    const warm = checkpoints.length > 1 ? checkpoints[0]!.mb : heapCold;
    return {
      events: acc, targetEvents: o.events, seconds: Math.round(seconds * 10) / 10, eventsPerSecond: Math.round(acc / seconds),
      heapColdMb: r(heapCold), heapWarmMb: r(warm), heapEndMb: r(heapEnd), heapGrowthMb: r(heapEnd - warm), heapGrowthFromColdMb: r(heapEnd - heapCold), heapCheckpoints: checkpoints,
      maxVoices: v.max, oscillatorsStarted: v.started, audioNodesStart, audioNodesEnd: nodes, audioNodesPeak: peakNodes, identities: o.identities, batch: o.batch,
      complete: acc >= o.events, backlog, rejected, stalls, renderCapacityStartPct: capacityStart, renderCapacityMaxPct: capacityMax, renderCapacityEndPct: capacityEnd,
    };
  } finally {
    await p.close();
  }
}

const r = (x: number) => Math.round(x * 100) / 100;
