// Faults on the HTTP side, in real Chromium through the console's same-origin proxies:
// Prometheus, Alertmanager and the Pushgateway answer HTTP 500, HTML, truncated JSON,
// drop the connection or hang. The pills say what is wrong, polls back off and time
// out without stacking, a failed poll resolves nothing, pushes retry within a bound,
// everything recovers, and nothing is left unhandled.
import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newPage, type HarnessPage } from '../helpers/browser';
import { artifactPath, consoleQuery, startRig, type Rig } from '../helpers/console-driver';
import { startFaultyHttp, type FaultyHttp, type Mode } from '../helpers/faulty-http';

let rig: Rig;
let faulty: FaultyHttp;
let h: HarnessPage;
const recovery: Record<string, number> = {};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  faulty = await startFaultyHttp();
  rig = await startRig({}, { serve: { env: { SP_PROMETHEUS_URL: faulty.url, SP_ALERTMANAGER_URL: faulty.url, SP_PUSHGATEWAY_URL: faulty.url } } });
  // Chromium logs every failed request itself; anything else on the console is a failure.
  h = await newPage(rig.browser, { tap: false, ignoreConsole: [/Failed to load resource/] });
  const q = consoleQuery(rig, '&prometheus=/prometheus&alertmanager=/alertmanager&pushgateway=/pushgateway&pollInterval=1&pushInterval=2');
  await h.page.goto(`${rig.server.url}${q.slice(1)}`);
  for (const s of ['prometheus', 'alertmanager']) await h.page.waitForSelector(`[data-source="${s}"][data-status="live"]`, { timeout: 15_000 });
  await h.page.waitForSelector('.alert:has-text("FaultyOk")');
});

afterAll(async () => {
  try {
    const prev = JSON.parse(readFileSync(artifactPath('http-faults.json'), 'utf8')) as object;
    writeFileSync(artifactPath('http-faults.json'), JSON.stringify({ ...prev, recoveryMs: recovery }, null, 2));
  } catch {
    writeFileSync(artifactPath('http-faults.json'), JSON.stringify({ recoveryMs: recovery }, null, 2));
  }
  await h?.close();
  await faulty?.close();
  await rig?.close();
});

const pill = (s: string) => h.page.locator(`[data-source="${s}"]`);

/** Waits until the source is failing and its pill says `says`; returns what it says. */
async function failing(source: string, says: RegExp, timeoutMs = 8000): Promise<string> {
  try {
    await h.page.waitForFunction(
      ([s, re]) => {
        const el = document.querySelector(`[data-source="${s}"]`);
        return ['retrying', 'down'].includes(el?.getAttribute('data-status') ?? '') && new RegExp(re).test(el?.getAttribute('title') ?? '');
      },
      [source, says.source] as const,
      { timeout: timeoutMs },
    );
  } catch {
    /* the assertion below shows what it said instead */
  }
  return (await pill(source).getAttribute('title')) ?? '';
}

async function recovers(label: string): Promise<void> {
  faulty.mode = 'ok';
  const t0 = Date.now();
  for (const s of ['prometheus', 'alertmanager']) await h.page.waitForSelector(`[data-source="${s}"][data-status="live"]`, { timeout: 10_000 });
  recovery[label] = Date.now() - t0;
}

const CASES: [Mode, RegExp][] = [
  ['http500', /HTTP 500/],
  ['html', /HTML/],
  ['truncated', /not JSON/],
  ['reset', /HTTP 50\d|cannot reach|an empty body/],
  ['hang', /no answer within 2000 ms/],
];

describe('HTTP faults: Prometheus and Alertmanager', () => {
  for (const [mode, says] of CASES) {
    it(`${mode}: a clear status, no stacking, nothing resolved, and recovery`, async () => {
      await recovers('before'); // each case starts from a healthy console
      faulty.mode = mode;
      faulty.reset();
      expect(await failing('prometheus', says)).toMatch(says);
      expect(await failing('alertmanager', says)).toMatch(says);
      await sleep(4000);
      // Backoff is capped at one poll interval (1 s), and a poll in flight is never doubled.
      expect(faulty.maxInFlight.prom).toBeLessThanOrEqual(1);
      expect(faulty.requests.prom).toBeLessThanOrEqual(mode === 'hang' ? 4 : 12);
      // A failed poll resolves nothing.
      await expect(h.page.getAttribute('.alert:has-text("FaultyOk")', 'data-state')).resolves.toBe('firing');
      await recovers(mode);
      expect(recovery[mode]).toBeLessThan(5000);
      expect(h.pageErrors).toEqual([]);
      expect(h.rejections).toEqual([]);
      expect(h.consoleErrors).toEqual([]);
    });
  }
});

describe('HTTP faults: Pushgateway', () => {
  it('failed pushes are retried within a bound, never stacked, shown, and recover', async () => {
    await h.page.click('[data-view-link="health"]');
    await h.page.waitForSelector('[data-testid="push-status"][data-ok="1"]', { timeout: 10_000 });
    for (const [mode, says] of [['http500', /HTTP 500/], ['hang', /time|abort/i]] as const) {
      faulty.mode = mode;
      faulty.reset();
      await h.page.waitForSelector('[data-testid="push-status"][data-ok="0"]', { timeout: 15_000 });
      await h.page.waitForFunction((re) => new RegExp(re, 'i').test(document.querySelector('[data-testid="push-status"]')?.textContent ?? ''), says.source, { timeout: 15_000 });
      await sleep(6000);
      // One push and at most two retries per cycle (1 s, then 2 s apart), one at a time.
      expect(faulty.maxInFlight.push).toBeLessThanOrEqual(1);
      expect(faulty.requests.push).toBeLessThanOrEqual(mode === 'hang' ? 3 : 6);
      faulty.mode = 'ok';
      const t0 = Date.now();
      await h.page.waitForSelector('[data-testid="push-status"][data-ok="1"]', { timeout: 20_000 });
      recovery[`push-${mode}`] = Date.now() - t0;
    }
    console.log(`[http-faults] recovery after the fault ends (ms): ${JSON.stringify(recovery)}`);
    expect(h.pageErrors).toEqual([]);
    expect(h.rejections).toEqual([]);
    expect(h.consoleErrors).toEqual([]);
  });
});
