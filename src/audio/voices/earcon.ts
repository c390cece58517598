// One reusable earcon voice: a synth and a panner that can play any design from
// the library. Voices are pooled per channel, so playing never creates new nodes
// beyond the one-shot oscillators Web Audio itself needs.
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

export class EarconVoice {
  private readonly synth: Tone.Synth;
  private readonly panner: Tone.Panner;
  private current?: EarconDesign;
  /** Context time when this voice is free again. */
  busyUntil = 0;

  constructor(options: EarconVoiceOptions, output: Tone.InputNode) {
    this.panner = new Tone.Panner({ context: options.context, pan: 0 });
    this.synth = new Tone.Synth({ context: options.context });
    this.synth.chain(this.panner, output);
  }

  private configure(design: EarconDesign): void {
    if (this.current === design) return;
    this.synth.set({ oscillator: oscillatorOptions(design.timbre), envelope: { ...design.envelope } } as Partial<Tone.SynthOptions>);
    this.current = design;
  }

  /** Schedules the motif at context time `time`; returns when it ends. */
  play(design: EarconDesign, time: number, opts: { pan: number; gain: number; transpose: number }): number {
    this.configure(design);
    this.panner.pan.setValueAtTime(Math.max(-1, Math.min(1, opts.pan)), time);
    const ratio = 2 ** (opts.transpose / 12) * (design.timbre.baseRatio ?? 1);
    const level = Math.min(1, Math.max(0, design.gain * opts.gain));
    for (const note of design.notes) {
      this.synth.triggerAttackRelease(note.freq * ratio, note.dur, time + note.at, note.velocity * level);
    }
    this.busyUntil = time + earconLength(design);
    return this.busyUntil;
  }

  dispose(): void {
    this.synth.dispose();
    this.panner.dispose();
  }
}
