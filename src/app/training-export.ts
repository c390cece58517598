// A replay rendered to a WAV file, to attach to a postmortem: the scenario, time-
// compressed by the chosen speed, through the offline renderer (the live pipeline
// and engine on an OfflineContext), so the file sounds as the replay did.
import type { ScriptEvent } from '../audio/offline';
import type { Scenario } from '../domain/scenario';
import type { Score } from '../domain/score/types';
import { downloadBlob } from './download';

/** The offline renderer's own limit. */
export const MAX_RENDER_SECONDS = 600;

export function scriptOf(s: Scenario, speed: number): ScriptEvent[] {
  return s.events.map((e): ScriptEvent => {
    const at = e.at / speed;
    if (e.kind === 'metric') return { at, kind: 'metric', name: e.name, value: e.value };
    return { at, kind: 'alert', name: e.name, severity: e.severity, state: e.state, labels: e.labels, ...(e.id !== undefined && { id: e.id }) };
  });
}

export function renderSeconds(s: Scenario, speed: number): number {
  return s.durationSeconds / speed;
}

/** Renders and downloads; resolves with the file's size and length. Throws a readable Error. */
export async function exportWav(s: Scenario, speed: number, score: Score): Promise<{ bytes: number; seconds: number; filename: string }> {
  const seconds = renderSeconds(s, speed);
  if (seconds > MAX_RENDER_SECONDS) throw new Error(`at ${speed}× this replay lasts ${Math.round(seconds)} s; a file holds at most ${MAX_RENDER_SECONDS} s — choose a higher speed`);
  const { renderOffline, encodeWav } = await import('../audio/offline');
  const out = await renderOffline({ score, script: scriptOf(s, speed), durationSeconds: seconds, seed: 1 });
  const wav = encodeWav(out.channelData, out.sampleRate);
  const filename = `${s.id}-${speed}x.wav`;
  downloadBlob(new Blob([wav], { type: 'audio/wav' }), filename);
  return { bytes: wav.byteLength, seconds, filename };
}
