// One reusable earcon voice: a native stereo panner, pooled per channel. Each motif
// it plays is one native oscillator (its waveform, gliding note to note as Tone's
// monophonic Synth did) through one native gain carrying the motif's envelope, both
// made for that motif and let go when it ends: Web Audio sources are one-shot, and
// two plain nodes cost less than any pooled Tone graph (whose signals run forever).
import * as Tone from 'tone';
import type { EarconDesign, Timbre } from '../../domain/score/earcons';
import { earconLength } from '../../domain/score/earcons';
import { monoPanner } from './pan-buses';
import { ParamSchedule, triggerAttack, triggerRelease, type EnvelopeShape } from './automation';

export interface EarconVoiceOptions {
  readonly context: Tone.BaseContext;
}

/** SuperCollider's Env segment shape for curvature c, sampled from 0 to 1 (rising) or 1 to 0. */
export function scCurve(c: number, rising: boolean, points = 64): number[] {
  return Array.from({ length: points }, (_, i) => {
    const x = i / (points - 1);
    const y = Math.abs(c) < 1e-3 ? x : (1 - Math.exp(c * x)) / (1 - Math.exp(c));
    return rising ? y : 1 - y;
  });
}

const shapes = new WeakMap<EarconDesign, EnvelopeShape>();

/** The design's envelope as Tone.Envelope shaped it (a curve, when the design has a curvature). */
export function envelopeShape(design: EarconDesign): EnvelopeShape {
  let s = shapes.get(design);
  if (!s) {
    const { attack, decay, sustain, release, curve } = design.envelope;
    s = curve === undefined ? { attack, decay, sustain, release } : { attack, decay, sustain, release, attackCurve: scCurve(curve, true), releaseCurve: scCurve(curve, false) };
    shapes.set(design, s);
  }
  return s;
}

const waves = new WeakMap<Tone.BaseContext, Map<string, PeriodicWave>>();

/** Sets the oscillator's waveform; partials become a (normalised) PeriodicWave, as Tone made them. */
function setTimbre(context: Tone.BaseContext, osc: OscillatorNode, t: Timbre): void {
  if (t.type !== 'partials') {
    osc.type = t.type;
    return;
  }
  const partials = t.partials ?? [1];
  let byKey = waves.get(context);
  if (!byKey) waves.set(context, (byKey = new Map()));
  const key = partials.join(',');
  let wave = byKey.get(key);
  if (!wave) {
    const imag = new Float32Array(partials.length + 1);
    partials.forEach((p, i) => (imag[i + 1] = p));
    wave = context.createPeriodicWave(new Float32Array(partials.length + 1), imag);
    byKey.set(key, wave);
  }
  osc.setPeriodicWave(wave);
}

interface Motif {
  readonly osc: OscillatorNode;
  readonly env: GainNode;
  readonly schedule: ParamSchedule;
  readonly shape: EnvelopeShape;
}

export class EarconVoice {
  private readonly panner: StereoPannerNode;
  private readonly output: Tone.InputNode;
  /** The panner joins the channel only while the voice sounds: an idle node still costs every quantum. */
  private connected = false;
  private readonly context: Tone.BaseContext;
  private current?: Motif;
  /** Context time when this voice is free again. */
  busyUntil = 0;
  /** Start of the last note scheduled: a voice is only taken over once all its notes have begun. */
  lastNoteAt = -Infinity;

  constructor(options: EarconVoiceOptions, output: Tone.InputNode) {
    this.context = options.context;
    this.panner = monoPanner(this.context);
    this.output = output;
  }

  /** Schedules the motif at context time `time`; returns when it ends. */
  play(design: EarconDesign, time: number, opts: { pan: number; gain: number; transpose: number }): number {
    const sampleTime = 1 / this.context.sampleRate;
    const old = this.current;
    if (old && this.busyUntil > time) {
      // Taken over: that motif releases here, one voice is one sound.
      old.schedule.rewrite(old.env.gain, time, () => triggerRelease(old.schedule, old.shape, time, sampleTime));
      old.osc.stop(Math.max(time, old.schedule.end));
    }
    const osc = this.context.createOscillator();
    const env = this.context.createGain();
    setTimbre(this.context, osc, design.timbre);
    env.gain.value = 0;
    osc.connect(env);
    env.connect(this.panner);
    if (!this.connected) {
      Tone.connect(this.panner, this.output);
      this.connected = true;
    }
    this.panner.pan.setValueAtTime(Math.max(-1, Math.min(1, opts.pan)), time);

    const shape = envelopeShape(design);
    const schedule = new ParamSchedule(0);
    const ratio = 2 ** (opts.transpose / 12) * (design.timbre.baseRatio ?? 1);
    const level = Math.min(1, Math.max(0, design.gain * opts.gain));
    // Note by note as Tone's Synth.triggerAttackRelease: a note that starts while the last
    // still sounds retriggers the envelope from where it is.
    for (const note of design.notes) {
      const at = time + note.at;
      osc.frequency.setValueAtTime(note.freq * ratio, at);
      triggerAttack(schedule, shape, at, note.velocity * level, sampleTime);
      triggerRelease(schedule, shape, at + note.dur, sampleTime);
    }
    schedule.writeTo(env.gain);
    osc.start(time);
    osc.stop(Math.max(time, schedule.end));
    const motif: Motif = { osc, env, schedule, shape };
    osc.onended = () => {
      osc.disconnect();
      env.disconnect();
      if (this.current !== motif) return;
      this.current = undefined;
      this.panner.disconnect();
      this.connected = false;
    };
    this.current = motif;
    this.lastNoteAt = Math.max(this.lastNoteAt, ...design.notes.map((n) => time + n.at));
    this.busyUntil = time + earconLength(design);
    return this.busyUntil;
  }

  dispose(): void {
    if (this.current) {
      try {
        this.current.osc.stop();
      } catch {
        // not started yet, or already stopped: nothing sounds
      }
      this.current.osc.disconnect();
      this.current.env.disconnect();
      this.current = undefined;
    }
    this.panner.disconnect();
  }
}
