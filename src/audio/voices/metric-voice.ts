// A continuous, quiet voice per metric: its pitch follows the metric (quantised to
// a pentatonic scale so the bed stays consonant), and it glides rather than jumps.
import * as Tone from 'tone';

export interface MetricVoiceOptions {
  readonly context: Tone.BaseContext;
  /** Lowest pitch (normalised value 0), in Hz. */
  readonly baseHz: number;
  /** Range in octaves spanned by values 0..1. */
  readonly octaves: number;
  readonly gain: number;
  readonly glideSeconds: number;
  readonly pan: number;
}

export const METRIC_VOICE_DEFAULTS: Omit<MetricVoiceOptions, 'context'> = {
  baseHz: 220,
  octaves: 2,
  gain: 0.04,
  glideSeconds: 0.25,
  pan: 0,
};

const PENTATONIC = [0, 2, 4, 7, 9];

/** Normalised value → frequency on a major pentatonic scale above baseHz. */
export function quantisedPitch(normalised: number, baseHz: number, octaves: number): number {
  const v = Math.min(1, Math.max(0, Number.isFinite(normalised) ? normalised : 0));
  const steps = PENTATONIC.length * octaves;
  const step = Math.round(v * steps);
  const octave = Math.floor(step / PENTATONIC.length);
  const semis = 12 * octave + (PENTATONIC[step % PENTATONIC.length] ?? 0);
  return baseHz * 2 ** (semis / 12);
}

export class MetricVoice {
  private readonly osc: Tone.Oscillator;
  private readonly amp: Tone.Gain;
  private readonly panner: Tone.Panner;
  private readonly o: MetricVoiceOptions;
  private started = false;

  constructor(options: Partial<MetricVoiceOptions> & Pick<MetricVoiceOptions, 'context'>, output: Tone.InputNode) {
    this.o = { ...METRIC_VOICE_DEFAULTS, ...options };
    this.osc = new Tone.Oscillator({ context: this.o.context, type: 'sine', frequency: this.o.baseHz });
    this.amp = new Tone.Gain({ context: this.o.context, gain: 0 });
    this.panner = new Tone.Panner({ context: this.o.context, pan: this.o.pan });
    this.osc.chain(this.amp, this.panner, output);
  }

  /** Sets the voice from a normalised value (0..1) at context time `time`. */
  set(normalised: number, time: number): void {
    const f = quantisedPitch(normalised, this.o.baseHz, this.o.octaves);
    if (!this.started) {
      this.osc.frequency.setValueAtTime(f, time);
      this.osc.start(time);
      this.amp.gain.setValueAtTime(0, time);
      this.amp.gain.linearRampToValueAtTime(this.o.gain, time + 0.5);
      this.started = true;
      return;
    }
    this.osc.frequency.rampTo(f, this.o.glideSeconds, time);
  }

  setGain(gain: number, time: number): void {
    this.amp.gain.rampTo(Math.max(0, gain), 0.1, time);
  }

  dispose(): void {
    this.osc.dispose();
    this.amp.dispose();
    this.panner.dispose();
  }
}
