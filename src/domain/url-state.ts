// The URL is the source of truth for shareable views; this is its only codec.
import type { Config } from './config';
import { URL_KEYS } from './config';

/** Query parameters the console understands, as a raw layer for resolveConfig. */
export function decodeQuery(search: string): Record<string, string> {
  const params = new URLSearchParams(search);
  const out: Record<string, string> = {};
  for (const key of [...URL_KEYS, 'source', 'kiosk', 'pushInterval', 'pollInterval', 'view', 'instance', 'score', 'preset'] as const) {
    const v = params.get(key);
    if (v !== null) out[key] = v;
  }
  return out;
}

export type View = 'console' | 'health';

export interface ShareableState {
  readonly config: Partial<Config>;
  readonly view?: View;
}

/** Encodes only what differs from defaults, in a stable key order. */
export function encodeQuery(state: ShareableState): string {
  const params = new URLSearchParams();
  for (const key of URL_KEYS) {
    const v = state.config[key];
    if (v) params.set(key, v);
  }
  if (state.config.source === 'demo') params.set('source', 'demo');
  if (state.config.kiosk) params.set('kiosk', '1');
  if (state.config.pushInterval !== undefined) params.set('pushInterval', String(state.config.pushInterval));
  if (state.config.pollInterval !== undefined) params.set('pollInterval', String(state.config.pollInterval));
  if (state.view && state.view !== 'console') params.set('view', state.view);
  const s = params.toString();
  return s ? `?${s}` : '';
}

export function decodeView(search: string): View {
  return new URLSearchParams(search).get('view') === 'health' ? 'health' : 'console';
}

/** The same query with only the view changed: everything else (instance, …) stays as it was. */
export function withView(search: string, view: View): string {
  const params = new URLSearchParams(search);
  if (view === 'console') params.delete('view');
  else params.set('view', view);
  const s = params.toString();
  return s ? `?${s}` : '';
}
