// Where the browser blocks audio until a gesture, the console offers one clear
// "Enable sound" button; after one click it sings. Everything before the click reads
// the page without a user gesture: Playwright's evaluate counts as one, and Chromium
// then resumes a suspended context by itself the moment a note starts.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { evalNoGesture } from '../helpers/browser';
import { consoleQuery, openConsole, publishJson, startRig, type Rig } from '../helpers/console-driver';

let rig: Rig;

beforeAll(async () => {
  rig = await startRig({ autoplay: false });
});

afterAll(async () => {
  await rig?.close();
});

async function waitNoGesture(page: Page, selector: string, timeoutMs = 10_000): Promise<void> {
  const found = await evalNoGesture(
    page,
    async ([sel, ms]) => {
      const end = performance.now() + ms;
      while (performance.now() < end) {
        if (document.querySelector(sel)) return true;
        await new Promise((r) => setTimeout(r, 50));
      }
      return false;
    },
    [selector, timeoutMs] as const,
  );
  expect(found, `waiting for ${selector}`).toBe(true);
}

it('shows Enable sound without autoplay, and sounds after the click', async () => {
  const c = await openConsole(rig, consoleQuery(rig), { waitLive: false });
  await waitNoGesture(c.h.page, '[data-source="mqtt"][data-status="live"]');
  await waitNoGesture(c.h.page, '[data-audio="needs-gesture"] button.enable-sound');
  // Alerts still arrive and are listed while sound is blocked; the block holds.
  await publishJson(rig, 'alerts/warning', { name: 'WhileMuted' });
  await waitNoGesture(c.h.page, '.alert[data-severity="warning"]');
  await waitNoGesture(c.h.page, '[data-audio="needs-gesture"]');
  expect(await evalNoGesture(c.h.page, () => navigator.userActivation.hasBeenActive)).toBe(false);

  await c.h.page.getByRole('button', { name: 'Enable sound' }).click();
  await c.h.page.waitForSelector('[data-audio="running"]', { timeout: 5000 });
  expect(await c.tap.ready()).toBe(true);
  expect(await c.tap.waitForSilence(5000)).toBe(true);
  const sentAt = await publishJson(rig, 'alerts/critical', { name: 'AfterClick' });
  expect(await c.tap.waitForOnset(c.epochToPerf(sentAt), 5000)).not.toBeNull();
  expect(c.h.allErrors()).toEqual([]);
});

it('reports bad URL parameters specifically and keeps running with what is valid', async () => {
  const c = await openConsole(rig, `${consoleQuery(rig)}&prometheus=notaurl&alertmanager=ftp://am.example`, { tap: false });
  const text = await c.h.page.locator('.config-errors').textContent();
  expect(text).toContain('prometheus: "notaurl" is not a URL');
  expect(text).toContain('alertmanager: scheme ftp: is not allowed');
  await publishJson(rig, 'alerts/info', { name: 'StillListening' });
  await c.h.page.waitForSelector('.alert:has-text("StillListening")');
});
