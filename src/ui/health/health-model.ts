// What the Health view shows, derived from exactly the families the console
// pushes, so the screen and Prometheus never disagree. Pure; no React.
import type { MetricFamily } from '../../telemetry/exposition';

export interface HistogramBar {
  /** Bucket label in ms, e.g. "≤5" or ">1000". */
  readonly label: string;
  /** Observations in this bucket alone (not cumulative). */
  readonly count: number;
}

export interface HealthModel {
  readonly latencyBars: readonly HistogramBar[];
  readonly latencyCount: number;
  readonly latencyMeanMs?: number;
  readonly sentCount: number;
  readonly sentMeanMs?: number;
  readonly events: readonly { source: string; alert: number; metric: number }[];
  readonly rejected: readonly { reason: string; count: number }[];
  readonly voicesActive: number;
  readonly voicesDropped: number;
  readonly audioRunning: boolean;
  readonly sources: readonly { source: string; up: boolean; reconnects: number }[];
  readonly version?: string;
}

const label = (pairs: readonly (readonly [string, string])[], name: string) => pairs.find(([k]) => k === name)?.[1];

function family(fams: readonly MetricFamily[], name: string): MetricFamily | undefined {
  return fams.find((f) => f.name === name);
}

function scalar(fams: readonly MetricFamily[], name: string): number {
  return family(fams, name)?.samples[0]?.value ?? 0;
}

const ms = (seconds: number) => {
  const v = seconds * 1000;
  return Number.isInteger(v) ? String(v) : v.toFixed(1);
};

/** Cumulative _bucket samples → one bar per bucket. */
export function histogramBars(f: MetricFamily | undefined): { bars: HistogramBar[]; count: number; sum: number } {
  if (!f) return { bars: [], count: 0, sum: 0 };
  const buckets = f.samples.filter((s) => s.suffix === '_bucket');
  const bars: HistogramBar[] = [];
  let prev = 0;
  let lastFinite = '';
  for (const b of buckets) {
    const le = label(b.labels, 'le') ?? '';
    bars.push({ label: le === '+Inf' ? `>${lastFinite}` : `≤${ms(Number(le))}`, count: Math.max(0, b.value - prev) });
    if (le !== '+Inf') lastFinite = ms(Number(le));
    prev = b.value;
  }
  const count = f.samples.find((s) => s.suffix === '_count')?.value ?? 0;
  const sum = f.samples.find((s) => s.suffix === '_sum')?.value ?? 0;
  return { bars, count, sum };
}

export function healthModel(fams: readonly MetricFamily[]): HealthModel {
  const latency = histogramBars(family(fams, 'singing_pager_event_to_sound_seconds'));
  const sent = histogramBars(family(fams, 'singing_pager_sent_to_sound_seconds'));
  const events = new Map<string, { source: string; alert: number; metric: number }>();
  for (const s of family(fams, 'singing_pager_events_total')?.samples ?? []) {
    const source = label(s.labels, 'source') ?? '';
    const row = events.get(source) ?? { source, alert: 0, metric: 0 };
    if (label(s.labels, 'kind') === 'alert') row.alert = s.value;
    else row.metric = s.value;
    events.set(source, row);
  }
  const reconnects = new Map((family(fams, 'singing_pager_source_reconnects_total')?.samples ?? []).map((s) => [label(s.labels, 'source') ?? '', s.value]));
  const version = family(fams, 'singing_pager_build_info')?.samples[0];
  return {
    latencyBars: latency.bars,
    latencyCount: latency.count,
    ...(latency.count > 0 && { latencyMeanMs: (latency.sum / latency.count) * 1000 }),
    sentCount: sent.count,
    ...(sent.count > 0 && { sentMeanMs: (sent.sum / sent.count) * 1000 }),
    events: [...events.values()],
    rejected: (family(fams, 'singing_pager_events_rejected_total')?.samples ?? []).map((s) => ({ reason: label(s.labels, 'reason') ?? '', count: s.value })),
    voicesActive: scalar(fams, 'singing_pager_voices_active'),
    voicesDropped: scalar(fams, 'singing_pager_voices_dropped_total'),
    audioRunning: scalar(fams, 'singing_pager_audio_running') === 1,
    sources: (family(fams, 'singing_pager_source_up')?.samples ?? []).map((s) => {
      const source = label(s.labels, 'source') ?? '';
      return { source, up: s.value === 1, reconnects: reconnects.get(source) ?? 0 };
    }),
    ...(version && { version: label(version.labels, 'version') ?? '' }),
  };
}
