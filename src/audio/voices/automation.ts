// A JS mirror of one native AudioParam's schedule, and Tone.js's envelope shapes on
// top of it. The voices schedule native AudioParams directly (cheap on both threads),
// but an envelope must know its own value at a time (a retriggered attack starts from
// it, a release scales from it) — so the few events of one sound are kept here too,
// evaluated with Web Audio's formulas, and written to the param once.

/**
 * Computes the param once per render quantum instead of once per sample, for values
 * that only step or glide slowly. standardized-audio-context's params lack the
 * property: those stay a-rate.
 */
export function kRate(param: AudioParam): void {
  if ('automationRate' in param) param.automationRate = 'k-rate';
}

/** Web Audio renders in quanta of 128 frames; a k-rate param takes its value at each one's start. */
export const RENDER_QUANTUM = 128;

/** The start of the render quantum that holds context time `t`: a k-rate step set here applies from `t` on. */
export function quantumStart(t: number, sampleRate: number): number {
  return (Math.floor((t * sampleRate) / RENDER_QUANTUM) * RENDER_QUANTUM) / sampleRate;
}

export type ParamEvent =
  | { readonly kind: 'set'; readonly t: number; readonly v: number }
  | { readonly kind: 'ramp'; readonly t: number; readonly v: number }
  | { readonly kind: 'exp'; readonly t: number; readonly v: number }
  | { readonly kind: 'target'; readonly t: number; readonly v: number; readonly tau: number };

export class ParamSchedule {
  readonly events: ParamEvent[] = [];

  constructor(private readonly initial = 0) {}

  /** The value at time t (Web Audio semantics for setValue, linearRamp and setTarget). */
  valueAt(t: number): number {
    let curT = 0;
    let curV = this.initial;
    let target: Extract<ParamEvent, { kind: 'target' }> | undefined;
    const at = (x: number) => (target ? target.v + (curV - target.v) * Math.exp(-(x - curT) / target.tau) : curV);
    for (const e of this.events) {
      if (e.t > t) {
        // A ramp in progress runs from the previous event (never a setTarget: a hold comes between).
        if (e.kind === 'ramp' && !target) return curV + ((e.v - curV) * (t - curT)) / (e.t - curT);
        if (e.kind === 'exp' && !target) return curV * e.v > 0 ? curV * (e.v / curV) ** ((t - curT) / (e.t - curT)) : curV;
        return at(t);
      }
      const v0 = e.kind === 'target' ? at(e.t) : e.v;
      target = e.kind === 'target' ? e : undefined;
      curT = e.t;
      curV = v0;
    }
    return at(t);
  }

  /** The time of the last event (−∞ when none). */
  get end(): number {
    return this.events.at(-1)?.t ?? -Infinity;
  }

  add(e: ParamEvent): void {
    let i = this.events.length;
    while (i > 0 && this.events[i - 1]!.t > e.t) i--;
    this.events.splice(i, 0, e);
  }

  /**
   * cancelAndHoldAtTime: drops what is scheduled from t on and holds the value there (a
   * ramp that spans t is cut at t). Returns the index of the first event that changed.
   */
  holdAt(t: number): number {
    const v = this.valueAt(t);
    let i = this.events.findIndex((e) => e.t >= t);
    if (i < 0) i = this.events.length;
    const spanning = this.events[i];
    this.events.length = i;
    const prev = this.events[i - 1];
    if ((spanning?.kind === 'ramp' || spanning?.kind === 'exp') && prev && prev.kind !== 'target') this.events.push({ kind: spanning.kind, t, v });
    else this.events.push({ kind: 'set', t, v });
    return i;
  }

  /**
   * Changes what is scheduled from `time` on (`change` edits this schedule), and the
   * native param to match: its events from `time` on are cancelled and written anew.
   */
  rewrite(param: AudioParam, time: number, change: () => void): void {
    let keep = this.events.findIndex((e) => e.t >= time);
    if (keep < 0) keep = this.events.length;
    change();
    param.cancelScheduledValues(time);
    this.writeTo(param, Math.min(keep, this.events.length));
  }

  /** Forgets what lies before `time` (its value there is kept): the mirror is not asked about the past. */
  forgetBefore(time: number): void {
    const v = this.valueAt(time);
    const later = this.events.filter((e) => e.t > time);
    this.events.length = 0;
    this.events.push({ kind: 'set', t: time, v }, ...later);
  }

  /** Writes events[from…] to a native param (after cancelScheduledValues when rewriting). */
  writeTo(param: AudioParam, from = 0): void {
    for (let i = from; i < this.events.length; i++) {
      const e = this.events[i]!;
      if (e.kind === 'set') param.setValueAtTime(e.v, e.t);
      else if (e.kind === 'ramp') param.linearRampToValueAtTime(e.v, e.t);
      else if (e.kind === 'exp') param.exponentialRampToValueAtTime(e.v, e.t);
      else param.setTargetAtTime(e.v, e.t, e.tau);
    }
  }
}

/**
 * A continuously automated param (a metric voice's pitch, level, cutoff…) that glides
 * from wherever it is. A native cancelAndHoldAtTime inserts no value when nothing is
 * scheduled after the hold, so a ramp would start from the last event instead (Tone's
 * rampTo sets the value there itself): the value is known from the mirror. Only what
 * lies after the latest change is kept, so the mirror stays a few events long.
 */
export class GlidingParam {
  private readonly s: ParamSchedule;

  constructor(private readonly param: AudioParam) {
    this.s = new ParamSchedule(param.value);
  }

  /** The mirror knows nothing before its first event: a change asked for earlier waits for it. */
  private from(time: number): number {
    return Math.max(time, this.s.events[0]?.t ?? -Infinity);
  }

  /** Jumps to `value` at `time`, dropping what was scheduled after it. */
  setAt(value: number, at: number): void {
    const time = this.from(at);
    this.s.rewrite(this.param, time, () => {
      this.s.holdAt(time);
      this.s.add({ kind: 'set', t: time, v: value });
    });
    this.s.forgetBefore(time);
  }

  /** Glides from its value at `time` to `value` over `seconds` (exponentially for frequencies). */
  glide(value: number, at: number, seconds: number, exponential = false): void {
    const time = this.from(at);
    this.s.rewrite(this.param, time, () => {
      this.s.holdAt(time);
      this.s.add({ kind: exponential ? 'exp' : 'ramp', t: time + seconds, v: value });
    });
    this.s.forgetBefore(time);
  }
}

/** An ADSR as Tone.Envelope plays it: linear attack (or a curve), exponential decay and release (or a curve). */
export interface EnvelopeShape {
  readonly attack: number;
  readonly decay: number;
  readonly sustain: number;
  readonly release: number;
  /** Values from 0 to 1 (attack) and 1 to 0 (release), played as linear segments. */
  readonly attackCurve?: readonly number[];
  readonly releaseCurve?: readonly number[];
}

/** Tone's exponentialApproachValueAtTime: a setTarget whose last 10 % is a linear ramp onto the value. */
function approach(s: ParamSchedule, value: number, time: number, rampTime: number): void {
  s.add({ kind: 'target', t: time, v: value, tau: Math.log(rampTime + 1) / Math.log(200) });
  s.holdAt(time + rampTime * 0.9);
  s.add({ kind: 'ramp', t: time + rampTime, v: value });
}

function curve(s: ParamSchedule, values: readonly number[], time: number, duration: number, scale: number): void {
  s.add({ kind: 'set', t: time, v: values[0]! * scale });
  const seg = duration / (values.length - 1);
  for (let i = 1; i < values.length; i++) s.add({ kind: 'ramp', t: time + i * seg, v: values[i]! * scale });
}

/** Tone.Envelope.triggerAttack: from the value at `time` up to velocity, then the decay to sustain. */
export function triggerAttack(s: ParamSchedule, env: EnvelopeShape, time: number, velocity: number, sampleTime: number): void {
  const current = s.valueAt(time);
  // Tone shortens a retriggered attack by the distance already covered.
  const attack = current > 0 ? (1 - current) * env.attack : env.attack;
  s.holdAt(time);
  if (attack < sampleTime) s.add({ kind: 'set', t: time, v: velocity });
  else if (!env.attackCurve) s.add({ kind: 'ramp', t: time + attack, v: velocity });
  else {
    let c = [...env.attackCurve];
    for (let i = 1; i < c.length; i++) {
      if (c[i - 1]! <= current && current <= c[i]!) {
        c = c.slice(i);
        c[0] = current;
        break;
      }
    }
    curve(s, c, time, attack, velocity);
  }
  if (env.decay && env.sustain < 1) approach(s, velocity * env.sustain, time + attack, env.decay);
}

/** Tone.Envelope.triggerRelease: from the value at `time` down to 0. */
export function triggerRelease(s: ParamSchedule, env: EnvelopeShape, time: number, sampleTime: number): void {
  const current = s.valueAt(time);
  if (!(current > 0)) return;
  s.holdAt(time);
  if (env.release < sampleTime) s.add({ kind: 'set', t: time, v: 0 });
  else if (env.releaseCurve) curve(s, env.releaseCurve, time, env.release, current);
  else approach(s, 0, time, env.release);
}
