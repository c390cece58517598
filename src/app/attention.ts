// Connects the attention rules to the live stores, and keeps them in the browser.
import type { Attention } from '../domain/attention';
import { EMPTY_ATTENTION, isQuiet } from '../domain/attention';
import { alertsStore, firingCount } from '../store/alerts';
import { attentionStore, markAcknowledged } from '../store/attention';
import { getPipeline } from './engine-ref';

const KEY = 'singing-pager.attention.v1';

export function isAlertQuiet(alertId: string, now: number): boolean {
  const alert = alertsStore.getState().byId.get(alertId);
  const d = new Date(now);
  return isQuiet(attentionStore.getState(), alert, now, d.getHours() * 60 + d.getMinutes(), firingCount() > 0);
}

/** Stops an alert's repeats and remembers it. */
export function acknowledge(alertId: string): void {
  getPipeline()?.acknowledge(alertId);
  markAcknowledged(alertId);
}

export function loadAttention(storage: Pick<Storage, 'getItem'> = localStorage): void {
  try {
    const raw = storage.getItem(KEY);
    if (!raw) return;
    const data = JSON.parse(raw) as Partial<Attention>;
    if (typeof data !== 'object' || data === null) return;
    attentionStore.setState({
      snoozed: typeof data.snoozed === 'object' && data.snoozed ? data.snoozed : {},
      acked: typeof data.acked === 'object' && data.acked ? data.acked : {},
      quietHours: data.quietHours && typeof data.quietHours.enabled === 'boolean' ? data.quietHours : EMPTY_ATTENTION.quietHours,
      ...(data.global ? { global: data.global } : {}),
    });
  } catch {
    /* a corrupt entry is ignored; defaults apply */
  }
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
