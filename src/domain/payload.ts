// Turns one MQTT message into normalised events, or a rejection with a reason.
// It never throws: hostile input must not reach mqtt.js or stop later messages.
import type { z } from 'zod';
import type { AlertEvent, ParseResult, RejectReason, SourceId, TelemetryEvent } from './events';
import { amFingerprint } from './fingerprint';
import { alertIdentity } from './identity';
import { bridgeAlertSchema, flatAlertSchema, metricSchema, webhookSchema } from './schemas';
import type { AmAlert, FlatAlert } from './schemas';

/** Alerts are small; anything bigger is a mistake or an attack. See mosquitto.conf. */
export const MAX_PAYLOAD_BYTES = 64 * 1024;
const MAX_DEPTH = 32;
const HOSTILE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

export interface MessageContext {
  readonly topic: string;
  readonly receivedAt: number;
  readonly source: SourceId;
}

const decoder = new TextDecoder('utf-8', { fatal: false });

export function parseMessage(payload: string | Uint8Array, ctx: MessageContext): ParseResult {
  try {
    return parseUnsafe(payload, ctx);
  } catch (err) {
    // Defence in depth: any bug below becomes a counted rejection, not a crash.
    return reject('invalid_shape', `unexpected: ${String(err).slice(0, 200)}`, ctx.topic);
  }
}

function parseUnsafe(payload: string | Uint8Array, ctx: MessageContext): ParseResult {
  const size = typeof payload === 'string' ? utf8Length(payload) : payload.byteLength;
  if (size > MAX_PAYLOAD_BYTES) {
    return reject('too_large', `payload is ${size} bytes; the cap is ${MAX_PAYLOAD_BYTES}`, ctx.topic);
  }
  const segments = ctx.topic.split('/');
  const root = segments[0];
  if ((root !== 'alerts' && root !== 'metrics') || segments.length < 2 || segments.some((s) => s === '')) {
    return reject('unknown_topic', `topic "${ctx.topic.slice(0, 200)}" is not alerts/… or metrics/…`, ctx.topic);
  }
  const textPayload = typeof payload === 'string' ? payload : decoder.decode(payload);
  let data: unknown;
  try {
    data = JSON.parse(textPayload);
  } catch (err) {
    return reject('not_json', `not JSON: ${(err as Error).message.slice(0, 120)}`, ctx.topic);
  }
  const structural = checkStructure(data, 0);
  if (structural) return reject(structural.reason, structural.detail, ctx.topic);

  const last = segments[segments.length - 1] ?? '';
  // metrics/db-1/cpu and metrics/db-2/cpu are two voices, so the name is the whole rest.
  return root === 'metrics' ? parseMetric(data, segments.slice(1).join('/'), ctx) : parseAlerts(data, last, ctx);
}

/** UTF-8 bytes of a string: the cap is in bytes, and .length counts UTF-16 units (up to 3 bytes each). */
function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 4; // a surrogate pair is one 4-byte code point
      i++;
    } else n += 3;
  }
  return n;
}

function checkStructure(value: unknown, depth: number): { reason: RejectReason; detail: string } | null {
  if (depth > MAX_DEPTH) return { reason: 'too_deep', detail: `nested deeper than ${MAX_DEPTH}` };
  if (typeof value === 'number' && !Number.isFinite(value)) {
    return { reason: 'non_finite', detail: 'a number is not finite' };
  }
  if (value === null || typeof value !== 'object') return null;
  if (Array.isArray(value)) {
    for (const item of value) {
      const bad = checkStructure(item, depth + 1);
      if (bad) return bad;
    }
    return null;
  }
  for (const key of Object.keys(value)) {
    if (HOSTILE_KEYS.has(key)) return { reason: 'hostile_key', detail: `key "${key}" is not allowed` };
    const bad = checkStructure((value as Record<string, unknown>)[key], depth + 1);
    if (bad) return bad;
  }
  return null;
}

function parseMetric(data: unknown, name: string, ctx: MessageContext): ParseResult {
  const parsed = metricSchema.safeParse(data);
  if (!parsed.success) return reject('invalid_shape', describe(parsed.error, 'metric'), ctx.topic);
  const body = parsed.data;
  const value = typeof body === 'number' ? body : body.value;
  const sentAt = typeof body === 'number' ? undefined : toEpochMs(body.timestamp);
  return ok([{ kind: 'metric', name, value, source: ctx.source, receivedAt: ctx.receivedAt, ...(sentAt !== undefined && { sentAt }) }]);
}

function parseAlerts(data: unknown, topicSeverity: string, ctx: MessageContext): ParseResult {
  if (isObject(data) && 'alerts' in data) {
    const parsed = webhookSchema.safeParse(data);
    if (!parsed.success) return reject('invalid_shape', describe(parsed.error, 'webhook'), ctx.topic);
    return ok(parsed.data.alerts.map((a) => fromAmAlert(a, undefined, topicSeverity, ctx, undefined)));
  }
  if (isObject(data) && 'alert' in data) {
    const parsed = bridgeAlertSchema.safeParse(data);
    if (!parsed.success) return reject('invalid_shape', describe(parsed.error, 'bridge alert'), ctx.topic);
    const { alert, value, timestamp } = parsed.data;
    return ok([fromAmAlert(alert, toNumber(value), topicSeverity, ctx, toEpochMs(timestamp))]);
  }
  const parsed = flatAlertSchema.safeParse(data);
  if (!parsed.success) return reject('invalid_shape', describe(parsed.error, 'alert'), ctx.topic);
  return ok([fromFlat(parsed.data, topicSeverity, ctx)]);
}

function fromFlat(a: FlatAlert, topicSeverity: string, ctx: MessageContext): AlertEvent {
  const labels = a.labels ?? {};
  const value = toNumber(a.value);
  const sentAt = toEpochMs(a.timestamp);
  return {
    kind: 'alert',
    id: alertIdentity(a.name, labels, a.id),
    name: a.name,
    severity: (a.severity ?? topicSeverity).toLowerCase().slice(0, 32),
    state: a.state ?? 'firing',
    labels,
    annotations: a.annotations ?? {},
    source: ctx.source,
    receivedAt: ctx.receivedAt,
    ...(value !== undefined && { value }),
    ...(sentAt !== undefined && { sentAt }),
  };
}

export function fromAmAlert(
  a: AmAlert,
  value: number | undefined,
  topicSeverity: string,
  ctx: Pick<MessageContext, 'receivedAt' | 'source'>,
  sentAt: number | undefined,
): AlertEvent {
  const name = a.labels.alertname ?? '';
  const v = value ?? toNumber(a.annotations?.value);
  return {
    kind: 'alert',
    // A real Alertmanager fingerprint only restates the labels: dropping it keeps this
    // alert one with the same alert polled from Prometheus (which has no fingerprint).
    id: alertIdentity(name, a.labels, a.fingerprint === undefined || a.fingerprint === amFingerprint(a.labels) ? undefined : a.fingerprint),
    name,
    severity: (a.labels.severity ?? topicSeverity).toLowerCase().slice(0, 32),
    state: a.status ?? 'firing',
    labels: a.labels,
    annotations: a.annotations ?? {},
    source: ctx.source,
    receivedAt: ctx.receivedAt,
    ...(v !== undefined && { value: v }),
    ...(sentAt !== undefined && { sentAt }),
  };
}

function toNumber(v: number | string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = typeof v === 'number' ? v : Number(v);
  return Number.isFinite(n) ? n : undefined;
}

/** Numbers under 1e11 are taken as seconds (Unix time), larger ones as milliseconds. */
function toEpochMs(v: number | string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = typeof v === 'number' ? v : /^\d/.test(v) && !v.includes('-') ? Number(v) : Date.parse(v);
  if (!Number.isFinite(n) || n <= 0) return undefined;
  return n < 1e11 ? n * 1000 : n;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function describe(error: z.ZodError, what: string): string {
  const issue = error.issues[0];
  if (!issue) return `invalid ${what}`;
  // Keys are capped so a long one cannot push the reason out of the message.
  const path = issue.path.length ? issue.path.map((k) => String(k).slice(0, 40)).join('.').slice(0, 160) : '(root)';
  return `invalid ${what}: ${path}: ${issue.message}`.slice(0, 300);
}

function ok(events: TelemetryEvent[]): ParseResult {
  return { ok: true, events };
}

function reject(reason: RejectReason, detail: string, topic: string): ParseResult {
  return { ok: false, rejection: { reason, detail, topic: topic.slice(0, 200) } };
}

