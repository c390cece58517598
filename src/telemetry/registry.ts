// Counters, gauges and histograms with bounded label sets, collected into
// exposition families. A kiosk runs for months: nothing here grows without bound
// (no raw samples kept, at most maxSeries label sets per metric).
import type { LabelPairs, MetricFamily, MetricType, Sample } from './exposition';
import { LABEL_NAME_RE, METRIC_NAME_RE, serialize } from './exposition';

/** Where unknown label values and label sets past maxSeries are counted. */
export const OTHER = 'other';
const MAX_LABEL_VALUE = 128;

export type Labels<L extends string> = Readonly<Record<L, string>>;

export interface MetricOptions<L extends string> {
  readonly name: string;
  readonly help: string;
  readonly labelNames?: readonly L[];
  /** The only values a label may take; anything else becomes "other" (no free text, so no secrets). */
  readonly allowed?: Partial<Record<L, readonly string[]>>;
  /** Label sets kept (default 64); later new sets fold into the all-"other" set. */
  readonly maxSeries?: number;
}

interface Series<V> {
  readonly labels: LabelPairs;
  value: V;
}

abstract class Metric<L extends string, V> {
  readonly name: string;
  readonly help: string;
  protected readonly labelNames: readonly L[];
  private readonly allowed: Partial<Record<L, ReadonlySet<string>>>;
  private readonly maxSeries: number;
  protected readonly series = new Map<string, Series<V>>();
  abstract readonly type: MetricType;

  constructor(o: MetricOptions<L>) {
    if (!METRIC_NAME_RE.test(o.name)) throw new Error(`invalid metric name ${JSON.stringify(o.name)}`);
    const names = o.labelNames ?? [];
    for (const l of names) if (!LABEL_NAME_RE.test(l) || l === 'le') throw new Error(`${o.name}: invalid label name ${JSON.stringify(l)}`);
    if (new Set(names).size !== names.length) throw new Error(`${o.name}: duplicate label names`);
    this.name = o.name;
    this.help = o.help;
    this.labelNames = names;
    this.allowed = Object.fromEntries(Object.entries(o.allowed ?? {}).map(([k, v]) => [k, new Set(v as readonly string[])])) as unknown as Partial<Record<L, ReadonlySet<string>>>;
    this.maxSeries = Math.max(1, o.maxSeries ?? 64);
  }

  protected abstract initial(): V;

  protected entry(labels: Partial<Labels<L>> | undefined): Series<V> {
    const values = this.labelNames.map((n) => {
      const raw = String(labels?.[n] ?? '').slice(0, MAX_LABEL_VALUE);
      const ok = this.allowed[n];
      return ok && !ok.has(raw) ? OTHER : raw;
    });
    let key = values.join('\u0000');
    let s = this.series.get(key);
    if (s) return s;
    if (this.series.size >= this.maxSeries) {
      key = this.labelNames.map(() => OTHER).join('\u0000');
      s = this.series.get(key);
      if (s) return s;
      values.fill(OTHER);
    }
    s = { labels: this.labelNames.map((n, i) => [n, values[i]!] as const), value: this.initial() };
    this.series.set(key, s);
    return s;
  }

  /** Every label set seen so far, with its value. */
  entries(): { labels: Labels<L>; value: V }[] {
    return [...this.series.values()].map((s) => ({ labels: Object.fromEntries(s.labels) as Labels<L>, value: s.value }));
  }

  abstract samples(): Sample[];

  family(): MetricFamily {
    return { name: this.name, help: this.help, type: this.type, samples: this.samples() };
  }
}

export class Counter<L extends string = never> extends Metric<L, number> {
  readonly type = 'counter';
  protected initial(): number {
    return 0;
  }
  /** Negative or non-finite increments are ignored: a counter only goes up. */
  inc(labels?: Labels<L>, by = 1): void {
    if (!Number.isFinite(by) || by < 0) return;
    this.entry(labels).value += by;
  }
  /** Mirrors a running total kept elsewhere (a store); a drop reads as a counter reset. */
  set(labels: Labels<L> | undefined, total: number): void {
    if (Number.isFinite(total) && total >= 0) this.entry(labels).value = total;
  }
  get(labels?: Labels<L>): number {
    return this.entry(labels).value;
  }
  samples(): Sample[] {
    return [...this.series.values()].map((s) => ({ suffix: '', labels: s.labels, value: s.value }));
  }
}

export class Gauge<L extends string = never> extends Metric<L, number> {
  readonly type = 'gauge';
  protected initial(): number {
    return 0;
  }
  set(labels: Labels<L> | undefined, v: number): void {
    if (Number.isFinite(v)) this.entry(labels).value = v;
  }
  get(labels?: Labels<L>): number {
    return this.entry(labels).value;
  }
  samples(): Sample[] {
    return [...this.series.values()].map((s) => ({ suffix: '', labels: s.labels, value: s.value }));
  }
}

export interface HistogramValue {
  /** Per bucket, NOT cumulative; the last entry is the +Inf overflow. */
  readonly counts: number[];
  sum: number;
  count: number;
}

export interface HistogramOptions<L extends string> extends MetricOptions<L> {
  /** Upper bounds, finite; sorted and de-duplicated here. */
  readonly buckets: readonly number[];
}

export class Histogram<L extends string = never> extends Metric<L, HistogramValue> {
  readonly type = 'histogram';
  readonly buckets: readonly number[];

  constructor(o: HistogramOptions<L>) {
    super(o);
    this.buckets = [...new Set(o.buckets.filter((b) => Number.isFinite(b)))].sort((a, b) => a - b);
    if (this.buckets.length === 0) throw new Error(`${o.name}: needs at least one finite bucket`);
  }
  protected initial(): HistogramValue {
    return { counts: new Array<number>(this.buckets.length + 1).fill(0), sum: 0, count: 0 };
  }
  /** Non-finite observations are dropped: one NaN would poison _sum for good. */
  observe(labels: Labels<L> | undefined, v: number): void {
    if (!Number.isFinite(v)) return;
    const h = this.entry(labels).value;
    let i = 0;
    while (i < this.buckets.length && v > this.buckets[i]!) i++;
    h.counts[i]! += 1;
    h.sum += v;
    h.count += 1;
  }
  get(labels?: Labels<L>): HistogramValue {
    return this.entry(labels).value;
  }
  samples(): Sample[] {
    const out: Sample[] = [];
    for (const s of this.series.values()) {
      let cumulative = 0;
      this.buckets.forEach((b, i) => {
        cumulative += s.value.counts[i]!;
        out.push({ suffix: '_bucket', labels: [...s.labels, ['le', String(b)]], value: cumulative });
      });
      out.push({ suffix: '_bucket', labels: [...s.labels, ['le', '+Inf']], value: s.value.count });
      out.push({ suffix: '_sum', labels: s.labels, value: s.value.sum });
      out.push({ suffix: '_count', labels: s.labels, value: s.value.count });
    }
    return out;
  }
}

interface Collectable {
  readonly name: string;
  family(): MetricFamily;
}

export class Registry {
  private readonly metrics = new Map<string, Collectable>();
  private readonly hooks = new Set<() => void>();

  private add<M extends Collectable>(m: M): M {
    if (this.metrics.has(m.name)) throw new Error(`metric ${m.name} registered twice`);
    this.metrics.set(m.name, m);
    return m;
  }
  counter<L extends string = never>(o: MetricOptions<L>): Counter<L> {
    return this.add(new Counter<L>(o));
  }
  gauge<L extends string = never>(o: MetricOptions<L>): Gauge<L> {
    return this.add(new Gauge<L>(o));
  }
  histogram<L extends string = never>(o: HistogramOptions<L>): Histogram<L> {
    return this.add(new Histogram<L>(o));
  }

  /** Runs before every collect, to read values kept elsewhere (stores). Returns a remover. */
  onCollect(hook: () => void): () => void {
    this.hooks.add(hook);
    return () => this.hooks.delete(hook);
  }

  /** A failing hook costs its own figures, never the push. */
  collect(): MetricFamily[] {
    for (const h of this.hooks) {
      try {
        h();
      } catch {
        /* its metrics keep their last values */
      }
    }
    return [...this.metrics.values()].map((m) => m.family());
  }

  serialize(): string {
    return serialize(this.collect());
  }
}
