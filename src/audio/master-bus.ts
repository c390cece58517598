// Everything the console plays passes through here: volume → limiter → a hard
// ceiling at −1 dBFS, so no burst can ever clip the output.
import * as Tone from 'tone';

export const CEILING_DBFS = -1;
const CEILING = 10 ** (CEILING_DBFS / 20);

export interface MasterBusOptions {
  readonly context: Tone.BaseContext;
  readonly volume: number;
  /** Where the limiter starts to act; the ceiling catches what it lets through. */
  readonly limiterThresholdDb: number;
}

export const MASTER_BUS_DEFAULTS: Omit<MasterBusOptions, 'context'> = { volume: 0.8, limiterThresholdDb: -6 };

/** A smooth saturating curve that never exceeds CEILING, linear for small signals. */
function ceilingCurve(x: number): number {
  return CEILING * Math.tanh(x / CEILING);
}

export class MasterBus {
  /** Voices connect here. */
  readonly input: Tone.Gain;
  private readonly limiter: Tone.Limiter;
  private readonly ceiling: Tone.WaveShaper;

  constructor(options: Partial<MasterBusOptions> & Pick<MasterBusOptions, 'context'>) {
    const o = { ...MASTER_BUS_DEFAULTS, ...options };
    this.input = new Tone.Gain({ context: o.context, gain: o.volume });
    this.limiter = new Tone.Limiter({ context: o.context, threshold: o.limiterThresholdDb });
    this.ceiling = new Tone.WaveShaper({ context: o.context, mapping: ceilingCurve, length: 4096 });
    this.input.chain(this.limiter, this.ceiling, o.context.destination);
  }

  setVolume(v: number, rampSeconds = 0.05): void {
    this.input.gain.rampTo(Math.min(1, Math.max(0, v)), rampSeconds);
  }

  dispose(): void {
    this.input.dispose();
    this.limiter.dispose();
    this.ceiling.dispose();
  }
}
