// The foundation path, end to end: an alert published to a real Mosquitto is seen
// in the console and heard — measured from what reaches the AudioContext output.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artifactPath, consoleQuery, openConsole, publishJson, startRig, type OpenConsole, type Rig } from '../helpers/console-driver';
import { estimatePitch, relError, soundingRegion } from '../helpers/pitch';
import { strongestPeakHz } from '../helpers/spectrum';

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

/** Publishes, waits for the row and the sound, and returns the first note's pitch. */
async function alertIsSeenAndHeard(topic: string, body: Record<string, unknown>, rowSelector: string) {
  expect(await c.tap.waitForSilence(8000)).toBe(true);
  const sentAt = await publishJson(rig, topic, body);
  await c.h.page.waitForSelector(rowSelector, { timeout: 5000 });
  // What the alert timeline draws as the row appears (it otherwise redraws once a second).
  const timelineWithRow = await c.h.page.evaluate(() => [...document.querySelectorAll('.alert-timeline [data-band]')].map((g) => g.getAttribute('data-band')));
  const onset = await c.tap.waitForOnset(c.epochToPerf(sentAt), 5000);
  expect(onset, `no sound after ${topic}`).not.toBeNull();
  await c.h.page.waitForTimeout(700); // let the whole earcon render into the tap's buffer
  // Read back exactly from the onset on, so an earlier sound's tail cannot leak in.
  const snap = await c.tap.snapshot();
  const now = snap.perContext[onset!.context]?.currentTime ?? 0;
  const { pcm, sampleRate } = await c.tap.recent(Math.min(2, now - onset!.ctxTime + 0.005), onset!.context);
  const sounding = soundingRegion(pcm, -40);
  const firstNote = sounding.subarray(0, Math.round(sampleRate * 0.05));
  return { onset: onset!, pitch: estimatePitch(firstNote, sampleRate), seconds: sounding.length / sampleRate, sentAt, timelineWithRow };
}

describe('console: MQTT alert in, sound and sight out', () => {
  it('shows a critical alert with its labels and plays the critical earcon (880 Hz)', async () => {
    const r = await alertIsSeenAndHeard(
      'alerts/critical',
      { name: 'DiskFull', labels: { instance: 'db-3', service: 'postgres' }, annotations: { summary: 'disk 97% full' }, value: 0.97 },
      '[data-severity="critical"][data-state="firing"]:has-text("DiskFull")',
    );
    expect(r.pitch).not.toBeNull();
    expect(relError(r.pitch!.hz, 880)).toBeLessThan(0.01);
    // The first alert's band is drawn with its row, not a second later beside "Nothing has fired".
    expect(r.timelineWithRow).toEqual(['DiskFull']);
    const row = c.h.page.locator('.alert:has-text("DiskFull")');
    await expect(row.textContent()).resolves.toMatch(/instance=db-3/);
    await expect(row.textContent()).resolves.toMatch(/disk 97% full/);
    const level = await c.tap.snapshot();
    expect(level.peakDbfs).toBeGreaterThan(-30);
    expect(level.peakDbfs).toBeLessThanOrEqual(-1);
  });

  it('gives warning, info and resolved their own, distinct earcons', async () => {
    const warning = await alertIsSeenAndHeard('alerts/warning', { name: 'HighLatency', labels: { instance: 'api-2' } }, '[data-severity="warning"]:has-text("HighLatency")');
    const info = await alertIsSeenAndHeard('alerts/info', { name: 'BackupSlow', labels: { instance: 'db-1' } }, '[data-severity="info"]:has-text("BackupSlow")');
    const resolved = await alertIsSeenAndHeard(
      'alerts/critical',
      { name: 'DiskFull', state: 'resolved', labels: { instance: 'db-3', service: 'postgres' } },
      '[data-state="resolved"]:has-text("DiskFull")',
    );
    const pitches = [warning, info, resolved].map((r) => r.pitch?.hz ?? 0);
    expect(relError(pitches[0]!, 659.25)).toBeLessThan(0.01);
    expect(relError(pitches[1]!, 440)).toBeLessThan(0.01);
    expect(relError(pitches[2]!, 523.25)).toBeLessThan(0.01);
    // The resolve ended the alert it named: only one DiskFull row, now resolved.
    expect(await c.h.page.locator('.alert:has-text("DiskFull")').count()).toBe(1);
  });

  it('accepts the seed bridge shape and Alertmanager webhook bodies', async () => {
    await publishJson(rig, 'alerts/warning', {
      value: 1234.5,
      alert: { status: 'firing', labels: { alertname: 'HighMemory', severity: 'warning', instance: 'node-1' }, annotations: { value: '1234.5' }, fingerprint: 'abc123' },
    });
    await c.h.page.waitForSelector('[data-alert-id="id:abc123"][data-severity="warning"]:has-text("HighMemory")');
    await publishJson(rig, 'alerts/webhook', {
      version: '4',
      status: 'firing',
      alerts: ['a', 'b', 'c'].map((x) => ({ status: 'firing', labels: { alertname: `Fleet${x}`, severity: 'info', instance: `edge-${x}` }, fingerprint: `fp-${x}` })),
    });
    for (const x of ['a', 'b', 'c']) await c.h.page.waitForSelector(`[data-alert-id="id:fp-${x}"]`);
    // Resolving through the bridge shape, by fingerprint, ends the same alert.
    await publishJson(rig, 'alerts/warning', { alert: { status: 'resolved', labels: { alertname: 'HighMemory' }, fingerprint: 'abc123' } });
    await c.h.page.waitForSelector('[data-alert-id="id:abc123"][data-state="resolved"]');
  });

  it('gives each metric a continuous voice whose pitch rises with the value', async () => {
    const pitchAt = async (value: number) => {
      await publishJson(rig, 'metrics/cpu', { value });
      await c.h.page.waitForSelector(`[data-metric="cpu"] .metric-value:text-is("${value.toFixed(3)}")`);
      await c.h.page.waitForTimeout(900); // the voice glides to its new pitch
      const { pcm, sampleRate } = await c.tap.recent(0.4);
      // The strongest partial, not the period: ambient's cpu voice roughens (40 Hz
      // amplitude modulation) as it rises, which makes a period estimate jump an octave.
      return strongestPeakHz(pcm, sampleRate, 60, 2000);
    };
    const low = await pitchAt(0.1);
    const high = await pitchAt(0.9);
    expect(low).toBeGreaterThan(50);
    expect(high).toBeGreaterThan(low * 1.5);
    const snap = await c.tap.snapshot();
    expect(snap.rmsDbfs).toBeGreaterThan(-60); // still sounding: the bed is continuous
    await c.h.page.screenshot({ path: artifactPath('console.png') });
    expect(c.h.allErrors()).toEqual([]);
  });
});
