// The one normalised event model every source produces and the score consumes.

export type SourceId = 'mqtt' | 'demo' | 'prometheus' | 'alertmanager' | 'replay';

/** The three earcon families; any other severity string sounds as its nearest family. */
export type SeverityFamily = 'critical' | 'warning' | 'info';

/** 'pending': Prometheus has the condition but its `for:` has not elapsed yet. */
export type AlertState = 'firing' | 'pending' | 'resolved';

export interface AlertEvent {
  readonly kind: 'alert';
  /** Identity: explicit id, else name plus labels (see identity.ts). */
  readonly id: string;
  readonly name: string;
  /** As given (lower-cased); use severityFamily() for sound. */
  readonly severity: string;
  readonly state: AlertState;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  readonly value?: number;
  readonly source: SourceId;
  /** Console clock (performance.now() ms) when the message arrived. */
  readonly receivedAt: number;
  /** Wall-clock ms the payload says it was created, when it says so. */
  readonly sentAt?: number;
}

export interface MetricEvent {
  readonly kind: 'metric';
  readonly name: string;
  readonly value: number;
  readonly source: SourceId;
  readonly receivedAt: number;
  readonly sentAt?: number;
}

export type TelemetryEvent = AlertEvent | MetricEvent;

export type RejectReason =
  | 'too_large'
  | 'not_json'
  | 'invalid_shape'
  | 'non_finite'
  | 'hostile_key'
  | 'too_deep'
  | 'unknown_topic';

export const REJECT_REASONS: readonly RejectReason[] = [
  'too_large',
  'not_json',
  'invalid_shape',
  'non_finite',
  'hostile_key',
  'too_deep',
  'unknown_topic',
];

export interface Rejection {
  readonly reason: RejectReason;
  /** Human-readable, safe to show as text. */
  readonly detail: string;
  readonly topic: string;
}

export type ParseResult =
  | { readonly ok: true; readonly events: TelemetryEvent[] }
  | { readonly ok: false; readonly rejection: Rejection };

const CRITICAL = new Set(['critical', 'page', 'emergency', 'fatal', 'error', 'high', 'p1']);
const WARNING = new Set(['warning', 'warn', 'major', 'medium', 'p2', 'p3']);

export function severityFamily(severity: string): SeverityFamily {
  const s = severity.toLowerCase();
  if (CRITICAL.has(s)) return 'critical';
  if (WARNING.has(s)) return 'warning';
  return 'info';
}
