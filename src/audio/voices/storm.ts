// The storm texture: when alerts overflow the voice budget they are not dropped or
// stacked; they become one texture of short grains whose density and pitch spread
// grow with the number of alerts firing. A fixed pool of grain voices bounds it:
// each is an envelope gain and a panner, made once, and a native sine oscillator that
// runs while the storm lasts; so a grain is a few automation events, never a new node,
// and a quiet console pays for no oscillator.
import * as Tone from 'tone';
import type { StormState } from '../../domain/score/sounds';
import { monoPanner } from './pan-buses';
import { kRate, ParamSchedule, quantumStart, triggerAttack, triggerRelease, type EnvelopeShape } from './automation';

export interface StormOptions {
  readonly context: Tone.BaseContext;
  readonly grainVoices: number;
  readonly centerHz: number;
  readonly rng: () => number;
}

export const STORM_DEFAULTS = { grainVoices: 6, centerHz: 740, rng: Math.random } as const;

/** A grain: a 2 ms attack and a fast decay (Tone.Synth's envelope before, same shape). */
const GRAIN: EnvelopeShape = { attack: 0.002, decay: 0.06, sustain: 0, release: 0.04 };
const GRAIN_HOLD = 0.05;

/** Grains per second and pitch spread (semitones) for a number of firing alerts. */
export function stormShape(firing: number): { density: number; spread: number } {
  const n = Math.max(1, firing);
  return { density: Math.min(40, 4 + 3 * Math.sqrt(n)), spread: Math.min(24, 2 + 4 * Math.log2(n)) };
}

interface GrainVoice {
  /** Running while the storm lasts; the panner joins the output only then. */
  osc?: OscillatorNode;
  readonly env: GainNode;
  readonly panner: StereoPannerNode;
  /** The envelope since its last grain began from silence (or was retriggered). */
  schedule: ParamSchedule;
}

export class StormTexture {
  private readonly voices: GrainVoice[] = [];
  private readonly o: StormOptions;
  private readonly output: Tone.InputNode;
  private next = 0;
  /** The next grain, drawn by the last call but beyond its horizon. */
  private nextGrainAt = -Infinity;
  private state: StormState = { active: false, firing: 0, folded: 0 };

  constructor(options: Partial<StormOptions> & Pick<StormOptions, 'context'>, output: Tone.InputNode) {
    this.o = { ...STORM_DEFAULTS, ...options };
    this.output = output;
    const ctx = this.o.context;
    for (let i = 0; i < this.o.grainVoices; i++) {
      const env = ctx.createGain();
      const panner = monoPanner(ctx);
      kRate(panner.pan);
      env.gain.value = 0;
      env.connect(panner);
      this.voices.push({ env, panner, schedule: new ParamSchedule(0) });
    }
  }

  set(state: StormState): void {
    this.state = state;
  }

  get active(): boolean {
    return this.state.active;
  }

  /** Schedules grains up to context time `until`; call it a few times a second. */
  advance(now: number, until: number): number {
    if (!this.state.active) {
      this.nextGrainAt = -Infinity;
      this.stopOscillators(now);
      return 0;
    }
    const { density, spread } = stormShape(this.state.firing);
    const gap = () => -Math.log(1 - this.o.rng() * 0.999) / density; // Poisson arrivals sound like rain, not a clock
    // Keep the grain drawn last time: dropping it at every call thinned the rain by the call rate (10/s).
    let t = this.nextGrainAt >= now ? this.nextGrainAt : now + gap();
    let count = 0;
    for (; t < until; t += gap()) {
      const v = this.voices[this.next++ % this.voices.length]!;
      const semis = (this.o.rng() * 2 - 1) * spread;
      // Pitch and place step once per grain and need no sample accuracy: k-rate (no
      // per-sample values on the audio thread), set from the quantum holding the grain's
      // start — at most 2.7 ms early, under the last grain's tail if it still rings.
      const step = quantumStart(t, this.o.context.sampleRate);
      v.panner.pan.setValueAtTime(this.o.rng() * 1.6 - 0.8, step);
      this.oscillator(v, now).frequency.setValueAtTime(this.o.centerHz * 2 ** (semis / 12), step);
      this.grain(v, t, 0.08 + 0.05 * this.o.rng());
      count++;
    }
    this.nextGrainAt = t;
    return count;
  }

  private oscillator(v: GrainVoice, now: number): OscillatorNode {
    if (!v.osc) {
      v.osc = this.o.context.createOscillator();
      v.osc.type = 'sine';
      kRate(v.osc.frequency);
      v.osc.connect(v.env);
      v.osc.start(now);
      Tone.connect(v.panner, this.output);
    }
    return v.osc;
  }

  /** The storm is over: each oscillator stops once its last grain has rung out. */
  private stopOscillators(now: number): void {
    for (const v of this.voices) {
      const osc = v.osc;
      if (!osc) continue;
      osc.stop(Math.max(now, v.schedule.end));
      osc.onended = () => {
        osc.disconnect();
        if (!v.osc) v.panner.disconnect(); // unless the next storm has begun
      };
      v.osc = undefined;
    }
  }

  private grain(v: GrainVoice, t: number, velocity: number): void {
    const sampleTime = 1 / this.o.context.sampleRate;
    const prev = v.schedule;
    const fresh = new ParamSchedule(0);
    if (prev.end > t) {
      // The last grain still rings: hold it at t, and the new one rises from there (as a retriggered synth).
      prev.rewrite(v.env.gain, t, () => prev.holdAt(t));
      fresh.add({ kind: 'set', t, v: prev.valueAt(t) });
    }
    triggerAttack(fresh, GRAIN, t, velocity, sampleTime);
    triggerRelease(fresh, GRAIN, t + GRAIN_HOLD, sampleTime);
    fresh.writeTo(v.env.gain);
    v.schedule = fresh;
  }

  dispose(): void {
    for (const v of this.voices) {
      v.osc?.stop();
      v.osc?.disconnect();
      v.env.disconnect();
      v.panner.disconnect();
    }
  }
}
