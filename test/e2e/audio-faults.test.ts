// The console keeps its AudioContext running, and says what is happening meanwhile:
// suspended from outside the app it resumes by itself; where the browser will not
// restart audio without a gesture it says so and resumes on the next click anywhere;
// on an output device change it checks the context and resumes it. Every claim is
// measured on the sound reaching the destination (the audio tap), in real Chromium,
// against a real broker. The page is driven without user gestures (evalNoGesture):
// Playwright's evaluate would count as one. The hidden tab is test/e2e/hidden-tab.test.ts.
import { writeFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evalNoGesture, launchBrowser, newPage, tapOf, type HarnessPage, type Tap } from '../helpers/browser';
import { artifactPath, consoleQuery, publishJson, startRig, type Rig } from '../helpers/console-driver';

// Runs before the app (after the tap): keeps each AudioContext, and logs its state
// changes and every value the UI's audio control shows, with performance.now() times.
const RECORDER = `(() => {
  const log = (window.__audioLog = []);
  const contexts = (window.__contexts = []);
  window.AudioContext = new Proxy(window.AudioContext, { construct(t, a, n) {
    const c = Reflect.construct(t, a, n);
    contexts.push(c);
    c.addEventListener('statechange', () => log.push({ t: performance.now(), ctx: c.state }));
    return c;
  } });
  let last = '';
  new MutationObserver(() => {
    const el = document.querySelector('[data-audio]');
    const ui = el ? el.dataset.audio : 'none';
    if (ui !== last) { last = ui; log.push({ t: performance.now(), ui, text: el ? el.textContent : '', ctxNow: contexts.length ? contexts[contexts.length - 1].state : 'none' }); }
  }).observe(document, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ['data-audio'] });
})();`;

type LogEntry = { t: number; ctx?: string; ui?: string; text?: string; ctxNow?: string };
interface Console { h: HarnessPage; tap: Tap; timeOrigin: number }

let rig: Rig;
let c: Console;
const figures: Record<string, number[]> = {};
const note = (k: string, v: number) => (figures[k] ??= []).push(Math.round(v));

async function open(browser: Browser): Promise<Console> {
  const h = await newPage(browser);
  await h.page.addInitScript({ content: RECORDER });
  await h.page.goto(`${rig.server.url}${consoleQuery(rig)}`);
  // Not page.waitForSelector: Playwright's own evaluations count as a user gesture.
  await waitFor('MQTT live', () => evalNoGesture(h.page, () => !!document.querySelector('[data-source="mqtt"][data-status="live"]')), 15_000);
  return { h, tap: tapOf(h.page), timeOrigin: await evalNoGesture(h.page, () => performance.timeOrigin) };
}

/** The app's running context (Tone's), from outside the app. */
const CTX = 'window.__contexts.at(-1)';
const suspendFromOutside = (page: Page) => evalNoGesture(page, new Function(`return ${CTX}.suspend().then(() => performance.now());`) as () => Promise<number>);
const ctxState = (page: Page) => evalNoGesture(page, new Function(`return ${CTX}.state;`) as () => string);
const audioLog = (page: Page) => evalNoGesture(page, () => (window as unknown as { __audioLog: LogEntry[] }).__audioLog.slice());

/** Publishes an alert and returns ms from the publish to its first onset on the tap, or null if nothing sounded. */
async function heardWithin(con: Console, name: string, timeoutMs = 5000): Promise<number | null> {
  const sentAt = await publishJson(rig, 'alerts/warning', { name, labels: { instance: 'faults' } });
  const onset = await con.tap.waitForOnset(sentAt - con.timeOrigin, timeoutMs);
  return onset ? onset.perfMs + con.timeOrigin - sentAt : null;
}

async function waitFor<T>(what: string, fn: () => Promise<T | undefined | false>, timeoutMs = 5000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

beforeAll(async () => {
  rig = await startRig();
  c = await open(rig.browser);
  await c.h.page.waitForSelector('[data-audio="running"]', { timeout: 10_000 });
  expect(await c.tap.ready()).toBe(true);
});

afterAll(async () => {
  console.log(`[audio-faults e2e] ${Object.entries(figures).map(([k, v]) => `${k}: ${v.join(', ')} ms`).join('; ')}`);
  writeFileSync(artifactPath('audio-faults.json'), JSON.stringify(figures, null, 2));
  await rig?.close();
});

describe('the AudioContext, stopped from outside the app', () => {
  it('suspended while sounding: resumed by the console itself, the UI follows the truth, the next alert is heard', async () => {
    for (let i = 0; i < 3; i++) {
      expect(await c.tap.waitForSilence(8000)).toBe(true);
      expect(await heardWithin(c, `Sounding${i}`)).not.toBeNull(); // an earcon is sounding now…
      const before = (await audioLog(c.h.page)).length;
      const suspendedAt = await suspendFromOutside(c.h.page); // …and the context is suspended under it
      const log = await waitFor('running again', async () => {
        const l = (await audioLog(c.h.page)).slice(before);
        return l.some((e) => e.ctx === 'running') ? l : undefined;
      });
      await c.h.page.waitForSelector('[data-audio="running"]', { timeout: 2000 });
      note('suspended → running again', log.find((e) => e.ctx === 'running')!.t - suspendedAt);
      expect(log.find((e) => e.ctx)?.ctx).toBe('suspended'); // it really was suspended
      // The UI never said "running" while the context was not.
      expect(log.filter((e) => e.ui === 'running' && e.ctxNow !== 'running'), JSON.stringify(log)).toEqual([]);
      expect(await ctxState(c.h.page)).toBe('running');
      expect(await c.tap.waitForSilence(8000)).toBe(true);
      const ms = await heardWithin(c, `AfterSuspend${i}`);
      expect(ms, 'the next alert after the resume was not heard').not.toBeNull();
      note('next alert after resume: publish → sound', ms!);
    }
  });

  // Chromium restarts a suspended context for any page that has had a click (and, here,
  // autoplay is allowed), so a refusal is simulated: resume() is made to hang, as it
  // does while the output device cannot be opened; the browser's own refusal is the
  // next test's. What is real: the state, the UI, the sound, the event, the click.
  for (const how of ['a device change', 'a click anywhere'] as const) {
    it(`says so while the context cannot be resumed, and resumes after ${how}; the next alert is heard`, async () => {
      const page = c.h.page;
      expect(await c.tap.waitForSilence(8000)).toBe(true);
      await evalNoGesture(page, () => {
        const p = AudioContext.prototype as unknown as { resume(): Promise<void>; __real?: () => Promise<void> };
        p.__real = p.resume;
        p.resume = () => new Promise<void>(() => {});
      });
      await suspendFromOutside(page);
      await page.waitForSelector('[data-audio="needs-gesture"]', { timeout: 3000 });
      await expect(page.locator('[data-audio="needs-gesture"]').textContent()).resolves.toMatch(/click anywhere on the page or press a key/);
      expect(await ctxState(page)).toBe('suspended');
      // Truthful: an alert now is listed, and not heard.
      expect(await heardWithin(c, `WhileStopped-${how}`, 1500)).toBeNull();
      await page.waitForSelector(`.alert:has-text("WhileStopped-${how}")`);

      await evalNoGesture(page, () => {
        const p = AudioContext.prototype as unknown as { resume(): Promise<void>; __real: () => Promise<void> };
        p.resume = p.__real;
      });
      expect(await ctxState(page)).toBe('suspended'); // nothing resumes it behind the UI's back
      const t0 = await evalNoGesture(page, () => performance.now());
      if (how === 'a device change') await evalNoGesture(page, () => void navigator.mediaDevices.dispatchEvent(new Event('devicechange')));
      else await page.locator('header h1').click(); // not the Enable sound button
      await page.waitForSelector('[data-audio="running"]', { timeout: 3000 });
      const log = await audioLog(page);
      note(`${how} → running`, log.filter((e) => e.ctx === 'running').at(-1)!.t - t0);
      expect(await ctxState(page)).toBe('running');
      expect(await c.tap.waitForSilence(8000)).toBe(true);
      const ms = await heardWithin(c, `After-${how}`);
      expect(ms, `nothing heard after ${how}`).not.toBeNull();
      note(`next alert after ${how}: publish → sound`, ms!);
    });
  }

  it('keeps sounding across an output device change while running', async () => {
    await evalNoGesture(c.h.page, () => void navigator.mediaDevices.dispatchEvent(new Event('devicechange')));
    expect(await c.tap.waitForSilence(8000)).toBe(true);
    const ms = await heardWithin(c, 'AfterDeviceChange');
    expect(ms).not.toBeNull();
    expect(await ctxState(c.h.page)).toBe('running');
    expect(c.h.allErrors()).toEqual([]);
  });

  it("where Chromium itself refuses (no click yet, default autoplay policy), says so and starts on the first click anywhere", async () => {
    const strict = await launchBrowser({ autoplay: false });
    try {
      const s = await open(strict);
      await waitFor('needs-gesture', async () => (await audioLog(s.h.page)).some((e) => e.ui === 'needs-gesture'), 10_000);
      expect(await ctxState(s.h.page)).toBe('suspended');
      expect(await evalNoGesture(s.h.page, () => navigator.userActivation.hasBeenActive)).toBe(false);
      expect(await heardWithin(s, 'BeforeClick', 1500)).toBeNull();
      const t0 = await evalNoGesture(s.h.page, () => performance.now());
      await s.h.page.locator('header h1').click();
      await s.h.page.waitForSelector('[data-audio="running"]', { timeout: 5000 });
      note('first click → running', (await audioLog(s.h.page)).filter((e) => e.ctx === 'running').at(-1)!.t - t0);
      expect(await s.tap.ready()).toBe(true);
      expect(await s.tap.waitForSilence(8000)).toBe(true);
      expect(await heardWithin(s, 'AfterFirstClick')).not.toBeNull();
      expect(s.h.allErrors()).toEqual([]);
    } finally {
      await strict.close();
    }
  });
});
