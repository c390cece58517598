// A Chromium whose pages can really be hidden, for tests of what a background tab does.
//
// Playwright turns on focus emulation for every page it drives
// (Emulation.setFocusEmulationEnabled, which holds a visible capturer on the tab), so
// its pages stay 'visible' whatever is in front. Here Chromium is started by hand and
// attached with connectOverCDP({ noDefaults: true }), which leaves the default
// context's pages alone: bringing another page to the front then hides the first one
// (document.visibilityState 'hidden'), and Chromium throttles it like a background tab.
//
// Measured in Debian's Chromium 156 headless: a hidden page's chained setTimeout runs
// once a second; with IntensiveWakeUpThrottling:grace_period_seconds/10 it runs once a
// minute (aligned to the minute) from ~10 s after hiding, instead of after minutes;
// a dedicated worker's timers keep their rate throughout. (The console page itself
// stayed at once a second: see test/e2e/hidden-tab.test.ts.)
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { audioTapInitScript } from './audio-tap';
import { AUTOPLAY_ARG, BASE_ARGS, CHROMIUM_PATH, evalNoGesture, stopChromium } from './browser';

/** The worst case within seconds: intensive wake-up throttling 10 s after the tab is hidden. */
export const INTENSIVE_THROTTLING_ARG = '--enable-features=IntensiveWakeUpThrottling:grace_period_seconds/10';

export interface HideableBrowser {
  browser: Browser;
  context: BrowserContext;
  close(): Promise<void>;
}

export async function launchHideable(extraArgs: string[] = [INTENSIVE_THROTTLING_ARG]): Promise<HideableBrowser> {
  const dir = mkdtempSync(join(tmpdir(), 'sp-hidden-'));
  const args = [...BASE_ARGS, AUTOPLAY_ARG, '--headless', '--mute-audio', '--remote-debugging-port=0', `--user-data-dir=${dir}`, ...extraArgs, 'about:blank'];
  const proc: ChildProcess = spawn(CHROMIUM_PATH, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  const endpoint = await new Promise<string>((ok, bad) => {
    let err = '';
    const timer = setTimeout(() => bad(new Error(`chromium did not start: ${err}`)), 20_000);
    proc.stderr!.on('data', (d: Buffer) => {
      err += d.toString();
      const m = /DevTools listening on (ws:\S+)/.exec(err);
      if (m) {
        clearTimeout(timer);
        ok(m[1]!);
      }
    });
    proc.on('exit', (code) => bad(new Error(`chromium exited (${code}): ${err}`)));
  });
  const browser = await chromium.connectOverCDP(endpoint, { noDefaults: true });
  return {
    browser,
    context: browser.contexts()[0]!,
    async close() {
      await stopChromium(proc, dir, () => browser.newBrowserCDPSession().then((s) => s.send('Browser.close')));
      await browser.close().catch(() => {});
    },
  };
}

export interface HideablePage {
  page: Page;
  errors: string[];
}

/** A page with the audio tap and error collection (CSP bypassed for the tap's worklet, like newPage). */
export async function newHideablePage(hb: HideableBrowser, ignoreConsole: RegExp[] = []): Promise<HideablePage> {
  const page = await hb.context.newPage();
  const cdp = await hb.context.newCDPSession(page);
  await cdp.send('Page.enable');
  await cdp.send('Page.setBypassCSP', { enabled: true });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.stack ?? String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error' && !ignoreConsole.some((r) => r.test(m.text()))) errors.push(`console: ${m.text()}`);
  });
  await page.addInitScript({ content: audioTapInitScript({}) });
  return { page, errors };
}

/** Brings another page to the front and checks that `page` is now hidden. */
export async function hide(hb: HideableBrowser, page: Page): Promise<Page> {
  const cover = await hb.context.newPage();
  await cover.goto('data:text/html,<title>another tab</title>');
  await cover.bringToFront();
  const state = await evalNoGesture(page, () => document.visibilityState);
  if (state !== 'hidden') throw new Error(`the page is still ${state} behind another tab`);
  return cover;
}
