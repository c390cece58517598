// Kiosk mode in headless Chromium against a real Mosquitto: the ambient display
// (screenshot), the count in the title and favicon, controls hidden until the
// pointer moves, a long accelerated run (many hours of telemetry through the live
// pipeline) with stable heap, DOM and audio node counts, and the feed-lost motif
// when the broker goes away.
import type { CDPSession, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evalNoGesture } from '../helpers/browser';
import { artifactPath, consoleQuery, openConsole, publishJson, startRig, type OpenConsole, type Rig } from '../helpers/console-driver';

let rig: Rig;
let c: OpenConsole;

beforeAll(async () => {
  rig = await startRig();
  c = await openConsole(rig, consoleQuery(rig, '&kiosk=1&pollInterval=1'), { waitLive: false });
  await c.h.page.setViewportSize({ width: 1600, height: 900 });
  await c.h.page.waitForSelector('[data-source="mqtt"].status-live', { timeout: 15_000 });
  expect(await c.tap.ready()).toBe(true);
});

afterAll(async () => {
  await rig?.close();
});

async function publishIncident(): Promise<void> {
  await publishJson(rig, 'alerts/critical', { name: 'DiskFull', labels: { instance: 'db-3', service: 'postgres' }, annotations: { summary: 'disk 97% full' } });
  await publishJson(rig, 'alerts/warning', { name: 'HighLatency', labels: { instance: 'api-2', service: 'api' } });
  await publishJson(rig, 'alerts/warning', { name: 'ReplicationLag', labels: { instance: 'db-4', service: 'postgres-replica' } });
  for (const i of [1, 2, 3]) await publishJson(rig, 'alerts/critical', { name: 'HighCPU', labels: { instance: `web-${i}`, service: 'web' } });
  await publishJson(rig, 'alerts/info', { name: 'BackupSlow', labels: { instance: 'db-1', service: 'postgres' } });
  for (const [m, v] of [['cpu', 0.82], ['memory', 0.61], ['latency', 0.42], ['disk', 0.97]] as const) await publishJson(rig, `metrics/${m}`, { value: v });
}

interface Figures {
  heapUsedMb: number;
  domNodes: number;
  listeners: number;
  audioHandlers: number | null;
  activeVoices: number;
  metricVoices: number;
  alerts: number;
}

async function measure(page: Page, cdp: CDPSession): Promise<Figures> {
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  const heap = await cdp.send('Runtime.getHeapUsage');
  const dom = await cdp.send('Memory.getDOMCounters');
  const perf = await cdp.send('Performance.getMetrics');
  const audio = perf.metrics.find((m) => m.name === 'AudioHandlers')?.value ?? null;
  const s = await evalNoGesture(page, () => window.singingPagerKiosk!.stats());
  return { heapUsedMb: heap.usedSize / 2 ** 20, domNodes: dom.nodes, listeners: dom.jsEventListeners, audioHandlers: audio, activeVoices: s.activeVoices, metricVoices: s.metricVoices, alerts: s.alerts };
}

describe('kiosk', () => {
  it('shows the state at a glance, counts alerts in the title and favicon, hides its controls until the pointer moves', async () => {
    const page = c.h.page;
    expect(await page.getAttribute('[data-kiosk-controls]', 'data-kiosk-controls')).toBe('hidden');
    await publishIncident();
    await page.waitForSelector('[data-kiosk-state="critical"]');
    await page.waitForFunction(() => document.title === '(7) Singing Pager', undefined, { timeout: 5000 });
    const icon = await page.getAttribute('link[rel="icon"]', 'href');
    expect(decodeURIComponent(icon ?? '')).toContain('#f87171');
    expect(decodeURIComponent(icon ?? '')).toContain('>7<');
    // A fleet storm is one row; the worst comes first.
    expect(await page.locator('.kiosk-alert').first().textContent()).toMatch(/^critical/);
    expect(await page.locator('.kiosk-alert[data-count="3"]').textContent()).toContain('HighCPU×3');
    await page.waitForSelector('[data-voice="disk"]');
    await page.waitForTimeout(1200); // the voices glide to their levels
    await page.screenshot({ path: artifactPath('kiosk.png') });

    await page.mouse.move(400, 300);
    await page.mouse.move(420, 320);
    await page.waitForSelector('[data-kiosk-controls="shown"]');
    await page.waitForTimeout(400); // the fade-in
    await page.screenshot({ path: artifactPath('kiosk-controls.png') });
    await page.waitForSelector('[data-kiosk-controls="hidden"]', { timeout: 5000 });
    // No sound banner: this Chromium allows autoplay.
    expect(await page.locator('[data-audio-banner]').count()).toBe(0);
    expect(c.h.allErrors()).toEqual([]);
  });

  it('runs two days of telemetry through the live pipeline with stable heap and node counts', async () => {
    const page = c.h.page;
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    const soak = (hours: number) => evalNoGesture(page, (h) => window.singingPagerKiosk!.soak({ hours: h }), hours);
    /** After the sounds have rung out (the storm holds 4 s), the least of three readings: GC timing is noisy. */
    const settle = async () => {
      await page.waitForTimeout(5000);
      const m = [await measure(page, cdp), await measure(page, cdp), await measure(page, cdp)];
      return m.reduce((a, b) => (b.heapUsedMb < a.heapUsedMb ? b : a));
    };
    await soak(6); // warm-up: stores, pools and automation histories reach their working size
    const m0 = await settle();
    const r1 = await soak(24);
    const m1 = await settle();
    const r2 = await soak(24);
    const m2 = await settle();
    const events = r1.events + r2.events;
    const fmt = (m: Figures, h: number) =>
      `  after ${String(h).padStart(2)} h: heap ${m.heapUsedMb.toFixed(2)} MB, DOM nodes ${m.domNodes}, listeners ${m.listeners}, audio handlers ${m.audioHandlers}, engine voices ${m.activeVoices} (metric ${m.metricVoices}), alerts kept ${m.alerts}`;
    console.log(
      [
        `kiosk soak: 48 h of telemetry (one batch per 10 s: 4 metrics + 2 alert changes over a fleet of 240) = ${r1.batches + r2.batches} batches, ${events} events, in ${(r1.seconds + r2.seconds).toFixed(1)} s, after a 6 h warm-up`,
        fmt(m0, 6),
        fmt(m1, 30),
        fmt(m2, 54),
        `  heap growth: ${((m1.heapUsedMb - m0.heapUsedMb) * 1024).toFixed(0)} KB over the first day, ${((m2.heapUsedMb - m1.heapUsedMb) * 1024).toFixed(0)} KB over the second`,
      ].join('\n'),
    );
    expect(events).toBeGreaterThan(100_000);
    // Flat within GC noise (unbounded, this grew ~2 MB a day: see src/audio/automation-trim.ts).
    expect(m2.heapUsedMb - m0.heapUsedMb).toBeLessThan(1.5);
    expect(m2.heapUsedMb - m1.heapUsedMb).toBeLessThan(1);
    expect(m2.domNodes).toBe(m0.domNodes);
    expect(m2.listeners).toBeLessThan(m0.listeners + 60); // one-shot oscillators still awaiting collection
    if (m0.audioHandlers !== null && m2.audioHandlers !== null) expect(m2.audioHandlers).toBeLessThan(m0.audioHandlers + 100);
    expect(m2.metricVoices).toBe(m0.metricVoices);
    expect(m2.activeVoices).toBeLessThanOrEqual(m0.metricVoices + 1 + 5 * 4); // the bed, the storm, the pools at most
    expect(m2.alerts).toBe(m1.alerts);
    expect(c.h.allErrors()).toEqual([]);
  });

  it('plays the feed-lost motif and says which feed when the broker goes away', async () => {
    // A quiet kiosk (no metric bed) so the motif is the only thing to hear.
    const q = await openConsole(rig, consoleQuery(rig, '&kiosk=1&pollInterval=1'), { waitLive: false });
    await q.h.page.waitForSelector('[data-source="mqtt"].status-live', { timeout: 15_000 });
    expect(await q.tap.ready()).toBe(true);
    expect(await q.tap.waitForSilence(8000)).toBe(true);
    const stoppedAt = Date.now();
    await rig.broker.stop();
    const onset = await q.tap.waitForOnset(q.epochToPerf(stoppedAt), 10_000);
    expect(onset, 'no feed-lost motif').not.toBeNull();
    await q.h.page.waitForSelector('.kiosk-feed[data-source="mqtt"][data-stale="true"]');
    expect(await q.h.page.locator('.hero-sub').textContent()).toContain('no data from MQTT');
    expect(await q.h.page.getAttribute('[data-kiosk-state]', 'data-kiosk-state')).toBe('stale');
    expect(Number(await q.h.page.getAttribute('[data-lamp="system"]', 'data-glows'))).toBeGreaterThanOrEqual(1); // the feeds lamp lit with it
    await q.h.page.screenshot({ path: artifactPath('kiosk-feed-lost.png') });
    console.log(`kiosk: feed-lost motif ${((onset!.perfMs + q.timeOrigin - stoppedAt) / 1000).toFixed(1)} s after the broker stopped`);
  });
});
