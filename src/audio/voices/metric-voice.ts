// A continuous metric voice: source (oscillator or pink noise) → brightness filter
// → pulse → roughness → level → pan. Every parameter glides (smoothing), so the
// bed never clicks or jumps.
import * as Tone from 'tone';
import type { MetricVoiceSpec } from '../../domain/score/types';
import type { VoiceParams } from '../../domain/score/metric-mapper';

export interface MetricVoiceOptions {
  readonly context: Tone.BaseContext;
  readonly spec: MetricVoiceSpec;
}

/** Roughness is amplitude modulation in the 30–70 Hz band, where the ear hears it as rough. */
const ROUGHNESS_HZ = 40;

export class MetricVoice {
  private readonly source: Tone.Oscillator | Tone.Noise;
  private readonly filter: Tone.Filter;
  private readonly pulseGain: Tone.Gain;
  private readonly pulseLfo?: Tone.LFO;
  private readonly roughGain: Tone.Gain;
  private readonly roughLfo?: Tone.LFO;
  private readonly level: Tone.Gain;
  private readonly panner: Tone.Panner;
  private readonly smoothing: number;
  private started = false;

  constructor(o: MetricVoiceOptions, output: Tone.InputNode) {
    const context = o.context;
    const s = o.spec;
    this.smoothing = Math.max(0.02, s.smoothingSeconds);
    this.source =
      s.timbre === 'pink-noise'
        ? new Tone.Noise({ context, type: 'pink' })
        : new Tone.Oscillator({ context, type: s.timbre, frequency: s.pitch.base });
    this.filter = new Tone.Filter({ context, type: 'lowpass', frequency: s.brightness ? s.brightness.min : 20000, rolloff: -12 });
    this.pulseGain = new Tone.Gain({ context, gain: 1 });
    this.roughGain = new Tone.Gain({ context, gain: 1 });
    this.level = new Tone.Gain({ context, gain: 0 });
    this.panner = new Tone.Panner({ context, pan: s.pan });
    // Only voices that use pulse or roughness pay for the LFOs.
    if (s.pulse) {
      this.pulseLfo = new Tone.LFO({ context, frequency: Math.max(0.01, s.pulse.min), min: 0.15, max: 1, type: 'sine' });
      this.pulseLfo.connect(this.pulseGain.gain);
    }
    if (s.roughness) {
      this.roughLfo = new Tone.LFO({ context, frequency: ROUGHNESS_HZ, min: 1, max: 1, type: 'sine' });
      this.roughLfo.connect(this.roughGain.gain);
    }
    this.source.chain(this.filter, this.pulseGain, this.roughGain, this.level, this.panner, output);
  }

  set(p: VoiceParams, time: number): void {
    if (!this.started) {
      this.source.start(time);
      this.pulseLfo?.start(time);
      this.roughLfo?.start(time);
      this.started = true;
      if (this.source instanceof Tone.Oscillator) this.source.frequency.setValueAtTime(p.frequency, time);
      this.level.gain.setValueAtTime(0, time);
      this.level.gain.linearRampToValueAtTime(p.gain, time + 0.5); // fade in, never click
    } else {
      if (this.source instanceof Tone.Oscillator) this.source.frequency.rampTo(p.frequency, this.smoothing, time);
      this.level.gain.rampTo(p.gain, this.smoothing, time);
    }
    if (p.cutoff !== undefined) this.filter.frequency.rampTo(p.cutoff, this.smoothing, time);
    if (p.pulseHz !== undefined && this.pulseLfo) this.pulseLfo.frequency.rampTo(Math.max(0.01, p.pulseHz), this.smoothing, time);
    if (p.roughness !== undefined && this.roughLfo) {
      this.roughLfo.min = 1 - Math.min(1, Math.max(0, p.roughness));
    }
  }

  /** Fades out and frees the nodes; used when the score changes. */
  fadeOutAndDispose(time: number, seconds = 0.08): void {
    this.level.gain.cancelScheduledValues(time);
    this.level.gain.rampTo(0, seconds, time);
    setTimeout(() => this.dispose(), (seconds + 0.1) * 1000);
  }

  dispose(): void {
    this.source.dispose();
    this.filter.dispose();
    this.pulseLfo?.dispose();
    this.roughLfo?.dispose();
    this.pulseGain.dispose();
    this.roughGain.dispose();
    this.level.dispose();
    this.panner.dispose();
  }
}
