// Proves buildApp/serveDist on a throwaway Vite project that bundles Tone's ESM build the
// way the app does (the app's own index.html/vite.config.ts are not required here), and
// that the audio tap hears a limiter + ceiling chain like the console's master bus.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { mkdtempSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchBrowser, newPage, tapOf } from '../helpers/browser';
import { REPO_ROOT, buildApp, isBuildFresh, serveDist, type Served } from '../helpers/serve';
import { estimatePitch, relError } from '../helpers/pitch';

const INDEX = `<!doctype html><html><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>fixture</title></head>
<body><button id="play">Play</button><script type="module" src="/main.js"></script></body></html>`;

// Loud enough to hit the ceiling: gain 4 into a -6 dB limiter and a tanh ceiling at -1 dBFS.
const MAIN = `import * as Tone from 'tone';
const CEIL = 10 ** (-1 / 20);
const input = new Tone.Gain(4);
const limiter = new Tone.Limiter(-6);
const ceiling = new Tone.WaveShaper((x) => CEIL * Math.tanh(x / CEIL), 4096);
input.chain(limiter, ceiling, Tone.getDestination());
const synth = new Tone.Synth({ oscillator: { type: 'sine' } }).connect(input);
document.getElementById('play').addEventListener('click', async () => {
  await Tone.start();
  synth.triggerAttackRelease(330, 0.6);
});
`;

let root: string;
let served: Served;
let browser: Browser;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'singing-pager-fixture-'));
  writeFileSync(join(root, 'index.html'), INDEX);
  writeFileSync(join(root, 'main.js'), MAIN);
  symlinkSync(join(REPO_ROOT, 'node_modules'), join(root, 'node_modules'), 'dir');
  browser = await launchBrowser();
});

afterAll(async () => {
  await served?.close();
  await browser?.close();
  if (root) rmSync(root, { recursive: true, force: true });
});

describe('buildApp + serveDist', () => {
  it('builds once, skips a fresh build, and serves it on 127.0.0.1', async () => {
    const out = await buildApp({ root });
    expect(out).toBe(join(root, 'dist'));
    expect(isBuildFresh(root)).toBe(true);
    const built = statSync(join(out, 'index.html')).mtimeMs;
    expect(await buildApp({ root })).toBe(out); // memoised
    await buildApp({ root, force: false });
    expect(statSync(join(out, 'index.html')).mtimeMs).toBe(built);

    served = await serveDist({ root });
    expect(served.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const res = await fetch(served.url);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<button id="play">');
  });

  it('the tap hears the bundled Tone chain, held under the -1 dBFS ceiling', async () => {
    const h = await newPage(browser);
    try {
      await h.page.goto(served.url);
      const tap = tapOf(h.page);
      expect(await tap.ready()).toBe(true);
      const t0 = await tap.perfNow();
      await h.page.click('#play');
      const onset = await tap.waitForOnset(t0, 5000);
      expect(onset).not.toBeNull();
      await h.page.waitForTimeout(500);
      const { pcm, sampleRate } = await tap.recent(0.3);
      const snap = await tap.snapshot();
      console.log(`bundled Tone chain: peak ${snap.peakDbfs.toFixed(3)} dBFS, onset ${(onset!.perfMs - t0).toFixed(1)} ms after click`);
      expect(snap.peakDbfs).toBeGreaterThan(-8);
      expect(snap.peakDbfs).toBeLessThanOrEqual(-1 + 1e-3);
      expect(relError(estimatePitch(pcm, sampleRate)!.hz, 330)).toBeLessThan(0.01);
      expect(h.allErrors()).toEqual([]);
    } finally {
      await h.close();
    }
  });
});
