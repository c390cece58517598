// Display levels for metrics the score gives no voice: each metric's own observed range.

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
