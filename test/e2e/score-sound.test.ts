// The sound itself, measured: each preset rendered offline in the built app in real
// headless Chromium (window.singingPager.renderOffline: the app's own pipeline,
// conductor and engine), then analysed here. No audio device, no real-time waits.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, newPage, type HarnessPage } from '../helpers/browser';
import { REPO_ROOT, buildApp, serveDist, type Served } from '../helpers/serve';
import { renderInPage, type RenderSpec, type Rendered, type ScriptEvent } from '../helpers/offline-render';
import { estimatePitch, relError } from '../helpers/pitch';
import { dbfs, decayTime, octaveSlopeDb, onsets, peakAbs, rms, slice, spectralCentroid, spectrum, strongestPeakHz } from '../helpers/spectrum';
import { EARCON_LIBRARY, earconLength, type EarconId } from '../../src/domain/score/earcons';
import { scalePitch } from '../../src/domain/score/metric-mapper';
import type { PresetName } from '../../src/app/score-loader';
import { parseScore } from '../../src/domain/score/parse';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const OUT = process.env.SP_E2E_OUTDIR ?? 'dist';
let server: Served;
let browser: Browser;
let h: HarnessPage;
const render = (spec: RenderSpec): Promise<Rendered> => renderInPage(h.page, spec);
const alert = (at: number, severity: string, state: 'firing' | 'resolved' = 'firing', name = 'Probe'): ScriptEvent => ({ at, kind: 'alert', name, severity, state, labels: { instance: 'db-3' } });
const metric = (at: number, name: string, value: number): ScriptEvent => ({ at, kind: 'metric', name, value });
/** Render time per audio time, over every render in this file. */
const speed = { audio: 0, wall: 0 };
const track = (r: Rendered, seconds: number) => {
  speed.audio += seconds;
  speed.wall += r.renderSeconds;
  return r;
};

beforeAll(async () => {
  await buildApp({ outDir: OUT });
  server = await serveDist({ outDir: OUT });
  // Default autoplay policy and no gestures: the live console stays silent while we render.
  browser = await launchBrowser({ autoplay: false });
  h = await newPage(browser, { tap: false });
  await h.page.goto(`${server.url}?source=demo`);
  await h.page.waitForFunction(() => typeof window.singingPager?.renderOffline === 'function');
  // The demo source is what plays here, and the console says so.
  await h.page.waitForSelector('.demo-badge:has-text("DEMO DATA")', { timeout: 5000 });
});

afterAll(async () => {
  if (speed.wall > 0) console.log(`offline render speed: ${(speed.audio / speed.wall).toFixed(1)}× real time (${speed.audio.toFixed(1)} s of audio in ${speed.wall.toFixed(2)} s)`);
  // A failed render rejects renderInPage; what else the live (demo) console logged is not ours.
  if (h?.allErrors().length) console.log('page errors (live console):', h.allErrors());
  await h?.close();
  await browser?.close();
  await server?.close();
});

// The seed (bridge.py severity_map, sonify.scd \alert): freq, vol, dur per severity.
const SEED = { critical: { hz: 880, vol: 0.9, dur: 2 }, warning: { hz: 660, vol: 0.7, dur: 1.5 }, info: { hz: 440, vol: 0.5, dur: 1 } } as const;
/** Where SuperCollider's Env.perc(0.01, dur) (curve -4) is 40 dB under its peak. */
const seedDecay40 = (dur: number) => 0.01 + (Math.log(1 - 0.99 * (1 - Math.exp(-4))) / -4) * dur;

describe('classic preset reproduces the seed', () => {
  it('earcons: fundamental within 1 %, −40 dB decay like Env.perc, levels 0.9 / 0.7 / 0.5', async () => {
    const measured: Record<string, { hz: number; decay: number; peak: number }> = {};
    for (const sev of ['critical', 'warning', 'info'] as const) {
      const r = track(await render({ preset: 'classic', durationSeconds: 2.6, script: [alert(0.1, sev)] }), 2.6);
      const sr = r.sampleRate;
      expect(r.played.map((p) => p.earcon)).toEqual([`classic-${sev}`]);
      const seg = slice(r.mid, sr, 0.1, 2.6);
      measured[sev] = { hz: strongestPeakHz(slice(r.mid, sr, 0.12, 0.62), sr), decay: decayTime(seg, sr, 40), peak: peakAbs(seg) };
    }
    console.log('classic earcons:', JSON.stringify(measured, (_, v: unknown) => (typeof v === 'number' ? +v.toFixed(4) : v)));
    for (const sev of ['critical', 'warning', 'info'] as const) {
      const m = measured[sev]!;
      expect(relError(m.hz, SEED[sev].hz)).toBeLessThan(0.01);
      // Env.perc's curve reaches −40 dB at 89 % of dur: within 5 % of that, and of dur ± 15 %.
      expect(relError(m.decay, seedDecay40(SEED[sev].dur))).toBeLessThan(0.05);
      expect(relError(m.decay, SEED[sev].dur)).toBeLessThan(0.15);
      expect(relError(m.peak / measured.critical!.peak, SEED[sev].vol / SEED.critical.vol)).toBeLessThan(0.08);
    }
  });

  it('cpu voice: 440 + value × 440 Hz within 1 %', async () => {
    const values = [0, 0.5, 1];
    const r = track(await render({ preset: 'classic', durationSeconds: 4.5, script: values.map((v, i) => metric(0.05 + 1.5 * i, 'cpu', v)) }), 4.5);
    const hz = values.map((_, i) => strongestPeakHz(slice(r.mid, r.sampleRate, 0.65 + 1.5 * i, 1.5 + 1.5 * i), r.sampleRate));
    console.log('classic cpu Hz at 0 / 0.5 / 1:', hz.map((x) => x.toFixed(2)).join(' / '));
    values.forEach((v, i) => expect(relError(hz[i]!, 440 + v * 440)).toBeLessThan(0.01));
  });

  it('memory voice: pink noise whose RMS follows 0.1 + 0.9 × value, about −3 dB/octave', async () => {
    const values = [0, 0.5, 1];
    const r = track(await render({ preset: 'classic', durationSeconds: 4.5, script: values.map((v, i) => metric(0.05 + 1.5 * i, 'memory', v)) }), 4.5);
    const segs = values.map((_, i) => slice(r.mid, r.sampleRate, 0.65 + 1.5 * i, 1.5 + 1.5 * i));
    const levels = segs.map(rms);
    const slope = octaveSlopeDb(segs[2]!, r.sampleRate);
    console.log('classic memory RMS at 0 / 0.5 / 1:', levels.map((x) => dbfs(x).toFixed(1)).join(' / '), 'dBFS; slope', slope.toFixed(2), 'dB/oct');
    values.forEach((v, i) => expect(relError(levels[i]! / levels[0]!, (0.1 + 0.9 * v) / 0.1)).toBeLessThan(0.2));
    expect(slope).toBeGreaterThan(-4.5);
    expect(slope).toBeLessThan(-1.5);
    // Noise, not a tone: no one spectral line stands out.
    expect(estimatePitch(segs[2]!, r.sampleRate)?.aperiodicity ?? 1).toBeGreaterThan(0.2);
  });
});

interface Features {
  notes: number;
  firstHz: number;
  lastHz: number;
  centroid: number;
  duration: number;
}

/** What tells one earcon from another by ear: rhythm, register, brightness, length. */
function features(x: Float32Array, sr: number): Features {
  const on = onsets(x, sr, { riseDb: 6, refractoryMs: 50 });
  const pitchAt = (t: number) => {
    const next = on.find((o) => o > t + 0.01) ?? t + 0.2;
    const w = slice(x, sr, t + 0.012, Math.min(next, t + 0.2));
    return estimatePitch(w, sr, { minHz: 80, maxHz: 4000, gateDbfs: -60 })?.hz ?? NaN;
  };
  const dur = decayTime(x, sr, 40);
  return { notes: on.length, firstHz: pitchAt(on[0] ?? 0), lastHz: pitchAt(on.at(-1) ?? 0), centroid: spectralCentroid(slice(x, sr, 0, dur), sr), duration: dur };
}

/** Scaled so 1 is a difference anyone hears: a note, 2 semitones, a third of an octave of brightness, 1.4× length. */
function distance(a: Features, b: Features): number {
  const st = (p: number, q: number) => 12 * Math.log2(p / q);
  return Math.hypot(a.notes - b.notes, st(a.firstHz, b.firstHz) / 2, (3 * Math.log2(a.centroid / b.centroid)), Math.log2(a.duration / b.duration) / 0.5);
}

const PRESETS: readonly PresetName[] = ['ambient', 'classic', 'sonar'];
const SEVERITIES = ['critical', 'warning', 'info'] as const;

describe('every preset: severities and their resolves are told apart', () => {
  for (const preset of PRESETS) {
    it(`${preset}`, async () => {
      const fired: Record<string, Features> = {};
      for (const sev of SEVERITIES) {
        // Fire at 0.1 s, resolve once the firing earcon has died away.
        const r = track(await render({ preset, durationSeconds: 5, script: [alert(0.1, sev), alert(2.6, sev, 'resolved')] }), 5);
        const sr = r.sampleRate;
        const [firing, resolved] = r.played;
        expect(r.played.map((p) => p.reason)).toEqual(['new', 'resolved']);
        const f = features(slice(r.mid, sr, 0.1, 2.6), sr);
        const g = features(slice(r.mid, sr, 2.6, 5), sr);
        fired[sev] = f;
        const design = (id: EarconId) => EARCON_LIBRARY[id];
        console.log(`${preset} ${sev}: ${firing!.earcon} ${fmt(f)} | ${resolved!.earcon} ${fmt(g)}`);
        expect(f.notes).toBe(design(firing!.earcon).notes.length);
        expect(g.notes).toBe(design(resolved!.earcon).notes.length);
        expect(distance(f, g)).toBeGreaterThan(1.5);
        // The resolve moves the way its design does (README: a rising arpeggio; sonar's cadence falls home).
        const notes = design(resolved!.earcon).notes;
        const up = notes.at(-1)!.freq > notes[0]!.freq;
        expect(g.lastHz > g.firstHz * 1.05).toBe(up);
        if (resolved!.earcon === 'rise') expect(g.lastHz).toBeGreaterThan(g.firstHz * 1.3);
      }
      for (const [i, a] of SEVERITIES.entries()) {
        for (const b of SEVERITIES.slice(i + 1)) {
          const d = distance(fired[a]!, fired[b]!);
          console.log(`${preset} distance ${a}–${b}: ${d.toFixed(2)}`);
          expect(d).toBeGreaterThan(1.5);
        }
      }
    });
  }
});

const fmt = (f: Features) =>
  `notes ${f.notes}, ${f.firstHz.toFixed(0)}→${f.lastHz.toFixed(0)} Hz, centroid ${f.centroid.toFixed(0)} Hz, ${f.duration.toFixed(2)} s`;

describe('ambient metric voice', () => {
  it('cpu pitch rises monotonically with its value, on the pentatonic scale', async () => {
    const values = Array.from({ length: 9 }, (_, i) => i / 8);
    const r = track(await render({ preset: 'ambient', durationSeconds: 0.8 * values.length, script: values.map((v, i) => metric(0.8 * i, 'cpu', v)) }), 0.8 * values.length);
    const hz = values.map((_, i) => strongestPeakHz(slice(r.mid, r.sampleRate, 0.8 * i + 0.5, 0.8 * i + 0.8), r.sampleRate, 100, 2000));
    console.log('ambient cpu Hz over 0..1:', hz.map((x) => x.toFixed(1)).join(' '));
    for (let i = 1; i < hz.length; i++) expect(hz[i]!).toBeGreaterThan(hz[i - 1]! * 1.02);
    values.forEach((v, i) => expect(relError(hz[i]!, scalePitch(v, 'pentatonic', 220, 1.5))).toBeLessThan(0.01));
  });

  it('cpu roughness follows its value: 40 Hz sidebands at the modulation depth r / (2 − r), r = 0.6 × value', async () => {
    // Amplitude modulation of a sine at depth m puts sidebands of m/2 each at ±40 Hz.
    const values = [0, 0.5, 1];
    const hold = 2;
    const r = track(await render({ preset: 'ambient', durationSeconds: hold * values.length, script: values.map((v, i) => metric(hold * i, 'cpu', v)) }), hold * values.length);
    const depth = values.map((v, i) => {
      const x = slice(r.mid, r.sampleRate, hold * i + 0.8, hold * i + hold);
      const { mag, binHz } = spectrum(x, r.sampleRate, x.length * 4);
      const fc = scalePitch(v, 'pentatonic', 220, 1.5);
      const peak = (hz: number) => Math.max(...Array.from({ length: Math.round(6 / binHz) }, (_, k) => mag[Math.round((hz - 3) / binHz) + k]!));
      return (peak(fc - 40) + peak(fc + 40)) / peak(fc);
    });
    const expected = values.map((v) => (0.6 * v) / (2 - 0.6 * v));
    console.log('ambient cpu roughness (AM depth) over', values.join(', '), ':', depth.map((d) => d.toFixed(3)).join(' '), 'expected', expected.map((d) => d.toFixed(3)).join(' '));
    expect(depth[0]!).toBeLessThan(0.01);
    depth.slice(1).forEach((d, i) => expect(Math.abs(d - expected[i + 1]!)).toBeLessThan(0.1 * expected[i + 1]!));
  });
});

describe('a 2,000-alert burst through ambient', () => {
  const burst = (n: number): ScriptEvent[] =>
    Array.from({ length: n }, (_, i) => ({ at: 0.5 + i / n, kind: 'alert', name: `Burst${i}`, severity: SEVERITIES[i % 3]!, labels: { instance: `host-${i % 50}` } }));
  /** Grains per second in the storm, after the admitted earcons have died away. */
  const grainRate = (r: Rendered) => onsets(slice(r.mid, r.sampleRate, 2, 4.5), r.sampleRate, { riseDb: 4, lookbackMs: 6, refractoryMs: 8, winMs: 2, floorDb: 30 }).length / 2.5;

  /** Most earcons sounding at once, from their onsets and designed lengths. */
  const maxOverlap = (r: Rendered) => {
    const edges = r.played.flatMap((p) => [[p.at, 1], [p.at + earconLength(EARCON_LIBRARY[p.earcon]), -1]] as const).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    let n = 0;
    let max = 0;
    for (const [, d] of edges) max = Math.max(max, (n += d));
    return max;
  };

  it('stays under −1 dBFS and within the voice budget, and sounds as a storm', async () => {
    const big = track(await render({ preset: 'ambient', durationSeconds: 7, script: burst(2000) }), 7);
    const small = track(await render({ preset: 'ambient', durationSeconds: 7, script: burst(20) }), 7);
    const sr = big.sampleRate;
    const ambient = parseScore(readFileSync(join(REPO_ROOT, 'src/presets/ambient.yaml'), 'utf8'));
    if (!ambient.ok) throw new Error('ambient does not parse');
    const { budgets, metrics } = ambient.score;
    const budget = budgets.global + metrics.length + 1; // ambient: global budget + its metric voices + the storm
    const frames = (r: Rendered, t0: number, t1: number) =>
      Array.from({ length: Math.round((t1 - t0) / 0.05) }, (_, i) => dbfs(rms(slice(r.mid, sr, t0 + 0.05 * i, t0 + 0.05 * (i + 1)))));
    const during = frames(big, 0.5, 1.5);
    const [rateBig, rateSmall] = [grainRate(big), grainRate(small)];
    console.log(
      `burst 2000: peak ${dbfs(big.peak).toFixed(2)} dBFS, max voices ${big.voiceCountMax} (limit ${budget}; earcons at once ${maxOverlap(big)}), ` +
        `${big.played.length} earcons played, ${big.folded} folded into the storm, ${rateBig.toFixed(1)} grains/s, ` +
        `quietest 50 ms during the burst ${Math.min(...during).toFixed(1)} dBFS, ${big.nodeCount} nodes, rendered in ${big.renderSeconds.toFixed(2)} s`,
    );
    console.log(`burst 20: peak ${dbfs(small.peak).toFixed(2)} dBFS, max voices ${small.voiceCountMax}, ${small.played.length} played, ${small.folded} folded, ${rateSmall.toFixed(1)} grains/s`);
    expect(big.peak).toBeLessThanOrEqual(10 ** (-1 / 20));
    expect(big.voiceCountMax).toBeLessThanOrEqual(budget);
    expect(maxOverlap(big)).toBeLessThanOrEqual(budgets.global); // the earcons alone, from what was played
    expect(big.played.length + big.folded).toBe(2000);
    expect(Math.min(...during)).toBeGreaterThan(-50);
    expect(Math.min(...frames(big, 1.5, 4.5))).toBeGreaterThan(-60); // the storm carries on after the burst
    expect(rateBig).toBeGreaterThan(rateSmall * 1.4);
    // STORM_HOLD_MS (4 s) after the last fold, the storm has stopped: the end is silent.
    expect(dbfs(rms(slice(big.mid, sr, 6.3, 7)))).toBeLessThan(-80);
    // The render kept its alerts to itself: none reached the live console's list.
    expect(await h.page.locator('[data-alert-id*="Burst"]').count()).toBe(0);
  });
});
