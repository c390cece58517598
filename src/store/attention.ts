// Snoozes, acknowledgements and quiet hours, persisted in the browser.
import { createStore } from 'zustand/vanilla';
import type { Attention, QuietHours, SnoozeUntil } from '../domain/attention';
import { EMPTY_ATTENTION } from '../domain/attention';

export const attentionStore = createStore<Attention>()(() => EMPTY_ATTENTION);

export function snoozeAlert(id: string, until: SnoozeUntil): void {
  attentionStore.setState((s) => ({ snoozed: { ...s.snoozed, [id]: until } }));
}

export function unsnoozeAlert(id: string): void {
  attentionStore.setState((s) => {
    const { [id]: _, ...rest } = s.snoozed;
    return { snoozed: rest };
  });
}

export function snoozeAll(until: SnoozeUntil | undefined): void {
  attentionStore.setState({ global: until });
}

export function markAcknowledged(id: string): void {
  attentionStore.setState((s) => ({ acked: { ...s.acked, [id]: true } }));
}

export function clearAcknowledged(id: string): void {
  attentionStore.setState((s) => {
    const { [id]: _, ...rest } = s.acked;
    return { acked: rest };
  });
}

export function setQuietHours(q: QuietHours): void {
  attentionStore.setState({ quietHours: q });
}

export function resetAttention(): void {
  attentionStore.setState(EMPTY_ATTENTION, true);
}
