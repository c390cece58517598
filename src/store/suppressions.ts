// Alertmanager's verdict: which alerts it silences or inhibits, and the silences
// themselves. Replaced whole on every successful Alertmanager poll; kept (stale)
// when Alertmanager goes away, so a silence does not lapse because a poll failed.
import { createStore } from 'zustand/vanilla';
import type { AmSilence, SilenceMatcher } from '../domain/prom-api';
import { amAlertId, silenceMatches } from '../domain/prom-api';
import type { AmSnapshot } from '../sources/alertmanager';

export interface SilenceInfo {
  readonly id: string;
  readonly createdBy: string;
  readonly comment: string;
  readonly startsAt: number;
  readonly endsAt: number;
  readonly matchers: readonly SilenceMatcher[];
}

export interface AlertVerdict {
  readonly silencedBy: readonly string[];
  readonly inhibitedBy: readonly string[];
}

export interface SuppressionsState {
  readonly byAlertId: ReadonlyMap<string, AlertVerdict>;
  readonly silences: ReadonlyMap<string, SilenceInfo>;
  /** Wall-clock ms of the last snapshot, 0 before any. */
  readonly updatedAt: number;
}

export const suppressionsStore = createStore<SuppressionsState>()(() => ({ byAlertId: new Map(), silences: new Map(), updatedAt: 0 }));

const time = (s: string) => {
  const t = Date.parse(s);
  return Number.isFinite(t) ? t : 0;
};

function toInfo(s: AmSilence): SilenceInfo {
  return { id: s.id, createdBy: s.createdBy, comment: s.comment, startsAt: time(s.startsAt), endsAt: time(s.endsAt), matchers: s.matchers };
}

export function applyAmSnapshot(snap: AmSnapshot, now = Date.now()): void {
  const byAlertId = new Map<string, AlertVerdict>();
  for (const a of snap.alerts) {
    if (a.status.state !== 'suppressed') continue;
    byAlertId.set(amAlertId(a), { silencedBy: a.status.silencedBy, inhibitedBy: a.status.inhibitedBy });
  }
  const silences = new Map(snap.silences.map((s) => [s.id, toInfo(s)] as const));
  suppressionsStore.setState({ byAlertId, silences, updatedAt: now });
}

export interface Suppression {
  /** Silences in force for this alert: Alertmanager's word, or their matchers here. */
  readonly silences: readonly SilenceInfo[];
  readonly inhibited: boolean;
}

/**
 * Why Alertmanager keeps this alert quiet, or null. `labels` should include alertname,
 * as Alertmanager's own matchers see it.
 */
export function suppressionOf(alertId: string, labels: Readonly<Record<string, string>> | undefined, now = Date.now(), s: SuppressionsState = suppressionsStore.getState()): Suppression | null {
  if (s.updatedAt === 0) return null;
  const verdict = s.byAlertId.get(alertId);
  const found = new Map<string, SilenceInfo>();
  for (const id of verdict?.silencedBy ?? []) {
    const info = s.silences.get(id);
    if (info && info.endsAt > now) found.set(id, info);
  }
  if (labels) {
    for (const info of s.silences.values()) {
      if (info.startsAt <= now && now < info.endsAt && silenceMatches(info, labels)) found.set(info.id, info);
    }
  }
  const inhibited = (verdict?.inhibitedBy.length ?? 0) > 0;
  if (found.size === 0 && !inhibited) {
    // Suppressed by a silence we have no details of (e.g. it was created this instant).
    return verdict && verdict.silencedBy.length > 0 ? { silences: [], inhibited: false } : null;
  }
  return { silences: [...found.values()], inhibited };
}

export function resetSuppressions(): void {
  suppressionsStore.setState({ byAlertId: new Map(), silences: new Map(), updatedAt: 0 }, true);
}
