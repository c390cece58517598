// The kiosk's own state: wake lock and watchdog, for the display to show.
import { createStore } from 'zustand/vanilla';
import type { WakeLockStatus } from '../app/wake-lock';
import type { WatchdogState } from '../app/kiosk-watchdog';

export interface KioskState {
  readonly wakeLock: WakeLockStatus;
  readonly wakeDetail?: string;
  readonly watchdog: WatchdogState;
  /** Why the watchdog last reloaded this page, and when (wall ms). */
  readonly lastReload?: { readonly at: number; readonly reason: string };
}

export const kioskStore = createStore<KioskState>()(() => ({ wakeLock: 'off', watchdog: { status: 'ok' } }));

export function setKiosk(patch: Partial<KioskState>): void {
  kioskStore.setState(patch);
}
