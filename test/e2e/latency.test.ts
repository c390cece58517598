// Reports the measured message-to-sound latency: a real MQTT publish → the first
// non-silent sample rendered by the console's audio graph (the tap), on one clock.
// The bound asserted is generous; the speed goal lives in `npm run bench`.
import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { artifactPath, consoleQuery, openConsole, publishJson, startRig, type OpenConsole, type Rig } from '../helpers/console-driver';

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

const pct = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil(q * xs.length) - 1)]!;

it('measures publish → first rendered sample, and → heard, for 20 alerts', async () => {
  const rendered: number[] = [];
  const heard: number[] = [];
  for (let i = 0; i < 20; i++) {
    expect(await c.tap.waitForSilence(8000)).toBe(true);
    const sentAt = await publishJson(rig, 'alerts/info', { name: `Latency${i}`, labels: { i: String(i) } });
    const onset = await c.tap.waitForOnset(c.epochToPerf(sentAt), 5000);
    expect(onset, `alert ${i} was not heard`).not.toBeNull();
    rendered.push(onset!.renderPerfMs + c.timeOrigin - sentAt);
    heard.push(onset!.perfMs + c.timeOrigin - sentAt);
  }
  const report = {
    samples: rendered.length,
    rendered_p50_ms: pct(rendered, 0.5),
    rendered_p99_ms: pct(rendered, 0.99),
    heard_p50_ms: pct(heard, 0.5),
    heard_p99_ms: pct(heard, 0.99),
    note: 'heard adds the output device latency (headless Chromium fake device at the lowest latency hint ≈ 8-11 ms)',
  };
  console.log('message → sound latency', JSON.stringify(report));
  writeFileSync(artifactPath('latency.json'), JSON.stringify({ ...report, rendered, heard }, null, 2));
  expect(report.rendered_p50_ms).toBeGreaterThan(0); // one clock: sound comes after the publish
  expect(report.rendered_p99_ms).toBeLessThan(250);
});
