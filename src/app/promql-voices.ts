// PromQL metric voices: each poll's result per query becomes voices, one per series
// when a query returns several (e.g. one per instance), within the voice budget.
// Each series keeps its own mapper (its own baseline); a series that goes away fades out.
import type { MetricEvent } from '../domain/events';
import { labelKey } from '../domain/identity';
import { MetricMapper } from '../domain/score/metric-mapper';
import type { MetricVoiceSpec, Score } from '../domain/score/types';
import type { QueryResult, Series } from '../sources/prometheus';
import type { PromqlVoiceStatus } from '../store/promql';

/** The slice of the audio engine this needs (tests pass a fake). */
export interface VoiceEngine {
  addMetricVoice(spec: MetricVoiceSpec): boolean;
  removeMetricVoice(id: string): void;
  setMetric(id: string, params: ReturnType<MetricMapper['map']>): void;
}

/** One query should not take the whole bed. */
export const MAX_SERIES_PER_VOICE = 8;

export interface PromVoicesOptions {
  readonly engine: () => VoiceEngine | null;
  /** All metric voices the engine may sound (topic voices included). */
  readonly maxVoices: number;
}

export interface PromVoicesUpdate {
  /** One metric event per voiced series (name = voice id), for the store and charts. */
  readonly metrics: MetricEvent[];
  readonly levels: number[];
  readonly status: ReadonlyMap<string, PromqlVoiceStatus>;
  /** Voices whose series went away: no longer shown. */
  readonly removed: string[];
}

type PromSpec = MetricVoiceSpec & { readonly source: { readonly promql: string } };

const isProm = (s: MetricVoiceSpec): s is PromSpec => 'promql' in s.source;

/** Labels that tell the series apart, e.g. {instance="db-3"}; the common ones add nothing. */
export function distinguishing(all: readonly Series[], s: Series): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(s.labels)) {
    if (k === '__name__') continue;
    if (all.some((o) => o.labels[k] !== v)) out[k] = v;
  }
  return out;
}

/** {instance="db-3"}: Prometheus label names need no quoting. */
export function selectorOf(labels: Readonly<Record<string, string>>): string {
  const parts = Object.keys(labels).sort().map((k) => `${k}=${JSON.stringify(labels[k])}`);
  return `{${parts.join(',')}}`;
}

export class PromVoices {
  private specs: PromSpec[] = [];
  private topicVoices = 0;
  private readonly mappers = new Map<string, MetricMapper>();
  private sounding = new Set<string>();
  /** Voice ids put in the metrics store, so vanished ones can be taken out. */
  private readonly shown = new Set<string>();

  constructor(private readonly o: PromVoicesOptions) {}

  setScore(score: Score): void {
    this.specs = score.metrics.filter(isProm);
    this.topicVoices = score.metrics.length - this.specs.length;
    // The engine rebuilt its voices from the score; derived ones come back on the next poll.
    this.mappers.clear();
    this.sounding = new Set(this.specs.map((s) => s.id));
  }

  queries(): string[] {
    return this.specs.map((s) => s.source.promql);
  }

  update(results: ReadonlyMap<string, QueryResult>, receivedAt: number, now: number): PromVoicesUpdate {
    const engine = this.o.engine();
    const metrics: MetricEvent[] = [];
    const levels: number[] = [];
    const status = new Map<string, PromqlVoiceStatus>();
    const wanted = new Set<string>();
    const removed: string[] = [];
    const voicedNow = new Set<string>();
    // The score's own PromQL voices each have a slot; fan-out shares what is left.
    let spare = Math.max(0, this.o.maxVoices - this.topicVoices - this.specs.length);
    for (const spec of this.specs) {
      const query = spec.source.promql;
      const r = results.get(query.trim());
      if (!r) continue;
      if (!r.ok) {
        status.set(spec.id, { query, series: 0, voiced: 0, error: r.error });
        continue;
      }
      const sorted = [...r.series].sort((a, b) => (labelKey(a.labels) < labelKey(b.labels) ? -1 : 1));
      const room = Math.min(MAX_SERIES_PER_VOICE, sorted.length === 0 ? 0 : 1 + spare);
      const voiced = sorted.slice(0, room);
      spare -= Math.max(0, voiced.length - 1);
      for (const s of voiced) {
        const id = voiced.length === 1 ? spec.id : `${spec.id}${selectorOf(distinguishing(voiced, s))}`;
        const voiceSpec: MetricVoiceSpec = id === spec.id ? spec : { ...spec, id };
        let mapper = this.mappers.get(id);
        if (!mapper) this.mappers.set(id, (mapper = new MetricMapper(voiceSpec)));
        const params = mapper.map(s.value, now);
        if (engine && engine.addMetricVoice(voiceSpec)) {
          engine.setMetric(id, params);
          wanted.add(id);
        }
        voicedNow.add(id);
        metrics.push({ kind: 'metric', name: id, value: s.value, source: 'prometheus', receivedAt });
        levels.push(params.level);
      }
      status.set(spec.id, { query, series: sorted.length, voiced: voiced.length });
    }
    // Series that went away (or a single voice that fanned out) fade out; a query
    // without an answer this time keeps its voices as they were.
    for (const id of new Set([...this.sounding, ...this.shown])) {
      if (voicedNow.has(id) || !results.has(this.queryOf(id))) continue;
      engine?.removeMetricVoice(id);
      this.sounding.delete(id);
      this.mappers.delete(id);
      if (this.shown.delete(id)) removed.push(id);
    }
    for (const id of wanted) this.sounding.add(id);
    for (const id of voicedNow) this.shown.add(id);
    return { metrics, levels, status, removed };
  }

  private specOf(id: string): PromSpec | undefined {
    return this.specs.find((s) => id === s.id || id.startsWith(`${s.id}{`));
  }

  private queryOf(id: string): string {
    return this.specOf(id)?.source.promql.trim() ?? '';
  }
}
