// What boot starts for the kiosk and training modes, kept out of boot.ts: URL
// playback parameters (volume=, replay=, speed=), the tab badge, saved quiz
// results, kiosk upkeep, and a replay deep link (?replay=<id>&speed=<n>).
import type { Config } from '../domain/config';
import type { Playback } from '../domain/url-state';
import { decodePlayback } from '../domain/url-state';
import { setMasterVolume, settingsStore } from '../store/settings';
import { startKiosk } from './kiosk';
import { startTabBadge } from './tab-badge';
import { loadResults, loadScenario, playTraining, reportTrainingError, startTraining } from './training-control';

/** Reads the playback parameters; volume= wins over the saved volume (a kiosk's URL is its whole configuration). */
export function applyPlayback(search: string): Playback {
  const p = decodePlayback(search);
  if (p.volume !== undefined) setMasterVolume(p.volume);
  if (p.errors.length) {
    settingsStore.setState((s) => ({ configErrors: [...s.configErrors, ...p.errors.map((message) => ({ layer: 'url' as const, key: message.split(' ')[0]!, message }))] }));
  }
  return p;
}

/** Runs once audio has started (or been refused). */
export async function startModes(config: Config, p: Playback): Promise<void> {
  startTabBadge();
  loadResults();
  if (config.kiosk) startKiosk(p);
  if (p.replay) await startReplayFromUrl(p.replay, p.speed ?? 1);
}

async function startReplayFromUrl(id: string, speed: number): Promise<void> {
  try {
    startTraining(await loadScenario(id), { speed });
  } catch (err) {
    reportTrainingError(`replay=${id}: ${(err as Error).message}`);
    return;
  }
  // Where autoplay is blocked the replay waits, ready, for the first click on Play.
  if (settingsStore.getState().audio === 'running') return void playTraining();
  const unsub = settingsStore.subscribe((s) => {
    if (s.audio !== 'running') return;
    unsub();
    void playTraining();
  });
}
