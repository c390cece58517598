// Training in headless Chromium, with no backend at all: a replay deep link plays
// sound through the live engine and moves the progress bar; the quiz scores a
// scripted set of answers; a replay exports to a WAV file of the expected length
// that is not silent.
import { readFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, newPage, tapOf, type HarnessPage } from '../helpers/browser';
import { artifactPath } from '../helpers/console-driver';
import { buildApp, serveDist, type Served } from '../helpers/serve';

let browser: Browser;
let server: Served;

beforeAll(async () => {
  const outDir = process.env.SP_E2E_OUTDIR ?? 'dist';
  [server, browser] = await Promise.all([buildApp({ outDir }).then(() => serveDist({ outDir })), launchBrowser()]);
});

afterAll(async () => {
  await browser?.close().catch(() => {});
  await server?.close().catch(() => {});
});

async function open(query: string, tap = true): Promise<HarnessPage> {
  const h = await newPage(browser, tap ? {} : { tap: false });
  await h.page.setViewportSize({ width: 1280, height: 900 });
  await h.page.goto(`${server.url}${query}`);
  return h;
}

const positionMs = async (h: HarnessPage) => Number(await h.page.locator('.progress').getAttribute('data-position-ms'));

describe('training', () => {
  it('?replay=<id>&speed=20 plays sound and advances the progress bar, with no backend', async () => {
    const h = await open('?replay=cpu-storm-fleet&speed=20');
    const tap = tapOf(h.page);
    await h.page.waitForSelector('[data-session="cpu-storm-fleet"] .transport[data-status="playing"]', { timeout: 15_000 });
    expect(await tap.ready()).toBe(true);
    // No backend: no sources at all, nothing live; everything heard is the replay.
    expect(await h.page.locator('.training-banner').textContent()).toContain('TRAINING — not live');
    expect(await h.page.locator('[data-source]').count()).toBe(0);
    expect(await h.page.locator('.demo-badge').count(), 'a replay is not demo data').toBe(0);
    const onset = await tap.waitForOnset(null, 8000);
    expect(onset, 'the replay made no sound').not.toBeNull();
    // DeployStarted (60 s in) at 20× is 3 s in; then the HighCPU storm.
    await h.page.waitForSelector('.heard li:has-text("info · new")', { timeout: 8000 });
    const a = await positionMs(h);
    await h.page.waitForTimeout(1000);
    const b = await positionMs(h);
    expect(b - a).toBeGreaterThan(15_000); // ~20 s of scenario per second
    expect(b - a).toBeLessThan(26_000);
    expect(await h.page.locator('[data-speed="20"]').getAttribute('aria-pressed')).toBe('true');
    expect(await h.page.locator('[data-scenario-time]').textContent()).toMatch(/^0\d:\d\d \/ 10:00$/);
    const level = await tap.snapshot();
    expect(level.peakDbfs).toBeGreaterThan(-40);
    await h.page.screenshot({ path: artifactPath('training-replay.png') });
    expect(h.allErrors()).toEqual([]);
    await h.close();
  });

  it('the quiz scores a scripted set of answers, hides the details meanwhile, keeps and exports the result', async () => {
    const h = await open('?view=training', false);
    await h.page.selectOption('#start-speed', '60');
    await h.page.click('[data-scenario="flapping-mqtt-broker"] [data-start="quiz"]');
    await h.page.waitForSelector('[data-session="flapping-mqtt-broker"][data-mode="quiz"]');
    // Right, severity wrong, alert wrong, right: 2 + 1 + 1 + 2 of 8.
    const script: [string, string][] = [
      ['critical', 'MQTTConnection'],
      ['critical', 'ConsumerLag'],
      ['warning', 'BrokerMemoryHigh'],
      ['warning', 'BrokerMemoryHigh'],
    ];
    for (const [i, [severity, choice]] of script.entries()) {
      await h.page.waitForSelector(`[data-quiz-open="${i}"]`, { timeout: 10_000 });
      if (i === 0) expect(await h.page.locator('[data-hidden-alerts]').count()).toBe(1); // details hidden while it plays
      await h.page.click(`[data-answer-severity="${severity}"]`);
      await h.page.click(`[data-answer-choice="${choice}"]`);
    }
    await h.page.waitForSelector('[data-quiz-score]', { timeout: 15_000 });
    expect(await h.page.locator('[data-quiz-score]').getAttribute('data-quiz-score')).toBe('6/8');
    expect(await h.page.locator('.quiz-score').textContent()).toContain('(75%)');
    expect(await h.page.locator('[data-question]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-right')))).toEqual(['11', '01', '10', '11']);
    // The answers are in; the alerts show again.
    await h.page.waitForSelector('.training-alerts [data-state="resolved"]');
    await h.page.screenshot({ path: artifactPath('training-quiz.png') });
    // Kept in the browser, and exportable.
    await h.page.waitForSelector('[data-result="flapping-mqtt-broker"]');
    const saved = await h.page.evaluate(() => JSON.parse(localStorage.getItem('singing-pager.training-results.v1') ?? '[]') as { points: number }[]);
    expect(saved.map((r) => r.points)).toEqual([6]);
    const [download] = await Promise.all([h.page.waitForEvent('download'), h.page.click('[data-act="export-results"]')]);
    const exported = JSON.parse(readFileSync((await download.path())!, 'utf8')) as { scenarioId: string; points: number; maxPoints: number; questions: { detectionMs?: number }[] }[];
    expect(exported[0]).toMatchObject({ scenarioId: 'flapping-mqtt-broker', points: 6, maxPoints: 8 });
    expect(exported[0]!.questions.every((q) => typeof q.detectionMs === 'number' && q.detectionMs >= 0)).toBe(true);
    expect(h.allErrors()).toEqual([]);
    await h.close();
  });

  it('exports a replay to a valid WAV file of the expected duration that is not silent', async () => {
    const h = await open('?view=training', false);
    await h.page.selectOption('#start-speed', '20');
    await h.page.click('[data-scenario="cpu-storm-fleet"] [data-start="replay"]');
    await h.page.waitForSelector('[data-session="cpu-storm-fleet"]');
    await h.page.click('[data-act="play-pause"]'); // pause: the export renders the whole replay anyway
    const t0 = Date.now();
    const [download] = await Promise.all([h.page.waitForEvent('download', { timeout: 60_000 }), h.page.click('[data-act="export-wav"]')]);
    expect(download.suggestedFilename()).toBe('cpu-storm-fleet-20x.wav');
    const file = artifactPath('training-export.wav');
    await download.saveAs(file);
    const renderS = (Date.now() - t0) / 1000;
    const buf = readFileSync(file);
    // RIFF/WAVE header, PCM 16-bit.
    expect(buf.toString('ascii', 0, 4)).toBe('RIFF');
    expect(buf.toString('ascii', 8, 12)).toBe('WAVE');
    expect(buf.toString('ascii', 12, 16)).toBe('fmt ');
    expect(buf.readUInt16LE(20)).toBe(1);
    const channels = buf.readUInt16LE(22);
    const rate = buf.readUInt32LE(24);
    const bits = buf.readUInt16LE(34);
    expect([channels, rate, bits]).toEqual([2, 48_000, 16]);
    expect(buf.toString('ascii', 36, 40)).toBe('data');
    const dataBytes = buf.readUInt32LE(40);
    expect(buf.readUInt32LE(4)).toBe(36 + dataBytes);
    expect(buf.length).toBe(44 + dataBytes);
    const seconds = dataBytes / (channels * 2) / rate;
    expect(Math.abs(seconds - 600 / 20)).toBeLessThan(1 / rate + 1e-9); // 10 minutes at 20×
    // Not silent: the bed throughout, the earcons on top.
    let peak = 0;
    let sumSq = 0;
    const n = dataBytes / 2;
    for (let i = 0; i < n; i++) {
      const v = buf.readInt16LE(44 + i * 2) / 32768;
      peak = Math.max(peak, Math.abs(v));
      sumSq += v * v;
    }
    const rmsDb = 10 * Math.log10(sumSq / n);
    expect(20 * Math.log10(peak)).toBeGreaterThan(-20);
    expect(20 * Math.log10(peak)).toBeLessThanOrEqual(-0.9); // the master bus's −1 dBFS ceiling
    expect(rmsDb).toBeGreaterThan(-50);
    expect(await h.page.locator('[data-export-status="done"]').textContent()).toContain('cpu-storm-fleet-20x.wav');
    console.log(`training: WAV ${seconds.toFixed(3)} s, ${(buf.length / 1e6).toFixed(1)} MB, peak ${(20 * Math.log10(peak)).toFixed(1)} dBFS, rms ${rmsDb.toFixed(1)} dBFS, rendered and downloaded in ${renderS.toFixed(1)} s`);
    expect(h.allErrors()).toEqual([]);
    await h.close();
  });
});
