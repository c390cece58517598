// The bench harness at tiny sizes, so it cannot rot: every scenario runs once against
// the real stack and the JSON has every required key, each a number or a null with a
// note saying why.
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REQUIRED_KEYS, runBench } from '../../bench/run';
import { audioClock } from '../../bench/lib/clock';
import { bandEnvelope, bandSegments, matchProbes, narrowRise, riseOnsets, toneSegments } from '../../bench/lib/onsets';

const out = mkdtempSync(join(tmpdir(), 'sp-bench-smoke-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('bench harness', () => {
  it('finds a 440 Hz probe onset under 880 Hz load, to within a few ms', () => {
    const sr = 48_000;
    const pcm = new Float32Array(sr);
    // Load like the critical earcon: 880 and 1046.5 Hz, band-limited squares (odd harmonics).
    const sq = (f: number, t: number) => [1, 3, 5, 7].reduce((a, k) => a + Math.sin(2 * Math.PI * f * k * t) / k, 0);
    for (let i = 0; i < sr; i++) pcm[i] = 0.2 * sq(880, i / sr) + 0.15 * sq(1046.5, i / sr);
    const start = 20_000;
    for (let i = start; i < sr; i++) {
      const t = (i - start) / sr;
      pcm[i]! += 0.1 * Math.min(1, t / 0.004) * Math.exp(-t / 0.05) * Math.sin(2 * Math.PI * 440 * t);
    }
    const env = bandEnvelope(pcm, sr, { f0: 440 });
    const sides = [bandEnvelope(pcm, sr, { f0: 220, lengthHz: 440 }), bandEnvelope(pcm, sr, { f0: 660, lengthHz: 440 })];
    const segs = toneSegments(bandSegments(env, sr, { enter: 0.01 }), env, sides);
    expect(segs.map((s) => s.onset)).toHaveLength(1);
    expect(Math.abs(segs[0]!.onset - start)).toBeLessThan(0.005 * sr);
    expect(matchProbes([start - 100], segs, 0, sr)).toEqual([segs[0]!.onset]);
  });

  it('finds a probe that starts on the tail of the last one, and ignores a short grain in its band', () => {
    const sr = 48_000;
    const pcm = new Float32Array(sr);
    const bell = (start: number, amp: number, len: number) => {
      for (let i = start; i < Math.min(sr, start + len * sr); i++) {
        const t = (i - start) / sr;
        pcm[i]! += amp * Math.min(1, t / 0.004) * Math.exp(-t / (len / 3)) * Math.sin(2 * Math.PI * 440 * t);
      }
    };
    bell(5_000, 0.3, 0.5); // the last probe, still ringing
    bell(16_000, 0.3, 0.06); // a storm grain near 440 Hz, just before the probe
    bell(19_000, 0.3, 0.5); // the probe
    const env = bandEnvelope(pcm, sr, { f0: 440 });
    const sides = [bandEnvelope(pcm, sr, { f0: 220, lengthHz: 440 }), bandEnvelope(pcm, sr, { f0: 660, lengthHz: 440 })];
    const iso = toneSegments(bandSegments(env, sr, { enter: 0.01 }), env, sides);
    const [found] = riseOnsets(env, sides, sr, [18_500], 0, 0.4 * sr, { minRise: 0.25 * iso[0]!.peak });
    expect(found).not.toBeNull();
    expect(Math.abs(found! - 19_000)).toBeLessThan(0.005 * sr);
    // The old rule: one merged segment from the first bell on, so the probe went unheard.
    expect(matchProbes([18_500], toneSegments(bandSegments(env, sr, { enter: 0.01 }), env, sides), 0, 0.4 * sr)).toEqual([null]);
  });

  it('tells the probe from storm grains near its pitch by the narrow band at exactly 440 Hz', () => {
    const sr = 48_000;
    const tone = (pcm: Float32Array, hz: number, start: number, amp: number, tau: number) => {
      for (let i = start; i < pcm.length; i++) {
        const t = (i - start) / sr;
        pcm[i]! += amp * Math.min(1, t / 0.002) * Math.exp(-t / tau) * Math.sin(2 * Math.PI * hz * t);
      }
    };
    const bands = (pcm: Float32Array) => ({
      env: bandEnvelope(pcm, sr, { f0: 440 }),
      sides: [bandEnvelope(pcm, sr, { f0: 220, lengthHz: 440 }), bandEnvelope(pcm, sr, { f0: 660, lengthHz: 440 })],
      narrow: bandEnvelope(pcm, sr, { f0: 440, periods: 1, lengthHz: 20 }),
    });
    // Calibration: an isolated probe.
    const iso = new Float32Array(sr);
    tone(iso, 440, 10_000, 0.1, 0.05);
    const b0 = bands(iso);
    const cal = narrowRise(b0.env, b0.narrow, sr, 10_000)!;
    expect(cal.ratio).toBeGreaterThan(0.1);
    const opts = { minRise: 0.025 };
    /** The probe (440 Hz at frame 19,000) with another tone: found at its own onset. */
    const probeFoundBeside = (hz: number, start: number, amp: number, tau: number) => {
      const pcm = new Float32Array(sr);
      tone(pcm, hz, start, amp, tau);
      tone(pcm, 440, 19_000, 0.1, 0.05);
      const b = bands(pcm);
      const [found] = riseOnsets(b.env, b.sides, sr, [17_800], 0, 0.5 * sr, { ...opts, pitch: { env: b.narrow, ...cal } });
      expect(found).not.toBeNull();
      expect(Math.abs(found! - 19_000)).toBeLessThan(0.005 * sr);
    };
    // A grain at 470 Hz (inside the wide band, not at the probe's pitch) just before the probe:
    // the probe still rises on top of it and is found at its own onset, not the grain's.
    probeFoundBeside(470, 18_000, 0.1, 0.03);
    // Grains alone, however close in pitch (455, 425 Hz), are not a probe.
    const grains = new Float32Array(sr);
    tone(grains, 455, 18_000, 0.1, 0.08);
    tone(grains, 425, 24_000, 0.1, 0.08);
    const b2 = bands(grains);
    expect(riseOnsets(b2.env, b2.sides, sr, [17_800], 0, 0.5 * sr, { ...opts, pitch: { env: b2.narrow, ...cal } })).toEqual([null]);
    // A short grain in a side band (660 Hz) starting with the probe, two thirds its height
    // (as in a full run's storm): the probe is still found, at its own onset.
    probeFoundBeside(660, 19_000, 0.065, 0.01);
  });

  it('maps audio time to wall time locally, so a drifting output clock does not skew a long recording', () => {
    // 120 s at 48 kHz; the output's sample clock runs 200 ppm slow against the system clock
    // and the device adds 40 ms; the main thread samples the clock 100 times a second.
    const sr = 48_000;
    const epoch0 = 1.7e12;
    const wallOf = (audioS: number) => epoch0 + audioS * 1000 * (1 + 200e-6); // epoch ms at which audio time audioS renders
    const quanta = Math.floor((120 * sr) / 128);
    const stamps = Float64Array.from({ length: quanta }, (_, i) => Math.floor(wallOf((i * 128) / sr)));
    const clock: [number, number, number, number, number][] = [];
    for (let s = 0; s < 120; s += 0.01) {
      const now = wallOf(s); // epoch ms; performance.now() = now − epoch0 + 5
      clock.push([now - epoch0 + 5, Math.round(s * sr), s, wallOf(s) + 40 - epoch0 + 5, Math.floor(now)]);
    }
    const c = audioClock({ start: 0, sampleRate: sr, pcm: new Float32Array(0), stamps, overflow: false, gaps: 0, clock, timeOrigin: epoch0 - 5 });
    for (const s of [1, 60, 119]) {
      expect(Math.abs(c.heardEpoch(s * sr) - (wallOf(s) + 40))).toBeLessThan(1.5);
      expect(Math.abs(c.renderEpoch(s * sr) - wallOf(s))).toBeLessThan(3);
    }
    expect(Math.abs(c.diagnostics.renderCrossCheckMs!)).toBeLessThan(5); // one offset for the whole run: about 9 ms
  });

  it('runs every scenario with --quick and reports every key', async () => {
    const res = await runBench({ quick: true, out, profile: false, log: () => {} });
    const json = JSON.parse(readFileSync(join(out, 'latest.json'), 'utf8')) as typeof res;
    for (const k of REQUIRED_KEYS) {
      const [sec, key] = k.split('.') as [keyof typeof json, string];
      const v = (json[sec] as Record<string, unknown>)[key];
      if (v === null) expect(json.notes[k], `${k} is null without a note`).toMatch(/\S/);
      else expect(typeof v, k).toBe('number');
    }
    // The harness itself works: sound was measured, the console took messages.
    expect(json.latency.p50_ms, JSON.stringify(json.notes)).toEqual(expect.any(Number));
    expect(json.latency.baseline_p50_ms).toEqual(expect.any(Number));
    expect(json.ingest.ceiling_msgs_per_s).toBeGreaterThan(0);
    expect(readFileSync(join(out, 'latest.md'), 'utf8')).toMatch(/\| figure \| this run/);
  }, 400_000);
});
