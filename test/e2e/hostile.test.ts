// Hostile input leaves the console alive, still listing and still singing: every bad
// payload is counted by reason, nothing is executed, no prototype is polluted.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consoleQuery, openConsole, publishJson, startRig, type OpenConsole, type Rig } from '../helpers/console-driver';

let rig: Rig;
let c: OpenConsole;

beforeAll(async () => {
  rig = await startRig();
  c = await openConsole(rig, consoleQuery(rig));
  expect(await c.tap.ready()).toBe(true);
});

afterAll(async () => {
  await rig?.close();
});

const XSS_NAME = '<img src=x onerror="window.__xss=1">';
const XSS_LABEL = '<script>window.__xss=2</script>';

/** [topic, payload, expected reason] */
const BAD: [string, string, string][] = [
  ['alerts/critical', 'not json at all', 'not_json'],
  ['alerts/critical', '{"name": "Trunc', 'not_json'],
  ['alerts/critical', 'NaN', 'not_json'],
  ['metrics/cpu', '{"value": 1e999}', 'non_finite'],
  ['metrics/cpu', '{"value": "high"}', 'invalid_shape'],
  ['alerts/warning', '{"name": 42}', 'invalid_shape'],
  ['alerts/warning', '{"labels": {"a": "b"}}', 'invalid_shape'],
  ['alerts/warning', '{"name": "X", "labels": {"n": 5}}', 'invalid_shape'],
  ['alerts/warning', '{"__proto__": {"polluted": "yes"}, "name": "Proto"}', 'hostile_key'],
  ['alerts/warning', '{"name": "C", "labels": {"constructor": "x"}}', 'hostile_key'],
  ['alerts/info', `{"name": "${'x'.repeat(90 * 1024)}"}`, 'too_large'],
  ['alerts/info', '['.repeat(100) + ']'.repeat(100), 'too_deep'],
  ['alerts/info', '{"alerts": [{"labels": {}}]}', 'invalid_shape'],
  ['alerts/info', '{"name": "Ctl\u0000\u0007"', 'not_json'],
];

describe('console under hostile input', () => {
  it('counts every bad payload by reason and keeps playing valid alerts after them', async () => {
    const rounds = 3;
    for (let r = 0; r < rounds; r++) {
      for (const [topic, payload] of BAD) await publishJson(rig, topic, payload);
      await publishJson(rig, 'alerts/info', { name: `Valid${r}`, labels: { round: String(r) } });
    }
    // Over the broker's limit: refused there, so it can never wedge the WebSocket stream.
    await publishJson(rig, 'alerts/info', `{"name": "${'y'.repeat(1024 * 1024)}"}`);
    await publishJson(rig, 'alerts/info', { name: 'AfterTheMegabyte' });
    // HTML and script in names and labels are valid alerts: shown as text, never run.
    await publishJson(rig, 'alerts/warning', { name: XSS_NAME, labels: { service: XSS_LABEL } });

    await c.h.page.waitForFunction((n) => document.querySelector('[data-testid="rejected-count"]')?.textContent === String(n), BAD.length * rounds, { timeout: 10_000 });
    for (let r = 0; r < rounds; r++) await c.h.page.waitForSelector(`.alert:has-text("Valid${r}")`);
    await c.h.page.waitForSelector('.alert:has-text("AfterTheMegabyte")');

    const expected = new Map<string, number>();
    for (const [, , reason] of BAD) expected.set(reason, (expected.get(reason) ?? 0) + rounds);
    for (const [reason, n] of expected) {
      await expect(c.h.page.locator(`[data-reason="${reason}"] b`).textContent()).resolves.toBe(String(n));
    }

    const row = c.h.page.locator('.alert', { hasText: 'onerror' });
    await expect(row.locator('.alert-name').textContent()).resolves.toContain(XSS_NAME);
    await expect(row.locator('.labels').textContent()).resolves.toContain(XSS_LABEL);
    const page = await c.h.page.evaluate(() => ({
      xss: (window as unknown as { __xss?: number }).__xss,
      polluted: ({} as Record<string, unknown>).polluted,
      imgs: document.querySelectorAll('.alert img, .alert script').length,
    }));
    expect(page).toEqual({ xss: undefined, polluted: undefined, imgs: 0 });

    // Still singing: a valid alert after all that is heard.
    expect(await c.tap.waitForSilence(8000)).toBe(true);
    const sentAt = await publishJson(rig, 'alerts/critical', { name: 'AfterTheStorm' });
    await c.h.page.waitForSelector('.alert:has-text("AfterTheStorm")');
    expect(await c.tap.waitForOnset(c.epochToPerf(sentAt), 5000)).not.toBeNull();
    expect(c.h.allErrors()).toEqual([]);
  });
});
