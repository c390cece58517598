// One reusable earcon voice: a panner and a synth per design it has played, so any
// design from the library can sound on it. Voices are pooled per channel, so playing
// creates no nodes beyond the one-shot oscillators Web Audio itself needs (and a
// design's synth, the first time this voice plays that design).
import * as Tone from 'tone';
import type { EarconDesign, Timbre } from '../../domain/score/earcons';
import { earconLength } from '../../domain/score/earcons';

export interface EarconVoiceOptions {
  readonly context: Tone.BaseContext;
}

function oscillatorOptions(t: Timbre): Partial<Tone.OmniOscillatorOptions> {
  if (t.type === 'partials') return { type: 'custom', partials: [...(t.partials ?? [1])] } as Partial<Tone.OmniOscillatorOptions>;
  return { type: t.type } as Partial<Tone.OmniOscillatorOptions>;
}

/** SuperCollider's Env segment shape for curvature c, sampled from 0 to 1 (rising) or 1 to 0. */
export function scCurve(c: number, rising: boolean, points = 64): number[] {
  return Array.from({ length: points }, (_, i) => {
    const x = i / (points - 1);
    const y = Math.abs(c) < 1e-3 ? x : (1 - Math.exp(c * x)) / (1 - Math.exp(c));
    return rising ? y : 1 - y;
  });
}

function envelopeOptions(e: EarconDesign['envelope']): Partial<Tone.EnvelopeOptions> {
  const { attack, decay, sustain, release } = e;
  if (e.curve === undefined) return { attack, decay, sustain, release };
  return { attack, decay, sustain, release, attackCurve: scCurve(e.curve, true), releaseCurve: scCurve(e.curve, false) } as Partial<Tone.EnvelopeOptions>;
}

export class EarconVoice {
  // A synth is never re-timbred: Web Audio cannot schedule a waveform change, so changing
  // it would also change notes already scheduled (all of them, in an offline render).
  private readonly synths = new Map<EarconDesign, Tone.Synth>();
  private readonly panner: Tone.Panner;
  private readonly context: Tone.BaseContext;
  private current?: Tone.Synth;
  /** Context time when this voice is free again. */
  busyUntil = 0;
  /** Start of the last note scheduled: Tone refuses a start at or before it on the same synth. */
  lastNoteAt = -Infinity;

  constructor(options: EarconVoiceOptions, output: Tone.InputNode) {
    this.context = options.context;
    this.panner = new Tone.Panner({ context: options.context, pan: 0 }).connect(output);
  }

  private synthFor(design: EarconDesign): Tone.Synth {
    let s = this.synths.get(design);
    if (!s) {
      s = new Tone.Synth({ context: this.context, oscillator: oscillatorOptions(design.timbre), envelope: envelopeOptions(design.envelope) } as Partial<Tone.SynthOptions>);
      s.connect(this.panner);
      this.synths.set(design, s);
    }
    return s;
  }

  /** Schedules the motif at context time `time`; returns when it ends. */
  play(design: EarconDesign, time: number, opts: { pan: number; gain: number; transpose: number }): number {
    const synth = this.synthFor(design);
    if (this.current && this.current !== synth && this.busyUntil > time) {
      // Stolen from another design: that motif stops here, one voice is one sound.
      this.current.envelope.cancel(time);
      this.current.triggerRelease(time);
    }
    this.current = synth;
    this.panner.pan.setValueAtTime(Math.max(-1, Math.min(1, opts.pan)), time);
    const ratio = 2 ** (opts.transpose / 12) * (design.timbre.baseRatio ?? 1);
    const level = Math.min(1, Math.max(0, design.gain * opts.gain));
    for (const note of design.notes) {
      synth.triggerAttackRelease(note.freq * ratio, note.dur, time + note.at, note.velocity * level);
    }
    this.lastNoteAt = Math.max(this.lastNoteAt, ...design.notes.map((n) => time + n.at));
    this.busyUntil = time + earconLength(design);
    return this.busyUntil;
  }

  dispose(): void {
    for (const s of this.synths.values()) s.dispose();
    this.synths.clear();
    this.panner.dispose();
  }
}
