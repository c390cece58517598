// A continuous metric voice: source (oscillator or pink noise) → brightness filter
// → pulse → roughness → level → pan. Every parameter glides (smoothing), so the
// bed never clicks or jumps.
//
// Built from as few native nodes as the spec needs, since each node costs the audio
// thread every render quantum: a modulation is one oscillator into one depth gain on
// a gain's AudioParam, and the level (times the mixer's channel gain) rides on the
// first modulated gain instead of a node of its own. Glides that need no sample
// accuracy (pitch, cutoff, a plain level) run at k-rate, where a biquad computes its
// coefficients once per quantum instead of once per sample.
import * as Tone from 'tone';
import type { MetricVoiceSpec } from '../../domain/score/types';
import type { VoiceParams } from '../../domain/score/metric-mapper';
import { GlidingParam, kRate } from './automation';
import { monoPanner, type PanBuses } from './pan-buses';
import { createPinkNoise } from './pink-noise';
import { lfoOscillator, type SharedLfo } from './shared-lfo';

export interface MetricVoiceOptions {
  readonly context: Tone.BaseContext;
  readonly spec: MetricVoiceSpec;
  /** The mixer's channel gain for this voice (default 1). */
  readonly mix?: number;
  /** Shared panners to join (then `output` is unused); default: a panner of its own. */
  readonly pans?: PanBuses;
  /** A shared ROUGHNESS_HZ oscillator to modulate by; default: an oscillator of its own. */
  readonly roughLfo?: SharedLfo;
}

/** Roughness is amplitude modulation in the 30–70 Hz band, where the ear hears it as rough. */
export const ROUGHNESS_HZ = 40;
/** The pulse swings the level between this and 1. */
const PULSE_FLOOR = 0.15;
const FADE_IN_SECONDS = 0.5;

/** A gain whose value swings around its own by ± the depth gain's, at a sine oscillator's rate. */
interface Stage {
  readonly gain: GainNode;
  readonly depth: GainNode;
  /** Its own oscillator, or none when it joined a shared one. */
  readonly lfo?: OscillatorNode;
  readonly shared?: SharedLfo;
}

function stage(context: Tone.BaseContext, hz: number): Stage & { readonly lfo: OscillatorNode };
function stage(context: Tone.BaseContext, hz: number, shared?: SharedLfo): Stage;
function stage(context: Tone.BaseContext, hz: number, shared?: SharedLfo): Stage {
  const depth = context.createGain();
  const gain = context.createGain();
  kRate(depth.gain);
  depth.gain.value = 0;
  gain.gain.value = 0;
  depth.connect(gain.gain);
  if (shared) {
    shared.connect(depth);
    return { depth, gain, shared };
  }
  const lfo = lfoOscillator(context, hz);
  lfo.connect(depth);
  return { depth, gain, lfo };
}

export class MetricVoice {
  private readonly context: Tone.BaseContext;
  private readonly source: OscillatorNode | AudioBufferSourceNode;
  /** The source when it is an oscillator (it has a pitch). */
  private readonly osc?: OscillatorNode;
  private readonly noiseOffset: number;
  private readonly filter?: BiquadFilterNode;
  private readonly pulse?: Stage & { readonly lfo: OscillatorNode };
  private readonly rough?: Stage;
  /** A plain level gain, only when no modulated stage carries the level. */
  private readonly level?: GainNode;
  /** Its own panner, or the shared one it joined. */
  private readonly panner: StereoPannerNode;
  private readonly pans?: PanBuses;
  private readonly pan: number;
  private readonly smoothing: number;
  /** Last values scheduled: an unchanged value schedules nothing (pitch moves in scale steps). */
  private last: Partial<Record<'frequency' | 'cutoff' | 'pulseHz', number>> = {};
  private readonly gliders = new Map<AudioParam, GlidingParam>();
  private mix: number;
  private gain = 0;
  private roughness = 0;
  private started = false;
  private disposed = false;

  constructor(o: MetricVoiceOptions, output: Tone.InputNode) {
    const context = (this.context = o.context);
    const s = o.spec;
    this.mix = o.mix ?? 1;
    this.smoothing = Math.max(0.02, s.smoothingSeconds);
    if (s.timbre === 'pink-noise') {
      const noise = createPinkNoise(context);
      this.source = noise.node;
      this.noiseOffset = noise.offset;
    } else {
      const osc = context.createOscillator();
      osc.type = s.timbre;
      osc.frequency.value = s.pitch.base;
      kRate(osc.frequency);
      this.source = this.osc = osc;
      this.noiseOffset = 0;
    }
    let chain: AudioNode = this.source;
    const to = (n: AudioNode): void => {
      chain.connect(n);
      chain = n;
    };
    // A voice without brightness is unfiltered (Tone's default low-pass sat at 20 kHz).
    if (s.brightness) {
      this.filter = context.createBiquadFilter();
      this.filter.type = 'lowpass';
      this.filter.Q.value = 1;
      this.filter.frequency.value = s.brightness.min;
      kRate(this.filter.frequency);
      to(this.filter);
    }
    if (s.pulse) to((this.pulse = stage(context, Math.max(0.01, s.pulse.min))).gain);
    if (s.roughness) to((this.rough = stage(context, ROUGHNESS_HZ, o.roughLfo)).gain);
    if (!this.pulse && !this.rough) {
      this.level = context.createGain();
      this.level.gain.value = 0;
      kRate(this.level.gain);
      to(this.level);
    }
    this.pan = s.pan;
    this.pans = o.pans;
    if (this.pans) this.panner = this.pans.acquire(s.pan);
    else {
      this.panner = monoPanner(context, s.pan);
      Tone.connect(this.panner, output);
    }
    chain.connect(this.panner);
  }

  /** The roughness stage swings between 1 − r and 1; it carries the level when nothing before it does. */
  private writeRough(time: number, seconds: number): void {
    if (!this.rough) return;
    // After a pulse stage it only shapes (starting at once: the pulse stage fades in); else it carries the level too.
    const scale = this.pulse ? 1 : this.gain * this.mix;
    const from = this.pulse ? 'now' : 'silence';
    this.ramp(this.rough.gain.gain, scale * (1 - this.roughness / 2), time, seconds, from);
    this.ramp(this.rough.depth.gain, (scale * this.roughness) / 2, time, seconds, from);
  }

  /** Level × mix, on whichever node carries it. */
  private writeLevel(time: number, seconds: number): void {
    const l = this.gain * this.mix;
    if (this.level) this.ramp(this.level.gain, l, time, seconds);
    else if (this.pulse) {
      this.ramp(this.pulse.gain.gain, (l * (1 + PULSE_FLOOR)) / 2, time, seconds);
      this.ramp(this.pulse.depth.gain, (l * (1 - PULSE_FLOOR)) / 2, time, seconds);
    }
    if (!this.pulse) this.writeRough(time, seconds);
  }

  /** Glides to `value`; the first value fades in from silence (never a click), or is set at once. */
  private ramp(param: AudioParam, value: number, time: number, seconds: number, first: 'silence' | 'now' = 'silence'): void {
    const g = this.glider(param);
    if (this.started) g.glide(value, time, seconds);
    else if (first === 'now') g.setAt(value, time);
    else {
      g.setAt(0, time);
      g.glide(value, time, seconds);
    }
  }

  private glider(param: AudioParam): GlidingParam {
    let g = this.gliders.get(param);
    if (!g) this.gliders.set(param, (g = new GlidingParam(param)));
    return g;
  }

  set(p: VoiceParams, time: number): void {
    const first = !this.started;
    const seconds = first ? FADE_IN_SECONDS : this.smoothing;
    if (first) {
      this.source.start(time, this.noiseOffset);
      this.pulse?.lfo.start(time);
      this.rough?.lfo?.start(time);
      if (this.osc) this.glider(this.osc.frequency).setAt(p.frequency, time);
      this.last.frequency = p.frequency;
    } else if (this.osc && this.changed('frequency', p.frequency)) this.glider(this.osc.frequency).glide(p.frequency, time, this.smoothing, true);
    const roughness = p.roughness === undefined ? this.roughness : Math.min(1, Math.max(0, p.roughness));
    const levelChanged = first || p.gain !== this.gain;
    const roughChanged = first || roughness !== this.roughness;
    this.gain = p.gain;
    this.roughness = roughness;
    if (levelChanged || (roughChanged && !this.pulse)) this.writeLevel(time, seconds);
    if (this.pulse && roughChanged) this.writeRough(time, seconds);
    this.started = true;
    if (p.cutoff !== undefined && this.filter && this.changed('cutoff', p.cutoff)) this.glider(this.filter.frequency).glide(p.cutoff, time, this.smoothing, true);
    const pulseHz = Math.max(0.01, p.pulseHz ?? 0);
    if (p.pulseHz !== undefined && this.pulse && this.changed('pulseHz', pulseHz)) this.glider(this.pulse.lfo.frequency).glide(pulseHz, time, this.smoothing, true);
  }

  private changed(k: 'frequency' | 'cutoff' | 'pulseHz', v: number): boolean {
    if (this.last[k] === v) return false;
    this.last[k] = v;
    return true;
  }

  /** The mixer's channel gain for this voice, gliding from now. */
  setMix(mix: number, rampSeconds = 0.05): void {
    this.mix = Math.max(0, mix);
    if (this.started) this.writeLevel(this.context.currentTime, rampSeconds);
  }

  /** Fades out and frees the nodes; used when the score changes. */
  fadeOutAndDispose(time: number, seconds = 0.08): void {
    this.mix = 0;
    if (this.started) this.writeLevel(time, seconds);
    setTimeout(() => this.dispose(), (seconds + 0.1) * 1000);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const src of [this.source, this.pulse?.lfo, this.rough?.lfo]) {
      if (!src) continue;
      if (this.started) src.stop();
      src.disconnect();
    }
    this.rough?.shared?.disconnect(this.rough.depth);
    for (const n of [this.filter, this.pulse?.depth, this.pulse?.gain, this.rough?.depth, this.rough?.gain, this.level]) n?.disconnect();
    if (this.pans) this.pans.release(this.pan);
    else this.panner.disconnect();
  }
}
