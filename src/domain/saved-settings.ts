// What the browser kept (localStorage) is input like any other: it may be from an
// older version, hand-edited or corrupt. These decoders never throw; what they cannot
// use they drop, and say why. A bad snooze must never silence alerts.
import type { Attention, QuietHours, SnoozeUntil } from './attention';
import { EMPTY_ATTENTION, parseHHMM } from './attention';
import type { ChannelSetting, MixerSettings } from './mixer';

/** Ids are alert ids or channel names: bounded, and never a prototype key. */
const MAX_ENTRIES = 5000;
const HOSTILE = new Set(['__proto__', 'constructor', 'prototype']);
const okKey = (k: string) => k.length > 0 && k.length <= 1024 && !HOSTILE.has(k);

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function parseJson(raw: string | null, what: string): { data?: unknown; error?: string } {
  if (raw === null || raw === '') return {};
  try {
    return { data: JSON.parse(raw) };
  } catch {
    return { error: `saved ${what} are not valid JSON; defaults apply` };
  }
}

function snooze(v: unknown): SnoozeUntil | null {
  if (!isRecord(v)) return null;
  if (v.kind === 'resolved') return { kind: 'resolved' };
  if (v.kind === 'time' && typeof v.until === 'number' && Number.isFinite(v.until)) return { kind: 'time', until: v.until };
  return null;
}

function quietHours(v: unknown): QuietHours | null {
  if (!isRecord(v) || typeof v.enabled !== 'boolean' || typeof v.start !== 'string' || typeof v.end !== 'string') return null;
  if (parseHHMM(v.start) === null || parseHHMM(v.end) === null) return null;
  return { enabled: v.enabled, start: v.start, end: v.end };
}

export function parseSavedAttention(raw: string | null): { attention: Attention; error?: string } {
  const { data, error } = parseJson(raw, 'attention settings');
  if (error) return { attention: EMPTY_ATTENTION, error };
  if (data === undefined) return { attention: EMPTY_ATTENTION };
  if (!isRecord(data)) return { attention: EMPTY_ATTENTION, error: 'saved attention settings are not an object; defaults apply' };
  const dropped: string[] = [];
  const snoozed: Record<string, SnoozeUntil> = {};
  const acked: Record<string, true> = {};
  if (isRecord(data.snoozed)) {
    for (const [id, v] of Object.entries(data.snoozed).slice(0, MAX_ENTRIES)) {
      const s = snooze(v);
      if (s && okKey(id)) snoozed[id] = s;
      else dropped.push('a snooze');
    }
  } else if (data.snoozed !== undefined) dropped.push('snoozes');
  if (isRecord(data.acked)) {
    for (const [id, v] of Object.entries(data.acked).slice(0, MAX_ENTRIES)) {
      if (v === true && okKey(id)) acked[id] = true;
      else dropped.push('an acknowledgement');
    }
  } else if (data.acked !== undefined) dropped.push('acknowledgements');
  const q = data.quietHours === undefined ? EMPTY_ATTENTION.quietHours : quietHours(data.quietHours);
  if (!q) dropped.push('quiet hours');
  const global = data.global === undefined || data.global === null ? null : snooze(data.global);
  if (data.global !== undefined && data.global !== null && !global) dropped.push('the global snooze');
  const attention: Attention = { snoozed, acked, quietHours: q ?? EMPTY_ATTENTION.quietHours, ...(global && { global }) };
  const reasons = [...new Set(dropped)];
  return reasons.length ? { attention, error: `saved attention settings: ignored ${reasons.join(', ')} (malformed)` } : { attention };
}

export function parseSavedMixer(raw: string | null): { channels: MixerSettings; error?: string } {
  const { data, error } = parseJson(raw, 'mixer settings');
  if (error) return { channels: {}, error };
  if (data === undefined || data === null) return { channels: {} };
  if (!isRecord(data)) return { channels: {}, error: 'saved mixer settings are not an object; defaults apply' };
  const channels: Record<string, ChannelSetting> = {};
  let dropped = 0;
  for (const [id, v] of Object.entries(data).slice(0, 256)) {
    if (okKey(id) && id.length <= 64 && isRecord(v) && typeof v.gain === 'number' && Number.isFinite(v.gain)) {
      channels[id] = { gain: Math.min(2, Math.max(0, v.gain)), muted: v.muted === true, solo: v.solo === true };
    } else dropped++;
  }
  return dropped ? { channels, error: `saved mixer settings: ignored ${dropped} malformed channel${dropped === 1 ? '' : 's'}` } : { channels };
}
