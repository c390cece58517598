// Connects the attention rules to the live stores, and keeps them in the browser.
import type { AlertEvent } from '../domain/events';
import { isQuiet, pruneAttention } from '../domain/attention';
import { alertsStore, firingCount } from '../store/alerts';
import { attentionStore, markAcknowledged } from '../store/attention';
import { suppressionOf } from '../store/suppressions';
import { getPipeline } from './engine-ref';
import { parseSavedAttention } from '../domain/saved-settings';

const KEY = 'singing-pager.attention.v1';

export function isAlertQuiet(alertId: string, now: number, event?: AlertEvent): boolean {
  // The store is written in batches: an alert first heard this instant is known by its event.
  const stored = alertsStore.getState().byId.get(alertId);
  const alert = event ? { ...stored, id: alertId, name: event.name, severity: event.severity, state: event.state, labels: { ...stored?.labels, ...event.labels } } : stored;
  const d = new Date(now);
  // Alertmanager's silences and inhibitions hold whatever source the alert came from.
  if (alert && suppressionOf(alertId, { alertname: alert.name, ...alert.labels }, now)) return true;
  // Lazily: isQuiet runs for every sound, and counting what fires is a pass over every alert.
  return isQuiet(attentionStore.getState(), alert, now, d.getHours() * 60 + d.getMinutes(), () => firingCount() > 0);
}

/** Stops an alert's repeats and remembers it. */
export function acknowledge(alertId: string): void {
  getPipeline()?.acknowledge(alertId);
  markAcknowledged(alertId);
}

/** Loads what was kept; returns why anything was ignored (a corrupt entry never silences alerts). */
export function loadAttention(storage: Pick<Storage, 'getItem'> = localStorage): string | undefined {
  let raw: string | null = null;
  try {
    raw = storage.getItem(KEY);
  } catch {
    return 'attention settings cannot be read (storage blocked)';
  }
  const { attention, error } = parseSavedAttention(raw);
  if (raw) attentionStore.setState(attention);
  return error;
}

export function persistAttention(storage: Pick<Storage, 'setItem'> = localStorage): () => void {
  return attentionStore.subscribe((s) => {
    try {
      storage.setItem(KEY, JSON.stringify(s));
    } catch {
      /* storage full or blocked: the settings still hold for this session */
    }
  });
}

function firingIds(): Set<string> {
  const ids = new Set<string>();
  for (const a of alertsStore.getState().byId.values()) if (a.state === 'firing') ids.add(a.id);
  return ids;
}

/** Drops snoozes and acknowledgements that no longer hold. */
export function pruneNow(now = Date.now()): void {
  const a = attentionStore.getState();
  const next = pruneAttention(a, now, firingIds());
  const size = (x: typeof a) => Object.keys(x.snoozed).length + Object.keys(x.acked).length + (x.global ? 1 : 0);
  if (size(next) !== size(a)) attentionStore.setState(next, true);
}

/**
 * "Until resolved" ends when the alert resolves, so a later firing is heard; the
 * rest (expired times, alerts gone) is pruned once a minute. Cheap per batch: only
 * the ids held are looked up.
 */
export function startAttentionUpkeep(everyMs = 60_000): () => void {
  const unsub = alertsStore.subscribe((s) => {
    const a = attentionStore.getState();
    // Not yet seen is not ended: after a reload the alerts arrive again.
    const ended = (id: string) => s.byId.get(id)?.state === 'resolved';
    const stale =
      Object.entries(a.snoozed).some(([id, z]) => z.kind === 'resolved' && ended(id)) ||
      Object.keys(a.acked).some(ended) ||
      (a.global?.kind === 'resolved' && firingCount(s) === 0);
    if (stale) pruneNow();
  });
  const id = setInterval(() => pruneNow(), everyMs);
  return () => {
    unsub();
    clearInterval(id);
  };
}
