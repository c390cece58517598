// Startup and bundle: a fresh browser context (empty cache) loads the console. Every
// script the page or its workers fetch is gzipped (zlib, level 9) and summed twice: the
// ones requested before the console was interactive (its header controls rendered and
// wired: the "initial JS"), and the ones requested before it was ready to sound
// (audio running AND the MQTT source live). Marks come from a MutationObserver in an
// init script, in ms from navigation start; request start times are the browser's own.
import { gzipSync } from 'node:zlib';
import { consoleUrl, openBenchPage, type BenchStack } from '../lib/stack';
import { median } from '../lib/onsets';

interface Script { url: string; rawKb: number; gzKb: number; requestedMs: number }

export interface StartupResult {
  readyMs: number | null;
  interactiveMs: number | null;
  audioRunningMs: number | null;
  mqttLiveMs: number | null;
  runs: number;
  /** Scripts requested before the console was interactive. */
  initialJsGzKb: number;
  initialJsRawKb: number;
  /** Scripts requested before it was ready to sound. */
  readyJsGzKb: number;
  scripts: Script[];
}

export async function runStartup(stack: BenchStack, runs: number): Promise<StartupResult> {
  const ready: number[] = [];
  const interactive: number[] = [];
  const audio: number[] = [];
  const live: number[] = [];
  let scripts: Script[] = [];
  let marksAt = { interactive: 0, ready: 0 };
  for (let i = 0; i < runs; i++) {
    const bodies: Promise<{ url: string; body: Buffer; startEpochMs: number } | null>[] = [];
    const p = await openBenchPage(stack, consoleUrl(stack), {
      tap: false, recorder: false,
      beforeGoto: async (h) => {
        h.page.context().on('response', (r) => {
          if (r.request().resourceType() !== 'script' && !/\.m?js(\?|$)/.test(r.url())) return;
          bodies.push(r.body().then((body) => ({ url: r.url(), body, startEpochMs: r.request().timing().startTime })).catch(() => null));
        });
      },
    });
    try {
      await p.page.waitForFunction(() => window.__bench.marks.ready !== null && window.__bench.marks.interactive !== null, undefined, { timeout: 20_000 });
      const { m, origin } = await p.page.evaluate(() => ({ m: window.__bench.marks, origin: performance.timeOrigin }));
      ready.push(m.ready!);
      interactive.push(m.interactive!);
      audio.push(m.audioRunning!);
      live.push(m.mqttLive!);
      marksAt = { interactive: origin + m.interactive!, ready: origin + m.ready! };
      const got = (await Promise.all(bodies)).filter((b): b is { url: string; body: Buffer; startEpochMs: number } => b !== null);
      scripts = got
        .filter((b) => b.startEpochMs <= marksAt.ready)
        .map((b) => ({ url: b.url.replace(/^https?:\/\/[^/]+/, ''), rawKb: kb(b.body.length), gzKb: kb(gzipSync(b.body, { level: 9 }).length), requestedMs: Math.round(b.startEpochMs - origin) }));
      marksAt = { interactive: m.interactive!, ready: m.ready! };
    } finally {
      await p.close();
    }
  }
  const before = (ms: number) => scripts.filter((s) => s.requestedMs <= ms);
  const sum = (xs: Script[], k: 'gzKb' | 'rawKb') => r1(xs.reduce((a, s) => a + s[k], 0))!;
  return {
    readyMs: r1(median(ready)), interactiveMs: r1(median(interactive)), audioRunningMs: r1(median(audio)), mqttLiveMs: r1(median(live)), runs,
    initialJsGzKb: sum(before(marksAt.interactive), 'gzKb'), initialJsRawKb: sum(before(marksAt.interactive), 'rawKb'),
    readyJsGzKb: sum(before(marksAt.ready), 'gzKb'), scripts,
  };
}

const kb = (n: number) => Math.round((n / 1024) * 10) / 10;
const r1 = (x: number | null) => (x === null ? null : Math.round(x * 10) / 10);
