// The first score: which sound each event gets. Pure: no Tone, no I/O.
// (The declarative YAML score replaces the fixed choices here.)
import type { AlertEvent, SeverityFamily } from './events';
import { severityFamily } from './events';
import type { AlertTransition } from './lifecycle';

export type SoundEvent =
  | { readonly kind: 'earcon'; readonly family: SeverityFamily; readonly alertId: string; readonly pan: number; readonly receivedAt: number }
  | { readonly kind: 'all-clear'; readonly alertId: string; readonly pan: number; readonly receivedAt: number };

/** Places each instance (or service) at a stable point in the stereo field. */
export function panFor(labels: Readonly<Record<string, string>>): number {
  const key = labels.instance ?? labels.service ?? '';
  if (!key) return 0;
  let h = 2166136261;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 16777619);
  return (((h >>> 0) % 1000) / 1000 - 0.5) * 1.2;
}

/** New alerts sound their severity's earcon; repeats stay quiet; resolves play the all-clear. */
export function planAlert(event: AlertEvent, transition: AlertTransition): SoundEvent | null {
  const pan = panFor(event.labels);
  switch (transition) {
    case 'new':
      return { kind: 'earcon', family: severityFamily(event.severity), alertId: event.id, pan, receivedAt: event.receivedAt };
    case 'resolved':
      return { kind: 'all-clear', alertId: event.id, pan, receivedAt: event.receivedAt };
    default:
      return null;
  }
}

/** Maps a metric value onto 0..1 using its own observed range when it is not a ratio. */
export class MetricNormaliser {
  private readonly ranges = new Map<string, { min: number; max: number }>();

  /** Bounded like the metrics store: a hostile publisher cannot grow it forever. */
  static readonly MAX_TRACKED = 256;

  normalise(name: string, value: number): number {
    if (value >= 0 && value <= 1 && !this.ranges.has(name)) return value;
    if (!this.ranges.has(name) && this.ranges.size >= MetricNormaliser.MAX_TRACKED) return 0.5;
    const r = this.ranges.get(name) ?? { min: Math.min(0, value), max: Math.max(1, value) };
    r.min = Math.min(r.min, value);
    r.max = Math.max(r.max, value);
    this.ranges.set(name, r);
    if (r.max === r.min) return 0.5;
    const span = r.max - r.min;
    // A range wider than the largest double overflows to Infinity (and max/Infinity is NaN): halve first.
    return Number.isFinite(span) ? (value - r.min) / span : (value / 2 - r.min / 2) / (r.max / 2 - r.min / 2);
  }
}
