// What the first screen does not need to sound (the score editor with the YAML
// parser and zod) loads once the console is up: the audio engine
// has its answer (running, blocked or failed) and no source is still making its first
// connection. Until then those bytes would only compete with the sound path's own.
// START_GRACE_MS bounds the wait, so a broker that never answers holds nothing back.
import { connectionsStore } from '../store/connections';
import { settingsStore } from '../store/settings';

export const START_GRACE_MS = 3000;

function started(): boolean {
  if (settingsStore.getState().audio === 'starting') return false;
  return Object.values(connectionsStore.getState().sources).every((c) => c?.status !== 'connecting');
}

/** Runs at the browser's next idle moment (or soon, where there is no requestIdleCallback). */
function whenIdle(fn: () => void): void {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(fn, { timeout: 500 });
  else setTimeout(fn, 0);
}

let once: Promise<void> | null = null;

/** Resolves once, after start-up (see above), at an idle moment. */
export function afterStartup(): Promise<void> {
  once ??= new Promise<void>((resolve) => {
    const stops: (() => void)[] = [];
    const check = () => {
      if (stops.length === 0 || !started()) return;
      for (const stop of stops.splice(0)) stop();
      whenIdle(resolve);
    };
    const timer = setTimeout(() => {
      for (const stop of stops.splice(0)) stop();
      whenIdle(resolve);
    }, START_GRACE_MS);
    stops.push(settingsStore.subscribe(check), connectionsStore.subscribe(check), () => clearTimeout(timer));
    check();
  });
  return once;
}
