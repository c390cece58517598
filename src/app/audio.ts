// Starts sound where the browser allows it; otherwise the UI offers one
// "Enable sound" button that calls enableSound() from a user gesture.
import { AudioEngine } from '../audio/engine';
import { createLowLatencyContext, tryResume, watchContext } from '../audio/context';
import type * as Tone from 'tone';
import { setAudioStatus, settingsStore } from '../store/settings';
import { setEngine } from './engine-ref';
import { scoreStore } from '../store/score';
import { applyMixer } from './mixer';
import { installAutomationTrim } from '../audio/automation-trim';

function effectiveVolume(): number {
  return settingsStore.getState().masterVolume * (scoreStore.getState().active?.volume ?? 1);
}

let context: Tone.BaseContext | null = null;
let engine: AudioEngine | null = null;

function ensureEngine(): AudioEngine {
  installAutomationTrim(); // a long-running page must not grow (see the module)
  if (!context) {
    context = createLowLatencyContext();
    watchContext(context, (status, detail) => setAudioStatus(status, detail));
  }
  if (!engine) {
    const e = new AudioEngine({ context, volume: effectiveVolume() });
    engine = e;
    e.setMetricVoices(scoreStore.getState().active?.metrics ?? []);
    setEngine(e);
    // The listener's volume scales the score's own level.
    settingsStore.subscribe((s, prev) => {
      if (s.masterVolume !== prev.masterVolume) e.setVolume(effectiveVolume());
    });
    scoreStore.subscribe((s, prev) => {
      if (s.active !== prev.active) e.setVolume(effectiveVolume());
    });
    applyMixer(e);
  }
  return engine;
}

export async function startAudio(): Promise<void> {
  try {
    const e = ensureEngine();
    const status = await tryResume(e.context);
    setAudioStatus(status, status === 'needs-gesture' ? 'the browser blocks sound until you click' : undefined);
  } catch (err) {
    setAudioStatus('failed', `audio could not start: ${(err as Error).message}`);
  }
}

/** Must run inside a user gesture (click or key press). */
export async function enableSound(): Promise<void> {
  try {
    const e = ensureEngine();
    const status = await tryResume(e.context, 2000);
    setAudioStatus(status === 'needs-gesture' ? 'suspended' : status, status === 'running' ? undefined : 'the browser refused to start audio');
  } catch (err) {
    setAudioStatus('failed', `audio could not start: ${(err as Error).message}`);
  }
}
