// Startup and bundle: a fresh browser context (empty cache) loads the console; every
// script response up to "ready to sound" is gzipped (zlib, level 9) and summed; ready
// is the first moment the page shows audio running AND the MQTT source live, taken by
// a MutationObserver in an init script, in ms from navigation start.
import { gzipSync } from 'node:zlib';
import { consoleUrl, openBenchPage, type BenchStack } from '../lib/stack';
import { median } from '../lib/onsets';

export interface StartupResult {
  readyMs: number | null;
  audioRunningMs: number | null;
  mqttLiveMs: number | null;
  runs: number;
  initialJsGzKb: number;
  initialJsRawKb: number;
  scripts: { url: string; rawKb: number; gzKb: number }[];
}

export async function runStartup(stack: BenchStack, runs: number): Promise<StartupResult> {
  const ready: number[] = [];
  const audio: number[] = [];
  const live: number[] = [];
  let scripts: StartupResult['scripts'] = [];
  for (let i = 0; i < runs; i++) {
    const bodies: Promise<{ url: string; body: Buffer } | null>[] = [];
    let readyAt = Infinity;
    const p = await openBenchPage(stack, consoleUrl(stack), {
      tap: false, recorder: false,
      beforeGoto: async (h) => {
        h.page.on('response', (r) => {
          if (r.request().resourceType() !== 'script') return;
          const at = Date.now();
          bodies.push(r.body().then((body) => (at <= readyAt ? { url: r.url(), body } : null)).catch(() => null));
        });
      },
    });
    try {
      await p.page.waitForFunction(() => window.__bench.marks.ready !== null, undefined, { timeout: 20_000 });
      readyAt = Date.now();
      const m = await p.page.evaluate(() => window.__bench.marks);
      ready.push(m.ready!);
      audio.push(m.audioRunning!);
      live.push(m.mqttLive!);
      const got = (await Promise.all(bodies)).filter((b): b is { url: string; body: Buffer } => b !== null);
      scripts = got.map((b) => ({ url: b.url.replace(/^https?:\/\/[^/]+/, ''), rawKb: kb(b.body.length), gzKb: kb(gzipSync(b.body, { level: 9 }).length) }));
    } finally {
      await p.close();
    }
  }
  return {
    readyMs: r1(median(ready)), audioRunningMs: r1(median(audio)), mqttLiveMs: r1(median(live)), runs,
    initialJsGzKb: r1(scripts.reduce((a, s) => a + s.gzKb, 0))!, initialJsRawKb: r1(scripts.reduce((a, s) => a + s.rawKb, 0))!, scripts,
  };
}

const kb = (n: number) => Math.round((n / 1024) * 10) / 10;
const r1 = (x: number | null) => (x === null ? null : Math.round(x * 10) / 10);
