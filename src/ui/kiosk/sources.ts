// Where the kiosk's display reads from: the live stores, or a training replay's
// own stores while one is open (never both at once, never mixed).
import type { StoreApi } from 'zustand/vanilla';
import type { AlertsState } from '../../store/alerts';
import { alertsStore } from '../../store/alerts';
import { connectionsStore } from '../../store/connections';
import type { MetricsState } from '../../store/metrics';
import { metricsStore } from '../../store/metrics';
import { soundsStore } from '../../store/sounds';
import { trainingAlertsStore, trainingMetricsStore, trainingStore } from '../../store/training';

export interface DisplaySource {
  readonly training: boolean;
  readonly alerts: StoreApi<AlertsState>;
  readonly metrics: StoreApi<MetricsState>;
  /** A value that changes when a channel sounds (any clock). */
  readonly channelStamp: (channel: string) => number | string | undefined;
  readonly subscribeSounds: (fn: () => void) => () => void;
}

export const LIVE: DisplaySource = {
  training: false,
  alerts: alertsStore,
  metrics: metricsStore,
  // The feed motifs play straight from the dead man's switch, not through the sounds
  // store: a feed going stale or coming back lights the feeds lamp too.
  channelStamp: (ch) => {
    const at = soundsStore.getState().lastByChannel[ch];
    if (ch !== 'system') return at;
    const stale = Object.entries(connectionsStore.getState().sources).filter(([, c]) => c?.stale).map(([id]) => id);
    return `${at ?? ''}|${stale.join(',')}`;
  },
  subscribeSounds: (fn) => {
    const a = soundsStore.subscribe(fn);
    const b = connectionsStore.subscribe(fn);
    return () => {
      a();
      b();
    };
  },
};

export const TRAINING: DisplaySource = {
  training: true,
  alerts: trainingAlertsStore,
  metrics: trainingMetricsStore,
  // Scenario times repeat after a seek; the sequence number never does.
  channelStamp: (ch) => {
    const s = trainingStore.getState();
    return s.lastByChannel[ch] === undefined ? undefined : (s.heard.find((h) => h.channel === ch)?.seq ?? 0);
  },
  subscribeSounds: (fn) => trainingStore.subscribe(fn),
};
