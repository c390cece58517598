// The URL is the source of truth for shareable views; this is its only codec.
import type { Config } from './config';
import { URL_KEYS } from './config';
import { SCENARIO_ID } from './scenario';
import { withoutCredentials } from './redact';

/** Query parameters the console understands, as a raw layer for resolveConfig. */
export function decodeQuery(search: string): Record<string, string> {
  const params = new URLSearchParams(search);
  const out: Record<string, string> = {};
  for (const key of [...URL_KEYS, 'source', 'kiosk', 'pushInterval', 'pollInterval', 'view', 'instance', 'score', 'preset', 'volume', 'replay', 'speed', 'staleReload'] as const) {
    const v = params.get(key);
    if (v !== null) out[key] = v;
  }
  return out;
}

export type View = 'console' | 'health' | 'training';

export interface ShareableState {
  readonly config: Partial<Config>;
  readonly view?: View;
  /** What a kiosk or a training link plays (see decodePlayback). */
  readonly score?: string;
  readonly preset?: string;
  readonly volume?: number;
  readonly replay?: string;
  readonly speed?: number;
  readonly staleReload?: number;
}

/** Encodes only what differs from defaults, in a stable key order. */
export function encodeQuery(state: ShareableState): string {
  const params = new URLSearchParams();
  for (const key of URL_KEYS) {
    const v = state.config[key];
    // A shared link never carries a password from a configured URL.
    if (v) params.set(key, withoutCredentials(v));
  }
  if (state.config.source === 'demo') params.set('source', 'demo');
  if (state.config.kiosk) params.set('kiosk', '1');
  if (state.config.pushInterval !== undefined) params.set('pushInterval', String(state.config.pushInterval));
  if (state.config.pollInterval !== undefined) params.set('pollInterval', String(state.config.pollInterval));
  // A replay link opens on Training by default, so there console must be said.
  if (state.view && (state.view !== 'console' || state.replay)) params.set('view', state.view);
  if (state.score) params.set('score', state.score);
  if (state.preset) params.set('preset', state.preset);
  if (state.volume !== undefined) params.set('volume', String(state.volume));
  if (state.replay) params.set('replay', state.replay);
  if (state.speed !== undefined) params.set('speed', String(state.speed));
  if (state.staleReload !== undefined) params.set('staleReload', String(state.staleReload));
  const s = params.toString();
  return s ? `?${s}` : '';
}

export function decodeView(search: string): View {
  const params = new URLSearchParams(search);
  const v = params.get('view');
  if (v === 'health' || v === 'training') return v;
  // A replay link opens on Training unless it names another view.
  return v === null && params.has('replay') ? 'training' : 'console';
}

/** The same query with only the view changed: everything else (instance, …) stays as it was. */
export function withView(search: string, view: View): string {
  const params = new URLSearchParams(search);
  if (view === 'console' && !params.has('replay')) params.delete('view');
  else params.set('view', view);
  const s = params.toString();
  return s ? `?${s}` : '';
}

export interface Playback {
  /** Master volume 0..1 (the listener's level; the score's own volume still applies). */
  readonly volume?: number;
  /** A scenario id under public/scenarios/. */
  readonly replay?: string;
  /** Replay speed, 1 to 60. */
  readonly speed?: number;
  /** Kiosk: seconds every feed may be stale before the page reloads (0 = never). */
  readonly staleReload?: number;
  readonly errors: readonly string[];
}

/** volume=, replay=, speed= and staleReload=, checked; a bad value is an error and is left out. */
export function decodePlayback(search: string): Playback {
  const q = decodeQuery(search);
  const errors: string[] = [];
  const num = (key: 'volume' | 'speed' | 'staleReload', min: number, max: number): number | undefined => {
    const raw = q[key];
    if (raw === undefined || raw === '') return undefined;
    const n = Number(raw);
    if (Number.isFinite(n) && n >= min && n <= max) return n;
    errors.push(`${key} must be a number from ${min} to ${max}, not "${raw.slice(0, 40)}"`);
    return undefined;
  };
  const volume = num('volume', 0, 1);
  const speed = num('speed', 1, 60);
  const staleReload = num('staleReload', 0, 86_400);
  let replay: string | undefined;
  if (q.replay !== undefined) {
    if (SCENARIO_ID.test(q.replay)) replay = q.replay;
    else errors.push(`replay must be a scenario id (lower-case letters, digits, dashes), not "${q.replay.slice(0, 40)}"`);
  }
  return { ...(volume !== undefined && { volume }), ...(replay !== undefined && { replay }), ...(speed !== undefined && { speed }), ...(staleReload !== undefined && { staleReload }), errors };
}
