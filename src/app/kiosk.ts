// Kiosk mode (?kiosk=1): a display nobody tends. The screen stays on, the audio
// context is resumed whenever the browser suspends it (and the display says how to
// fix it when it cannot), and a watchdog reloads the page when the console stalls
// or every feed has been stale too long. boot.ts starts it once audio has started.
import { tryResume } from '../audio/context';
import type { Playback } from '../domain/url-state';
import { realTimers } from '../sources/connection';
import { connectionsStore } from '../store/connections';
import { setKiosk } from '../store/kiosk';
import { setAudioStatus } from '../store/settings';
import { soundUiStore } from '../ui/sound/ui-state';
import { getAudioEngine } from './engine-ref';
import { installKioskProbe } from './kiosk-probe';
import { startResumer } from './kiosk-resume';
import { WATCHDOG_DEFAULTS, editingNow, startWatchdog } from './kiosk-watchdog';
import type { WakeLockNavigator } from './wake-lock';
import { keepScreenOn } from './wake-lock';

const RELOAD_KEY = 'singing-pager.kiosk.reload.v1';
let beatAt = Date.now();
let started = false;

/** The UI's heartbeat: the kiosk display calls it every second while it renders. */
export function kioskBeat(): void {
  beatAt = Date.now();
}

function rawState(): string | null {
  const e = getAudioEngine();
  return e ? (e.context.rawContext as unknown as { state: string }).state : null;
}

/** Every configured feed is stale (the demo never is; no feeds, never). */
export function allFeedsStale(): boolean {
  const live = Object.entries(connectionsStore.getState().sources).filter(([id]) => id !== 'demo' && id !== 'replay');
  return live.length > 0 && live.every(([, info]) => info?.stale === true);
}

export function startKiosk(playback: Playback): void {
  if (started) return;
  started = true;
  try {
    const last = sessionStorage.getItem(RELOAD_KEY);
    if (last) setKiosk({ lastReload: JSON.parse(last) as { at: number; reason: string } });
  } catch {
    /* nothing kept */
  }
  keepScreenOn(navigator as unknown as WakeLockNavigator, document, (wakeLock, wakeDetail) => setKiosk({ wakeLock, wakeDetail }));

  const resumer = startResumer({
    timers: realTimers,
    state: rawState,
    resume: () => {
      const e = getAudioEngine();
      return e ? tryResume(e.context) : Promise.resolve('failed' as const);
    },
    report: (status, detail) => setAudioStatus(status === 'needs-gesture' ? 'needs-gesture' : status, detail),
  });
  const raw = getAudioEngine()?.context.rawContext as unknown as BaseAudioContext | undefined;
  raw?.addEventListener('statechange', () => void resumer.check());
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') beatAt = Date.now();
    void resumer.check();
  });
  void resumer.check();

  startWatchdog({
    timers: realTimers,
    staleReloadMs: (playback.staleReload ?? WATCHDOG_DEFAULTS.staleReloadMs / 1000) * 1000,
    // A hidden page renders nothing and its timers are throttled: that is not a stall.
    lastBeat: () => (document.visibilityState === 'visible' ? beatAt : Date.now()),
    audioTime: () => (rawState() === 'running' ? (getAudioEngine()?.context.rawContext.currentTime ?? null) : null),
    feedsStale: allFeedsStale,
    isEditing: () => editingNow() || soundUiStore.getState().editorOpen,
    reload: (reason) => {
      try {
        sessionStorage.setItem(RELOAD_KEY, JSON.stringify({ at: Date.now(), reason }));
      } catch {
        /* the reload matters more than the note */
      }
      location.reload();
    },
    onState: (watchdog) => setKiosk({ watchdog }),
  });
  installKioskProbe();
}
