// Earcons: short percussive motifs, one per severity family plus the all-clear.
// Percussive envelopes are both less annoying and better detected than flat tones.
import * as Tone from 'tone';
import type { SeverityFamily } from '../../domain/events';

export type EarconName = SeverityFamily | 'all-clear';

interface Note {
  readonly freq: number;
  /** Seconds after the earcon's onset. */
  readonly at: number;
  readonly dur: number;
  readonly velocity: number;
}

export interface EarconDesign {
  readonly oscillator: 'sine' | 'triangle' | 'square' | 'sawtooth';
  readonly attack: number;
  readonly decay: number;
  readonly sustain: number;
  readonly release: number;
  readonly notes: readonly Note[];
}

const n = (freq: number, at: number, dur: number, velocity = 1): Note => ({ freq, at, dur, velocity });

/** Told apart by rhythm, register and timbre, not by pitch alone. */
export const EARCONS: Readonly<Record<EarconName, EarconDesign>> = {
  // Urgent: three fast bright strikes, high register.
  critical: { oscillator: 'square', attack: 0.002, decay: 0.08, sustain: 0.2, release: 0.08, notes: [n(880, 0, 0.07), n(880, 0.11, 0.07), n(1046.5, 0.22, 0.12)] },
  // Attention: a falling pair, mid register, softer timbre.
  warning: { oscillator: 'triangle', attack: 0.003, decay: 0.12, sustain: 0.25, release: 0.15, notes: [n(659.25, 0, 0.12, 0.9), n(523.25, 0.18, 0.2, 0.9)] },
  // Notice: one soft bell.
  info: { oscillator: 'sine', attack: 0.004, decay: 0.3, sustain: 0.0, release: 0.3, notes: [n(440, 0, 0.25, 0.7)] },
  // Relief: a rising major arpeggio, gentle.
  'all-clear': { oscillator: 'sine', attack: 0.004, decay: 0.2, sustain: 0.15, release: 0.3, notes: [n(523.25, 0, 0.1, 0.6), n(659.25, 0.1, 0.1, 0.6), n(783.99, 0.2, 0.25, 0.6)] },
};

export interface EarconVoiceOptions {
  readonly context: Tone.BaseContext;
  readonly design: EarconDesign;
  readonly gain: number;
}

export const EARCON_VOICE_DEFAULTS = { gain: 0.35 } as const;

/** One reusable voice: a synth and a panner, reused across plays (no node growth). */
export class EarconVoice {
  private readonly synth: Tone.Synth;
  private readonly panner: Tone.Panner;
  private readonly design: EarconDesign;
  /** Context time when this voice is free again. */
  busyUntil = 0;

  constructor(options: Pick<EarconVoiceOptions, 'context' | 'design'> & Partial<EarconVoiceOptions>, output: Tone.InputNode) {
    const o = { ...EARCON_VOICE_DEFAULTS, ...options };
    this.design = o.design;
    this.panner = new Tone.Panner({ context: o.context, pan: 0 });
    this.synth = new Tone.Synth({
      context: o.context,
      volume: Tone.gainToDb(o.gain),
      oscillator: { type: o.design.oscillator },
      envelope: { attack: o.design.attack, decay: o.design.decay, sustain: o.design.sustain, release: o.design.release },
    });
    this.synth.chain(this.panner, output);
  }

  /** Schedules the motif at context time `time`; returns when it ends. */
  play(time: number, pan: number): number {
    this.panner.pan.setValueAtTime(Math.max(-1, Math.min(1, pan)), time);
    let end = time;
    for (const note of this.design.notes) {
      this.synth.triggerAttackRelease(note.freq, note.dur, time + note.at, note.velocity);
      end = Math.max(end, time + note.at + note.dur + this.design.release);
    }
    this.busyUntil = end;
    return end;
  }

  dispose(): void {
    this.synth.dispose();
    this.panner.dispose();
  }
}

export function earconLength(design: EarconDesign): number {
  return Math.max(...design.notes.map((x) => x.at + x.dur)) + design.release;
}
