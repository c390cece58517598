// Alertmanager's verdict over its API v2: which alerts are silenced or inhibited
// (GET /api/v2/alerts) and the silences themselves (GET /api/v2/silences), so the
// console can say who silenced what until when, and keep silenced alerts quiet
// even before Alertmanager has seen them (their matchers are evaluated locally).
import type { AmApiAlert, AmSilence } from '../domain/prom-api';
import { amAlertsSchema, amSilencesSchema } from '../domain/prom-api';
import type { ConnectionReport, Timers } from './connection';
import { realTimers } from './connection';
import type { FetchFn } from './http-json';
import { getJson, joinUrl } from './http-json';
import type { Source } from './mqtt';
import { startPoller } from './poller';
import { DEFAULT_POLL_INTERVAL_MS } from './prometheus';

export interface AmSnapshot {
  readonly alerts: readonly AmApiAlert[];
  /** Active and pending silences; expired ones are left out. */
  readonly silences: readonly AmSilence[];
}

export interface AlertmanagerSourceOptions {
  readonly baseUrl: string;
  readonly fetch: FetchFn;
  readonly intervalMs?: number;
  readonly timeoutMs?: number;
  readonly onSnapshot: (s: AmSnapshot) => void;
  readonly onState: (r: ConnectionReport) => void;
  readonly onPolled?: (ok: boolean, seconds: number) => void;
  readonly timers?: Timers;
  readonly rng?: () => number;
}

export function startAlertmanagerSource(o: AlertmanagerSourceOptions): Source {
  const poll = async (signal: AbortSignal) => {
    const [alerts, silences] = await Promise.all([
      getJson(o.fetch, joinUrl(o.baseUrl, '/api/v2/alerts'), amAlertsSchema, 'Alertmanager alerts', signal),
      getJson(o.fetch, joinUrl(o.baseUrl, '/api/v2/silences'), amSilencesSchema, 'Alertmanager silences', signal),
    ]);
    return () => o.onSnapshot({ alerts, silences: silences.filter((s) => s.status.state !== 'expired') });
  };
  const poller = startPoller({
    intervalMs: o.intervalMs ?? DEFAULT_POLL_INTERVAL_MS,
    ...(o.timeoutMs !== undefined && { timeoutMs: o.timeoutMs }),
    timers: o.timers ?? realTimers,
    ...(o.rng && { rng: o.rng }),
    poll,
    onState: o.onState,
    ...(o.onPolled && { onPolled: o.onPolled }),
  });
  return { stop: () => poller.stop() };
}
