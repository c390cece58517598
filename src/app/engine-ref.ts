// The one live engine, null until audio may run; sources keep flowing meanwhile.
import type { AudioEngine } from '../audio/engine';
import type { Pipeline } from './pipeline';

let current: AudioEngine | null = null;

export function getEngine(): AudioEngine | null {
  return current;
}

export function setEngine(e: AudioEngine | null): void {
  current = e;
}

/** The pipeline, for actions (acknowledge) that reach past the store. */
let pipeline: Pipeline | null = null;

export function getPipeline(): Pipeline | null {
  return pipeline;
}

export function setPipeline(p: Pipeline | null): void {
  pipeline = p;
}
