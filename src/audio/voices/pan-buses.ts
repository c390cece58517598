// Shared stereo panners, one per pan position: voices that sit at the same place in
// the field (a score's metric voices repeat a few positions) mix into one native
// StereoPannerNode instead of each paying for its own every render quantum. Panning
// is linear, so the sum panned once sounds the same as each panned alone.
import * as Tone from 'tone';

/**
 * A stereo panner that takes its input as mono, as Tone.Panner did: equal-power panning
 * of the sound (a stereo noise source is summed first), whatever the context's wrapper
 * would otherwise up-mix to.
 */
export function monoPanner(context: Tone.BaseContext, pan = 0): StereoPannerNode {
  const node = context.createStereoPanner();
  node.channelCount = 1;
  node.channelCountMode = 'explicit';
  node.pan.value = pan;
  return node;
}

export class PanBuses {
  private readonly buses = new Map<number, { node: StereoPannerNode; users: number }>();

  constructor(
    private readonly context: Tone.BaseContext,
    private readonly output: Tone.InputNode,
  ) {}

  /** The panner at `pan` (made on first use); release it when done. */
  acquire(pan: number): StereoPannerNode {
    let bus = this.buses.get(pan);
    if (!bus) {
      const node = monoPanner(this.context, pan);
      Tone.connect(node, this.output);
      this.buses.set(pan, (bus = { node, users: 0 }));
    }
    bus.users++;
    return bus.node;
  }

  release(pan: number): void {
    const bus = this.buses.get(pan);
    if (!bus || --bus.users > 0) return;
    bus.node.disconnect();
    this.buses.delete(pan);
  }

  get size(): number {
    return this.buses.size;
  }

  dispose(): void {
    for (const b of this.buses.values()) b.node.disconnect();
    this.buses.clear();
  }
}
