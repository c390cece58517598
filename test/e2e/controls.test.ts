// The listener's controls, measured from the sound the page really makes: mixer
// mute by key and by button, snooze and acknowledge of "until acknowledged"
// repeats, the score editor (live preview, errors by line, last good score keeps
// playing), presets by key, the '?' overlay, the live region and the pulses.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTIONS } from '../../src/ui/actions';
import { artifactPath, consoleQuery, openConsole, publishJson, startRig, type OpenConsole, type Rig } from '../helpers/console-driver';
import { estimatePitch, relError, soundingRegion } from '../helpers/pitch';

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

const page = () => c.h.page;
const row = (name: string) => page().locator(`.alert:has(.alert-name:text-is("${name}"))`);
const strip = (channel: string) => page().locator(`.strip[data-channel="${channel}"]`);
/** The mixer ramps a channel's gain over 50 ms: a sound within that ramp is partly heard. */
const ramp = () => page().waitForTimeout(150);

/** Publishes an alert after silence; the onset it caused, or null if none within `timeoutMs`. */
async function soundOf(severity: string, name: string, timeoutMs = 2500, instance = 'e2e-1') {
  expect(await c.tap.waitForSilence(8000)).toBe(true);
  const sentAt = await publishJson(rig, `alerts/${severity}`, { name, labels: { instance } });
  await row(name).waitFor({ timeout: 5000 });
  return c.tap.waitForOnset(c.epochToPerf(sentAt), timeoutMs);
}

/** Like soundOf, but a miss fails with what the page knew: played or not, the audio clock. */
async function expectHeard(severity: string, name: string, instance = 'e2e-1') {
  const onset = await soundOf(severity, name, 2500, instance);
  if (onset) return onset;
  const lastHeard = await page().locator('.last-heard li').allTextContents();
  const snap = await c.tap.snapshot();
  throw new Error(`no sound for ${severity} ${name}; last heard ${JSON.stringify(lastHeard)}; contexts ${JSON.stringify(snap.perContext)}`);
}

/** Onsets heard in the next `ms` milliseconds. */
async function onsetsOver(ms: number): Promise<number> {
  const from = await c.tap.perfNow();
  await page().waitForTimeout(ms);
  const snap = await c.tap.snapshot();
  return snap.onsets.filter((o) => o.perfMs >= from && o.perfMs < from + ms).length;
}

/** How long the sound that began at `onset` stayed above -60 dBFS, from the tap's level history. */
async function soundingSeconds(onset: { context: number; ctxTime: number }): Promise<number> {
  const snap = await c.tap.snapshot();
  const loud = snap.levels.filter((l) => l.context === onset.context && l.ctxTime > onset.ctxTime && l.peakDbfs > -60);
  return loud.length ? Math.max(...loud.map((l) => l.ctxTime)) - onset.ctxTime : 0;
}

// Only the alerts on instance "rep" repeat, so the earlier tests' alerts stay quiet.
const REPEATS = `name: e2e-repeats
description: alerts on rep repeat every second until acknowledged
alerts:
  routes:
    - match: ['instance="rep"']
      earcon: strike
      repeat: until acknowledged every 1s
  default: { earcon: auto, resolve: rise }
`;

describe('controls: mixer, snooze, acknowledge, editor, presets, overlay', () => {
  it('mutes the critical voice by key and by button: a critical alert is silent, a warning still sounds', async () => {
    await page().keyboard.press('c');
    await expect(strip('critical').locator('[data-act="mute"]').getAttribute('aria-pressed')).resolves.toBe('true');
    await ramp();
    expect(await soundOf('critical', 'MutedByKey', 1500)).toBeNull();
    await expectHeard('warning', 'WarnWhileKeyMuted');
    // Shown and announced all the same, marked as muted.
    await expect(page().locator('[data-live="assertive"]').textContent()).resolves.toBe('critical alert MutedByKey on e2e-1 firing (muted)');
    await page().keyboard.press('c');

    await strip('critical').locator('[data-act="mute"]').click();
    await expect(strip('critical').locator('[data-act="mute"]').getAttribute('aria-pressed')).resolves.toBe('true');
    await ramp();
    expect(await soundOf('critical', 'MutedByButton', 1500)).toBeNull();
    await expectHeard('warning', 'WarnWhileButtonMuted');
    await strip('critical').locator('[data-act="mute"]').click();
    await ramp();

    // Unmuted, it sounds; the live region says what it was, the row and the strip pulse.
    const pulsesBefore = Number((await strip('critical').getAttribute('data-pulses')) ?? 0);
    await expectHeard('critical', 'Unmuted');
    await page().waitForFunction(() => document.querySelector('[data-live="assertive"]')?.textContent === 'critical alert Unmuted on e2e-1 firing');
    await expect(page().locator('[data-live="polite"]').textContent()).resolves.toContain('warning alert WarnWhileButtonMuted on e2e-1 firing');
    await expect(row('Unmuted').getAttribute('data-pulses')).resolves.toBe('1');
    expect(Number(await strip('critical').getAttribute('data-pulses'))).toBe(pulsesBefore + 1);
    await page().screenshot({ path: artifactPath('controls-console.png') });
  });

  it('a score typed into the editor plays at once; snooze and acknowledge stop its repeats', async () => {
    await page().keyboard.press('e');
    await page().fill('[data-testid="score-text"]', REPEATS);
    await page().waitForSelector('.editor-status[data-valid="true"]:has-text("e2e-repeats")');

    await expectHeard('critical', 'RepSnooze', 'rep');
    expect(await onsetsOver(2600)).toBeGreaterThanOrEqual(2); // it repeats every second
    await row('RepSnooze').locator('[data-act="snooze-15m"]').click();
    await expect(row('RepSnooze').locator('[data-att="snoozed"]').textContent()).resolves.toMatch(/^snoozed until \d\d:\d\d$/);
    expect(await onsetsOver(2600)).toBe(0);

    await expectHeard('critical', 'RepAck', 'rep');
    expect(await onsetsOver(2100)).toBeGreaterThanOrEqual(2);
    await row('RepAck').focus(); // 'a' acknowledges the focused alert
    await page().keyboard.press('a');
    await expect(row('RepAck').locator('[data-att="acked"]').textContent()).resolves.toBe('acknowledged');
    expect(await onsetsOver(2600)).toBe(0);
    // Rows are focusable and arrow keys move between them.
    await page().keyboard.press('ArrowDown');
    await expect(page().evaluate(() => document.activeElement?.matches('.alert[data-row]') && !document.activeElement.textContent?.includes('RepAck'))).resolves.toBe(true);
  });

  it('a bad score lists "line N, field" errors and the last good score keeps playing', async () => {
    await page().fill('[data-testid="score-text"]', REPEATS.replace('until acknowledged every 1s', 'sometimes'));
    await page().waitForSelector('.editor-status[data-valid="false"]');
    await expect(page().locator('.editor-status').textContent()).resolves.toContain('still playing “e2e-repeats”');
    await expect(page().locator('#score-errors').textContent()).resolves.toMatch(/^line 7, alerts\.routes\[0\]\.repeat: "sometimes" is not a repeat policy/);
    await page().screenshot({ path: artifactPath('controls-editor-errors.png') });
    try {
      await expectHeard('warning', 'StillPlaying');
    } finally {
      await page().locator('[data-testid="score-text"]').press('Escape');
      await page().waitForSelector('.editor-panel', { state: 'detached' });
    }
  });

  it("key '2' switches to classic: the next critical earcon sits at 880 Hz and lasts about 2 s", async () => {
    // The ambient earcon first (key '1'), for contrast.
    await page().keyboard.press('1');
    await page().waitForSelector('[data-preset="ambient"][aria-pressed="true"]');
    const ambient = await expectHeard('critical', 'BeforeClassic');
    await page().waitForTimeout(1200);
    const ambientSeconds = await soundingSeconds(ambient);

    await page().keyboard.press('2');
    await page().waitForSelector('[data-preset="classic"][aria-pressed="true"]');
    const onset = await expectHeard('critical', 'ClassicCritical');
    // The first 0.3 s of the earcon, read back from the onset on.
    await page().waitForFunction(([i, t]) => (window.__audioTap.snapshot().perContext[i]?.currentTime ?? 0) > t, [onset.context, onset.ctxTime + 0.4] as const);
    const now = (await c.tap.snapshot()).perContext[onset.context]!.currentTime;
    const { pcm, sampleRate } = await c.tap.recent(now - onset.ctxTime + 0.005, onset.context);
    const head = soundingRegion(pcm, -40).subarray(0, Math.round(sampleRate * 0.3));
    const pitch = estimatePitch(head, sampleRate);
    expect(relError(pitch?.hz ?? 0, 880)).toBeLessThan(0.01);

    await page().waitForTimeout(2400);
    const classicSeconds = await soundingSeconds(onset);
    console.log(`critical earcon: ambient ${ambientSeconds.toFixed(2)} s, classic ${classicSeconds.toFixed(2)} s at ${pitch?.hz.toFixed(1)} Hz`);
    expect(ambientSeconds).toBeLessThan(0.8);
    expect(classicSeconds).toBeGreaterThan(1.5);
    expect(classicSeconds).toBeLessThan(2.4);
  });

  it("the '?' overlay lists every registered action, keeps focus inside, and Esc closes it", async () => {
    await page().locator('[data-preset="classic"]').focus();
    await page().keyboard.press('?');
    const dialog = page().locator('dialog.shortcuts[open]');
    await dialog.waitFor();
    await expect(dialog.locator('tr[data-action]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-action')))).resolves.toEqual(ACTIONS.map((a) => a.id));
    for (const a of ACTIONS) await expect(dialog.locator(`tr[data-action="${a.id}"]`).textContent()).resolves.toContain(a.label);
    await page().screenshot({ path: artifactPath('controls-shortcuts.png') });
    for (let i = 0; i < 4; i++) {
      await page().keyboard.press(i % 2 ? 'Shift+Tab' : 'Tab');
      await expect(page().evaluate(() => !!document.activeElement?.closest('dialog[open]'))).resolves.toBe(true);
    }
    await page().keyboard.press('m'); // keys belong to the dialog while it is open
    await expect(page().locator('[data-act="master-mute"]').getAttribute('aria-pressed')).resolves.toBe('false');
    await page().keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await expect(page().evaluate(() => document.activeElement?.getAttribute('data-preset'))).resolves.toBe('classic');
  });

  it('keeps the mixer and the preset in the browser across a reload', async () => {
    await page().keyboard.press('w');
    await page().reload();
    await page().waitForSelector('[data-source="mqtt"][data-status="live"]');
    await expect(strip('warning').locator('[data-act="mute"]').getAttribute('aria-pressed')).resolves.toBe('true');
    await expect(page().locator('[data-preset="classic"]').getAttribute('aria-pressed')).resolves.toBe('true');
    expect(c.h.allErrors()).toEqual([]);
  });
});
