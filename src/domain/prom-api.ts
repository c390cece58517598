// What the Prometheus HTTP API and the Alertmanager API v2 answer, validated with
// zod, and turned into the one event model. Pure: the sources do the fetching.
import { z } from 'zod';
import type { AlertEvent } from './events';
import { alertIdentity } from './identity';

const MAX_ITEMS = 10_000;
const text = z.string().max(4096);
const labelMap = z.record(z.string().max(256), text);

/** GET /api/v1/alerts */
export const promAlertsSchema = z.object({
  status: z.literal('success'),
  data: z.object({
    alerts: z
      .array(
        z.object({
          labels: labelMap,
          annotations: labelMap.optional(),
          state: z.enum(['pending', 'firing', 'inactive']),
          activeAt: z.string().max(64).optional(),
          value: z.string().max(64).optional(),
        }),
      )
      .max(MAX_ITEMS),
  }),
});
export type PromAlert = z.infer<typeof promAlertsSchema>['data']['alerts'][number];

const sampleValue = z.tuple([z.number(), z.string().max(64)]);

/** GET /api/v1/query (instant). Matrices are not voices; they are reported as errors. */
export const promQuerySchema = z.object({
  status: z.literal('success'),
  data: z.discriminatedUnion('resultType', [
    z.object({ resultType: z.literal('vector'), result: z.array(z.object({ metric: labelMap, value: sampleValue })).max(MAX_ITEMS) }),
    z.object({ resultType: z.literal('scalar'), result: sampleValue }),
    z.object({ resultType: z.literal('matrix'), result: z.array(z.unknown()) }),
    z.object({ resultType: z.literal('string'), result: z.unknown() }),
  ]),
});

/** Prometheus's error body (4xx/5xx): worth showing instead of a bare status. */
export const promErrorSchema = z.object({ status: z.literal('error'), errorType: z.string().max(64).optional(), error: z.string().max(1000).optional() });

const amState = z.object({
  state: z.enum(['active', 'suppressed', 'unprocessed']),
  silencedBy: z.array(z.string().max(256)).max(1000).default([]),
  inhibitedBy: z.array(z.string().max(256)).max(1000).default([]),
});

/** GET /api/v2/alerts */
export const amAlertsSchema = z
  .array(
    z.object({
      labels: labelMap,
      annotations: labelMap.optional(),
      fingerprint: z.string().max(256).optional(),
      startsAt: z.string().max(64).optional(),
      endsAt: z.string().max(64).optional(),
      status: amState,
    }),
  )
  .max(MAX_ITEMS);
export type AmApiAlert = z.infer<typeof amAlertsSchema>[number];

export const silenceMatcherSchema = z.object({
  name: z.string().max(256),
  value: z.string().max(4096),
  isRegex: z.boolean(),
  isEqual: z.boolean().default(true),
});
export type SilenceMatcher = z.infer<typeof silenceMatcherSchema>;

/** GET /api/v2/silences */
export const amSilencesSchema = z
  .array(
    z.object({
      id: z.string().max(256),
      status: z.object({ state: z.enum(['active', 'pending', 'expired']) }),
      createdBy: z.string().max(256),
      comment: z.string().max(4096).default(''),
      startsAt: z.string().max(64),
      endsAt: z.string().max(64),
      matchers: z.array(silenceMatcherSchema).max(100),
    }),
  )
  .max(MAX_ITEMS);
export type AmSilence = z.infer<typeof amSilencesSchema>[number];

/** Prometheus prints sample values as strings ("0.95", "NaN", "+Inf"); only finite ones sound. */
export function sampleNumber(s: string): number | undefined {
  const n = Number(s);
  return Number.isFinite(n) ? n : undefined;
}

/** One alert of /api/v1/alerts as an event; inactive ones are not events. */
export function fromPromAlert(a: PromAlert, receivedAt: number): AlertEvent | null {
  if (a.state === 'inactive') return null;
  const name = a.labels.alertname ?? '';
  if (!name) return null;
  const raw = a.value === undefined ? undefined : sampleNumber(a.value);
  // Shown to people: four significant digits, not 0.9967889999999999.
  const value = raw === undefined ? undefined : Number(raw.toPrecision(4));
  return {
    kind: 'alert',
    // Same identity as the flat and Alertmanager shapes: one alert whatever the source.
    id: alertIdentity(name, a.labels),
    name,
    severity: (a.labels.severity ?? 'info').toLowerCase().slice(0, 32),
    state: a.state,
    labels: a.labels,
    annotations: a.annotations ?? {},
    source: 'prometheus',
    receivedAt,
    ...(value !== undefined && { value }),
  };
}

/** The console's identity for an alert Alertmanager lists. */
export function amAlertId(a: Pick<AmApiAlert, 'labels'>): string {
  return alertIdentity(a.labels.alertname ?? '', a.labels);
}

/** Alertmanager's matcher semantics: regexes are anchored; a bad regex matches nothing. */
export function matcherMatches(m: SilenceMatcher, labels: Readonly<Record<string, string>>): boolean {
  const v = labels[m.name] ?? '';
  let hit: boolean;
  if (m.isRegex) {
    try {
      hit = new RegExp(`^(?:${m.value})$`).test(v);
    } catch {
      return false;
    }
  } else hit = v === m.value;
  return m.isEqual ? hit : !hit;
}

export function silenceMatches(s: { readonly matchers: readonly SilenceMatcher[] }, labels: Readonly<Record<string, string>>): boolean {
  return s.matchers.length > 0 && s.matchers.every((m) => matcherMatches(m, labels));
}

/** The first problem zod found, short enough for a status line. */
export function describeZod(error: z.ZodError, what: string): string {
  const issue = error.issues[0];
  if (!issue) return `unexpected ${what}`;
  const path = issue.path.length ? issue.path.map((k) => String(k).slice(0, 40)).join('.').slice(0, 160) : '(root)';
  return `unexpected ${what}: ${path}: ${issue.message}`.slice(0, 300);
}
