// The Prometheus text exposition format (version 0.0.4), as much of it as the
// console pushes. Hand-written on purpose: prom-client is Node-only and the
// browser-capable clients on npm (promjs, promjs-plus) do not escape label values
// and keep every observation in memory.

export type MetricType = 'counter' | 'gauge' | 'histogram';

export type LabelPairs = readonly (readonly [name: string, value: string])[];

export interface Sample {
  /** Appended to the family name: '', '_bucket', '_sum' or '_count'. */
  readonly suffix: string;
  readonly labels: LabelPairs;
  readonly value: number;
}

export interface MetricFamily {
  readonly name: string;
  readonly help: string;
  readonly type: MetricType;
  readonly samples: readonly Sample[];
}

/** Content-Type of a push; also a CORS-safelisted type (essence text/plain). */
export const TEXT_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

export const METRIC_NAME_RE = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
/** Label names starting with "__" are reserved for Prometheus itself. */
export const LABEL_NAME_RE = /^(?!__)[a-zA-Z_][a-zA-Z0-9_]*$/;

/** Label values: backslash, double quote and line feed are the only escapes. */
export function escapeLabelValue(v: string): string {
  return v.replace(/[\\"\n]/g, (c) => (c === '\\' ? '\\\\' : c === '"' ? '\\"' : '\\n'));
}

/** HELP text: backslash and line feed only (a quote stays as it is). */
export function escapeHelp(v: string): string {
  return v.replace(/[\\\n]/g, (c) => (c === '\\' ? '\\\\' : '\\n'));
}

/** Go's ParseFloat reads JS number strings (1e-7, 1.5e+21) as they are. */
export function formatValue(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  return String(v);
}

function formatLabels(labels: LabelPairs): string {
  if (labels.length === 0) return '';
  return `{${labels.map(([k, v]) => `${k}="${escapeLabelValue(v)}"`).join(',')}}`;
}

/** Families without samples are left out: their TYPE line alone says nothing. */
export function serialize(families: readonly MetricFamily[]): string {
  const out: string[] = [];
  for (const f of families) {
    if (f.samples.length === 0) continue;
    out.push(`# HELP ${f.name} ${escapeHelp(f.help)}`, `# TYPE ${f.name} ${f.type}`);
    for (const s of f.samples) out.push(`${f.name}${s.suffix}${formatLabels(s.labels)} ${formatValue(s.value)}`);
  }
  return out.length ? `${out.join('\n')}\n` : '';
}
