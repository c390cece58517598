// Proves the browser audio harness: the tap hears Tone.js and native Web Audio in real
// headless Chromium, frame-accurately, with the right pitch, and without app cooperation.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { join } from 'node:path';
import { evalNoGesture, launchBrowser, newPage, tapOf, type HarnessPage, type NewPageOptions } from '../helpers/browser';
import { REPO_ROOT, serveStatic, type Served } from '../helpers/serve';
import { estimatePitch, relError, zeroCrossingHz } from '../helpers/pitch';

// Globals of the fixture pages (cast locally rather than widening the global Window).
declare const Tone: typeof import('tone');
type Fx = {
  ctx: AudioContext;
  synth: import('tone').Synth;
  playNative(hz: number, seconds: number, delay?: number): number;
};

const TONE_PAGE = `<!doctype html><title>tone</title><link rel="icon" href="data:,"><script src="/tone/Tone.js"></script>
<button id="enable">Enable sound</button>
<script>
  window.synth = new Tone.Synth().toDestination();
  document.getElementById('enable').onclick = async () => { await Tone.start(); synth.triggerAttackRelease('A4', 0.5); };
</script>`;

const NATIVE_PAGE = `<!doctype html><title>native</title><link rel="icon" href="data:,"><script>
  window.ctx = new AudioContext();
  window.playNative = (hz, seconds, delay = 0.05) => {
    const osc = new OscillatorNode(ctx, { frequency: hz });
    const gain = new GainNode(ctx, { gain: 0.5 });
    osc.connect(gain).connect(ctx.destination);
    const t = ctx.currentTime + delay;
    osc.start(t);
    osc.stop(t + seconds);
    return t;
  };
</script>`;

let server: Served;
let browser: Browser;
const pages: HarnessPage[] = [];

async function open(path: string, b = browser, tap?: NewPageOptions['tap']): Promise<HarnessPage> {
  const h = await newPage(b, { tap });
  pages.push(h);
  await h.page.goto(server.url + path);
  return h;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

beforeAll(async () => {
  server = await serveStatic({
    files: { '/tone.html': TONE_PAGE, '/native.html': NATIVE_PAGE },
    mounts: { '/tone/': join(REPO_ROOT, 'node_modules/tone/build') },
  });
  browser = await launchBrowser();
});

afterAll(async () => {
  for (const p of pages) await p.close().catch(() => {});
  await browser?.close();
  await server?.close();
});

describe('audio tap in headless Chromium', () => {
  it('hears a Tone.js note: onset, plausible peak, 440 Hz within 1 %', async () => {
    const h = await open('tone.html');
    const tap = tapOf(h.page);
    expect(await tap.ready()).toBe(true);
    await h.page.evaluate(() => Tone.start());
    const t0 = await h.page.evaluate(() => {
      const t = performance.now();
      (window as unknown as Fx).synth.triggerAttack('A4');
      return t;
    });
    const onset = await tap.waitForOnset(t0, 5000);
    expect(onset).not.toBeNull();
    await h.page.waitForTimeout(600);
    const { pcm, sampleRate } = await tap.recent(0.5);
    await h.page.evaluate(() => (window as unknown as Fx).synth.triggerRelease());
    const snap = await tap.snapshot();

    expect(snap.contexts).toBeGreaterThanOrEqual(1);
    expect(snap.perContext.some((c) => c.mode === 'worklet' && c.state === 'running')).toBe(true);
    expect(snap.onsets).toHaveLength(1);
    expect(snap.peakDbfs).toBeGreaterThan(-12); // triangle at full scale, sustain 0.3
    expect(snap.peakDbfs).toBeLessThanOrEqual(0.1);
    expect(snap.nonSilentSeconds).toBeGreaterThan(0.4);
    expect(pcm.length).toBe(Math.round(0.5 * sampleRate));
    const pitch = estimatePitch(pcm, sampleRate);
    const zc = zeroCrossingHz(pcm, sampleRate);
    console.log(`Tone A4: YIN ${pitch?.hz.toFixed(3)} Hz (err ${(relError(pitch!.hz, 440) * 100).toFixed(4)} %), zero-crossing ${zc?.toFixed(3)} Hz, peak ${snap.peakDbfs.toFixed(2)} dBFS`);
    expect(relError(pitch!.hz, 440)).toBeLessThan(0.01);
    expect(relError(zc!, 440)).toBeLessThan(0.01);
    expect(h.allErrors()).toEqual([]);
  });

  it('taps a native OscillatorNode frame-accurately', async () => {
    const h = await open('native.html');
    const tap = tapOf(h.page);
    expect(await tap.ready()).toBe(true);
    const start = await h.page.evaluate(() => (window as unknown as Fx).playNative(1000, 0.3));
    const onset = await tap.waitForOnset(null, 5000);
    const sr = await h.page.evaluate(() => (window as unknown as Fx).ctx.sampleRate);
    // Sine starts at phase 0, so sample 0 is 0 and the first audible one is the next.
    const startFrame = Math.ceil(start * sr);
    expect(Math.round(onset!.ctxTime * sr) - startFrame).toBeGreaterThanOrEqual(0);
    expect(Math.round(onset!.ctxTime * sr) - startFrame).toBeLessThanOrEqual(2);
    await h.page.waitForTimeout(200);
    const { pcm, sampleRate } = await tap.recent(0.2);
    const pitch = estimatePitch(pcm, sampleRate);
    console.log(`native 1000 Hz: YIN ${pitch?.hz.toFixed(3)} Hz; onset frame - start frame = ${Math.round(onset!.ctxTime * sr) - startFrame}`);
    expect(relError(pitch!.hz, 1000)).toBeLessThan(0.001);
    const snap = await tap.snapshot();
    expect(snap.peakDbfs).toBeCloseTo(20 * Math.log10(0.5), 1);
    expect(h.allErrors()).toEqual([]);
  });

  it('ScriptProcessor fallback hears the same thing, to within one render quantum', async () => {
    const h = await open('native.html', browser, { mode: 'script' });
    const tap = tapOf(h.page);
    expect(await tap.ready()).toBe(true);
    const start = await h.page.evaluate(() => (window as unknown as Fx).playNative(440, 0.5, 0.1));
    const onset = await tap.waitForOnset(null, 5000);
    const snap = await tap.snapshot();
    const sr = snap.sampleRate!;
    expect(snap.perContext[0]!.mode).toBe('script');
        // The tap maps buffers from the least-delayed playbackTime stamp, so it is never early and
    // late by at most that stamp's delay (measured 0-1 frames, also with the cores saturated).
    const offset = Math.round(onset!.ctxTime * sr) - Math.ceil(start * sr);
    console.log(`script fallback: onset frame - start frame = ${offset}`);
    expect(offset).toBeGreaterThanOrEqual(0);
    expect(offset).toBeLessThanOrEqual(129);
    await h.page.waitForTimeout(600);
    const { pcm, sampleRate } = await tap.recent(0.6);
    expect(relError(estimatePitch(pcm, sampleRate)!.hz, 440)).toBeLessThan(0.01);
  });

  it('reset clears levels and onsets; silence stays silent', async () => {
    const h = await open('native.html');
    const tap = tapOf(h.page);
    await tap.ready();
    await h.page.evaluate(() => (window as unknown as Fx).playNative(440, 0.1));
    expect(await tap.waitForOnset(null, 5000)).not.toBeNull();
    await h.page.waitForTimeout(300);
    await tap.reset();
    await h.page.waitForTimeout(200);
    const snap = await tap.snapshot();
    expect(snap.onsets).toEqual([]);
    expect(snap.peakDbfs).toBe(-200);
    expect(snap.nonSilentSeconds).toBe(0);
    expect(await tap.waitForOnset(null, 300)).toBeNull();
  });

  it('measures trigger → onset latency for Tone lookAhead 0.1 and 0.01', async () => {
    const results: Record<string, { out: number[]; render: number[] }> = {};
    for (const lookAhead of [0.1, 0.01]) {
      const h = await open('tone.html');
      const tap = tapOf(h.page);
      await tap.ready();
      await h.page.evaluate(async (la) => {
        await Tone.start();
        Tone.getContext().lookAhead = la;
      }, lookAhead);
      const out: number[] = [];
      const render: number[] = [];
      await h.page.evaluate(() => { (window as unknown as Fx).synth.envelope.release = 0.05; });
      for (let i = 0; i < 8; i++) {
        expect(await tap.waitForSilence(3000)).toBe(true);
        await h.page.waitForTimeout(37 * i); // decorrelate from the audio callback period
        const t0 = await h.page.evaluate(() => {
          const t = performance.now();
          (window as unknown as Fx).synth.triggerAttackRelease('A4', 0.05);
          return t;
        });
        const o = await tap.waitForOnset(t0, 5000);
        expect(o?.mapping).toBe('output');
        out.push(o!.perfMs - t0);
        render.push(o!.renderPerfMs - t0);
      }
      results[lookAhead] = { out, render };
      const fmt = (xs: number[]): string => `median ${median(xs).toFixed(1)} ms [${Math.min(...xs).toFixed(1)}…${Math.max(...xs).toFixed(1)}]`;
      console.log(`Tone lookAhead=${lookAhead}: trigger→onset output-mapped ${fmt(out)}; render-mapped ${fmt(render)}`);
      expect(h.allErrors()).toEqual([]);
    }
    expect(median(results['0.1']!.out)).toBeGreaterThan(90);
    expect(median(results['0.1']!.out)).toBeLessThan(250);
    expect(median(results['0.01']!.out)).toBeLessThan(median(results['0.1']!.out) - 60);
  });
});

describe('newPage error collection', () => {
  it('collects page errors, console errors and unhandled rejections', async () => {
    const h = await open('native.html');
    await h.page.evaluate(() => {
      console.error('boom-console');
      setTimeout(() => { throw new Error('boom-throw'); });
      void Promise.reject(new Error('boom-reject'));
    });
    await h.page.waitForTimeout(200);
    expect(h.consoleErrors.join('\n')).toContain('boom-console');
    expect(h.pageErrors.join('\n')).toContain('boom-throw');
    expect(h.rejections.join('\n')).toContain('boom-reject');
    expect(h.pageErrors.join('\n')).toContain('boom-reject'); // Chromium reports it both ways
  });
});

describe('without the autoplay flag', () => {
  let strict: Browser;
  beforeAll(async () => {
    strict = await launchBrowser({ autoplay: false });
  });
  afterAll(async () => {
    await strict?.close();
  });

  it('stays silent until the "Enable sound" button is clicked', async () => {
    const h = await open('tone.html', strict);
    const tap = tapOf(h.page);
    expect(await tap.ready()).toBe(true);
    await h.page.waitForTimeout(300);
    const before = await evalNoGesture(h.page, () => ({ state: Tone.getContext().state, active: navigator.userActivation.hasBeenActive }));
    expect(before).toEqual({ state: 'suspended', active: false });
    expect(await tap.waitForOnset(null, 300)).toBeNull();
    const t0 = await tap.perfNow();
    await h.page.getByRole('button', { name: 'Enable sound' }).click();
    const onset = await tap.waitForOnset(t0, 5000);
    expect(onset).not.toBeNull();
    const snap = await tap.snapshot();
    expect(snap.perContext.find((c) => c.index === onset!.context)?.state).toBe('running');
    expect(h.allErrors()).toEqual([]);
  });
});
