// The one live engine, null until audio may run; sources keep flowing meanwhile.
// While a training replay holds the engine, live callers get null: live sounds
// pause (events still land in the live stores) so the two never mix.
import type { AudioEngine } from '../audio/engine';
import type { Pipeline } from './pipeline';

let current: AudioEngine | null = null;
let heldForTraining = false;

/** The engine for live sounds: null until audio may run, and while training holds it. */
export function getEngine(): AudioEngine | null {
  return heldForTraining ? null : current;
}

/** The engine whoever holds it (training, and the console's own metrics). */
export function getAudioEngine(): AudioEngine | null {
  return current;
}

export function setEngine(e: AudioEngine | null): void {
  current = e;
}

export function holdEngineForTraining(held: boolean): void {
  heldForTraining = held;
}

export function isEngineHeldForTraining(): boolean {
  return heldForTraining;
}

/** The pipeline, for actions (acknowledge) that reach past the store. */
let pipeline: Pipeline | null = null;

export function getPipeline(): Pipeline | null {
  return pipeline;
}

export function setPipeline(p: Pipeline | null): void {
  pipeline = p;
}
