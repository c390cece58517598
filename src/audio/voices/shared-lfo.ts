// One low-frequency oscillator shared by every voice that modulates at the same fixed
// rate (roughness is always 40 Hz): each voice scales it by a depth gain of its own, so
// the audio thread runs one oscillator where it ran one per voice. It runs only while
// some voice uses it.
import * as Tone from 'tone';
import { kRate } from './automation';

/** A sine LFO at `hz` (k-rate: its rate never needs sample accuracy), not yet started. */
export function lfoOscillator(context: Tone.BaseContext, hz: number): OscillatorNode {
  const osc = context.createOscillator();
  osc.frequency.value = hz;
  kRate(osc.frequency);
  return osc;
}

export class SharedLfo {
  private osc?: OscillatorNode;
  private readonly users = new Set<AudioNode>();

  constructor(
    private readonly context: Tone.BaseContext,
    readonly hz: number,
  ) {}

  /** Feeds the oscillator into `depth` (started on first use). */
  connect(depth: AudioNode): void {
    if (!this.osc) {
      this.osc = lfoOscillator(this.context, this.hz);
      this.osc.start();
    }
    this.osc.connect(depth);
    this.users.add(depth);
  }

  /** Lets `depth` go; the oscillator stops with its last user. */
  disconnect(depth: AudioNode): void {
    if (!this.osc || !this.users.delete(depth)) return;
    this.osc.disconnect(depth);
    if (this.users.size > 0) return;
    this.osc.stop();
    this.osc = undefined;
  }

  dispose(): void {
    this.osc?.stop();
    this.osc?.disconnect();
    this.osc = undefined;
    this.users.clear();
  }
}
