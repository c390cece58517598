// Wire schemas for what arrives on alerts/# and metrics/#. Validation is zod's job;
// normalisation into the event model lives in payload.ts.
import { z } from 'zod';

const MAX_TEXT = 4096;
const text = z.string().max(MAX_TEXT);
const labelMap = z.record(z.string().max(256), text);
const finite = z.number().refine(Number.isFinite, 'must be a finite number');
/** Numbers sometimes arrive as strings (the seed's annotations.value). */
const looseNumber = z.union([finite, z.string().max(64)]);
const timestamp = z.union([finite, z.string().max(64)]);

export const flatAlertSchema = z.object({
  name: z.string().min(1).max(256),
  severity: z.string().min(1).max(32).optional(),
  state: z.enum(['firing', 'resolved']).optional(),
  labels: labelMap.optional(),
  annotations: labelMap.optional(),
  value: looseNumber.optional(),
  id: z.string().min(1).max(256).optional(),
  timestamp: timestamp.optional(),
});
export type FlatAlert = z.infer<typeof flatAlertSchema>;

/** One alert as Alertmanager's webhook (and API) carries it. */
export const amAlertSchema = z.object({
  status: z.enum(['firing', 'resolved']).optional(),
  labels: labelMap.refine((l) => typeof l.alertname === 'string' && l.alertname.length > 0, {
    message: 'labels.alertname is required',
  }),
  annotations: labelMap.optional(),
  startsAt: z.string().max(64).optional(),
  endsAt: z.string().max(64).optional(),
  fingerprint: z.string().min(1).max(256).optional(),
});
export type AmAlert = z.infer<typeof amAlertSchema>;

/** The seed's Python bridge: {"value": v, "alert": <Alertmanager alert>}. */
export const bridgeAlertSchema = z.object({
  value: looseNumber.optional(),
  alert: amAlertSchema,
  timestamp: timestamp.optional(),
});

export const webhookSchema = z.object({
  alerts: z.array(amAlertSchema).max(10_000),
});

export const metricSchema = z.union([
  finite,
  z.object({ value: finite, timestamp: timestamp.optional() }),
]);
