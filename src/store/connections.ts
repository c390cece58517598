// Connection state of each source, as its state machine reports it.
import { redactText, redactUrl } from '../domain/redact';
import { createStore } from 'zustand/vanilla';
import type { SourceId } from '../domain/events';
import type { ConnectionStatus } from '../sources/connection';

export interface ConnectionInfo {
  readonly status: ConnectionStatus;
  /** Reconnect attempt count while retrying or down. */
  readonly attempt: number;
  readonly url?: string;
  readonly error?: string;
  /** Wall-clock ms of the last status change. */
  readonly since: number;
  /** Wall-clock ms of the last message or successful poll. */
  readonly lastData?: number;
  /** Not live for too long: what the console shows from it is old (kept, never wiped). */
  readonly stale?: boolean;
}

export interface ConnectionsState {
  readonly sources: Partial<Record<SourceId, ConnectionInfo>>;
}

export const connectionsStore = createStore<ConnectionsState>()(() => ({ sources: {} }));

export function setConnection(source: SourceId, raw: Omit<ConnectionInfo, 'since'> & { since?: number }): void {
  // What the pill shows never carries the password of a URL like wss://user:secret@host.
  const info = { ...raw, ...(raw.url !== undefined && { url: redactUrl(raw.url) }), ...(raw.error !== undefined && { error: redactText(raw.error) }) };
  connectionsStore.setState((s) => ({
    sources: { ...s.sources, [source]: { ...info, since: info.since ?? Date.now(), lastData: s.sources[source]?.lastData, stale: s.sources[source]?.stale } },
  }));
}

export function setStale(source: SourceId, stale: boolean): void {
  const current = connectionsStore.getState().sources[source];
  if (!current || Boolean(current.stale) === stale) return;
  connectionsStore.setState((s) => ({ sources: { ...s.sources, [source]: { ...current, stale } } }));
}

export function markData(source: SourceId, at = Date.now()): void {
  const current = connectionsStore.getState().sources[source];
  if (!current) return;
  // Only touch the store once a second; this runs on the hot message path.
  if (current.lastData !== undefined && at - current.lastData < 1000) return;
  connectionsStore.setState((s) => ({ sources: { ...s.sources, [source]: { ...current, lastData: at } } }));
}

export function resetConnections(): void {
  connectionsStore.setState({ sources: {} }, true);
}
