// Soak: a million events replayed as fast as the console takes them, then the JS heap
// (after forced GC through CDP HeapProfiler.collectGarbage), the most voices ever
// sounding at once (OscillatorNodes started and not yet ended, counted by the bench's
// init script) and the audio nodes still alive at the end (CDP WebAudio domain:
// created − destroyed, after GC).
//
// Events: 90% alerts in Alertmanager webhook bodies of `batch` on alerts/webhook (QoS 1;
// 100 alerts is ~12 KB, under the console's payload cap)
// over `identities` alert identities that fire and later resolve (so every event is a
// new alert or a resolve: each one sounds), 10% metrics/soak-<n> {"value"} (QoS 0) over
// 300 names (past the console's 256-metric and 16-voice caps). Publishing is paced by
// the console's own accepted counter (at most `window` events ahead) so the broker
// never has to drop what the console is slow to take.
import type { CDPSession } from 'playwright-core';
import type { MqttClient } from 'mqtt';
import { sleep } from '../lib/publish';
import { consoleUrl, openBenchPage, type BenchPage, type BenchStack } from '../lib/stack';

export interface SoakResult {
  events: number;
  targetEvents: number;
  seconds: number;
  eventsPerSecond: number;
  heapColdMb: number;
  heapWarmMb: number;
  heapEndMb: number;
  heapGrowthMb: number;
  heapGrowthFromColdMb: number;
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
    const sev = ['critical', 'warning', 'info'];
    let sent = 0;
    let alertSeq = 0;
    let metricSeq = 0;
    let batch = 0;
    const warmAt = Math.max(1000, Math.round(o.events / 100));
    let heapWarm: number | null = null;
    const t0 = Date.now();
    const base = await acceptedCount(p);
    const rejectedBase = await rejectedCount(p);
    let acc = 0;
    const publishSome = (budget: number) => {
      while (budget > 0 && sent < o.events) {
        if (batch % 10 !== 9) {
          const alerts = [];
          for (let i = 0; i < o.batch && sent < o.events; i++, sent++, alertSeq++) {
            const id = alertSeq % o.identities;
            const resolved = Math.floor(alertSeq / o.identities) % 2 === 1;
            alerts.push({ status: resolved ? 'resolved' : 'firing', labels: { alertname: `Soak${id}`, severity: sev[id % 3], instance: `node-${id % 97}` }, fingerprint: `soak-${id}` });
          }
          pub.publish('alerts/webhook', JSON.stringify({ version: '4', status: 'firing', alerts }), { qos: 1 });
          budget -= alerts.length;
        } else {
          const n = Math.round(o.batch / 9);
          for (let i = 0; i < n && sent < o.events; i++, sent++, metricSeq++) {
            pub.publish(`metrics/soak-${metricSeq % 300}`, `{"value":${(metricSeq * 7919) % 1000}}`, { qos: 0 });
          }
          budget -= n;
        }
        batch++;
      }
    };
    let lastLog = Date.now();
    let lastProgress = Date.now();
    const stalls: string[] = [];
    while (acc < o.events) {
      const now = (await acceptedCount(p)) - base;
      if (now > acc) lastProgress = Date.now();
      acc = now;
      if (heapWarm === null && acc >= warmAt) heapWarm = await heapMb(cdp);
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
    // Drain what is still in flight (up to 30 s) so the heap is not measured mid-backlog.
    const drainEnd = Date.now() + 30_000;
    while (acc < sent && Date.now() < drainEnd) { await sleep(250); acc = (await acceptedCount(p)) - base; }
    const backlog = sent - acc;
    const rejected = (await rejectedCount(p)) - rejectedBase;
    const seconds = (Date.now() - t0) / 1000;
    // Let the last sounds end before counting what is left.
    await sleep(2000);
    const heapEnd = await heapMb(cdp);
    const capacityEnd = await capacity();
    await sleep(500);
    const v = await p.page.evaluate(() => window.__bench.voices());
    const warm = heapWarm ?? heapCold;
    return {
      events: acc, targetEvents: o.events, seconds: Math.round(seconds * 10) / 10, eventsPerSecond: Math.round(acc / seconds),
      heapColdMb: r(heapCold), heapWarmMb: r(warm), heapEndMb: r(heapEnd), heapGrowthMb: r(heapEnd - warm), heapGrowthFromColdMb: r(heapEnd - heapCold),
      maxVoices: v.max, oscillatorsStarted: v.started, audioNodesStart, audioNodesEnd: nodes, audioNodesPeak: peakNodes, identities: o.identities, batch: o.batch,
      complete: acc >= o.events, backlog, rejected, stalls, renderCapacityStartPct: capacityStart, renderCapacityMaxPct: capacityMax, renderCapacityEndPct: capacityEnd,
    };
  } finally {
    await p.close();
  }
}

const r = (x: number) => Math.round(x * 100) / 100;
