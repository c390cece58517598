// The storm texture: when alerts overflow the voice budget they are not dropped or
// stacked; they become one texture of short grains whose density and pitch spread
// grow with the number of alerts firing. A fixed pool of grain voices bounds it.
import * as Tone from 'tone';
import type { StormState } from '../../domain/score/sounds';

export interface StormOptions {
  readonly context: Tone.BaseContext;
  readonly grainVoices: number;
  readonly centerHz: number;
  readonly rng: () => number;
}

export const STORM_DEFAULTS = { grainVoices: 6, centerHz: 740, rng: Math.random } as const;

/** Grains per second and pitch spread (semitones) for a number of firing alerts. */
export function stormShape(firing: number): { density: number; spread: number } {
  const n = Math.max(1, firing);
  return { density: Math.min(40, 4 + 3 * Math.sqrt(n)), spread: Math.min(24, 2 + 4 * Math.log2(n)) };
}

export class StormTexture {
  private readonly voices: Tone.Synth[] = [];
  private readonly panners: Tone.Panner[] = [];
  private readonly o: StormOptions;
  private next = 0;
  /** The next grain, drawn by the last call but beyond its horizon. */
  private nextGrainAt = -Infinity;
  private state: StormState = { active: false, firing: 0, folded: 0 };

  constructor(options: Partial<StormOptions> & Pick<StormOptions, 'context'>, output: Tone.InputNode) {
    this.o = { ...STORM_DEFAULTS, ...options };
    for (let i = 0; i < this.o.grainVoices; i++) {
      const panner = new Tone.Panner({ context: this.o.context, pan: 0 });
      const synth = new Tone.Synth({
        context: this.o.context,
        oscillator: { type: 'sine' },
        envelope: { attack: 0.002, decay: 0.06, sustain: 0, release: 0.04 },
      });
      synth.chain(panner, output);
      this.voices.push(synth);
      this.panners.push(panner);
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
      return 0;
    }
    const { density, spread } = stormShape(this.state.firing);
    const gap = () => -Math.log(1 - this.o.rng() * 0.999) / density; // Poisson arrivals sound like rain, not a clock
    // Keep the grain drawn last time: dropping it at every call thinned the rain by the call rate (10/s).
    let t = this.nextGrainAt >= now ? this.nextGrainAt : now + gap();
    let count = 0;
    for (; t < until; t += gap()) {
      const i = this.next++ % this.voices.length;
      const semis = (this.o.rng() * 2 - 1) * spread;
      this.panners[i]!.pan.setValueAtTime(this.o.rng() * 1.6 - 0.8, t);
      this.voices[i]!.triggerAttackRelease(this.o.centerHz * 2 ** (semis / 12), 0.05, t, 0.08 + 0.05 * this.o.rng());
      count++;
    }
    this.nextGrainAt = t;
    return count;
  }

  dispose(): void {
    for (const v of this.voices) v.dispose();
    for (const p of this.panners) p.dispose();
  }
}
