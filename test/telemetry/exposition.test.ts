import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { MetricFamily } from '../../src/telemetry/exposition';
import { escapeHelp, escapeLabelValue, formatValue, serialize } from '../../src/telemetry/exposition';
import { Registry } from '../../src/telemetry/registry';

/** The reading side of the format's label-value escapes, as Prometheus' parser does it. */
function unescapeLabelValue(s: string): string {
  return s.replace(/\\(.)/gs, (_, c: string) => (c === 'n' ? '\n' : c));
}

/** Parses `name{a="x",b="y"} value` lines (the subset serialize writes). */
function parseLine(line: string): { name: string; labels: [string, string][]; value: string } {
  const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/s.exec(line);
  if (!m) throw new Error(`unparseable: ${JSON.stringify(line)}`);
  const labels: [string, string][] = [];
  const re = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"(?:,|$)/sy;
  const body = m[2] ?? '';
  let pos = 0;
  while (pos < body.length) {
    re.lastIndex = pos;
    const l = re.exec(body);
    if (!l) throw new Error(`bad labels: ${JSON.stringify(body)}`);
    labels.push([l[1]!, unescapeLabelValue(l[2]!)]);
    pos = re.lastIndex;
  }
  return { name: m[1]!, labels, value: m[3]! };
}

const sampleLines = (text: string) => text.split('\n').filter((l) => l !== '' && !l.startsWith('#'));

describe('escaping', () => {
  it('escapes backslash, double quote and line feed in label values, nothing else', () => {
    expect(escapeLabelValue('a\\b')).toBe('a\\\\b');
    expect(escapeLabelValue('say "hi"')).toBe('say \\"hi\\"');
    expect(escapeLabelValue('two\nlines')).toBe('two\\nlines');
    expect(escapeLabelValue('\\n')).toBe('\\\\n'); // a literal backslash-n is not a newline
    expect(escapeLabelValue("tab\t ünï 'q' {x}=,")).toBe("tab\t ünï 'q' {x}=,");
  });

  it('escapes backslash and line feed in HELP, but not quotes', () => {
    expect(escapeHelp('a "b" \\ c\nd')).toBe('a "b" \\\\ c\\nd');
  });

  it('formats special values the way Prometheus reads them', () => {
    expect(formatValue(Infinity)).toBe('+Inf');
    expect(formatValue(-Infinity)).toBe('-Inf');
    expect(formatValue(NaN)).toBe('NaN');
    expect(formatValue(0.005)).toBe('0.005');
    expect(formatValue(1e-7)).toBe('1e-7');
    expect(formatValue(42)).toBe('42');
  });
});

describe('serialize', () => {
  it('writes HELP, TYPE and samples; leaves out families without samples', () => {
    const families: MetricFamily[] = [
      { name: 'a_total', help: 'A.', type: 'counter', samples: [{ suffix: '', labels: [['x', 'q"\n\\']], value: 3 }] },
      { name: 'empty', help: 'nothing', type: 'gauge', samples: [] },
    ];
    expect(serialize(families)).toBe('# HELP a_total A.\n# TYPE a_total counter\na_total{x="q\\"\\n\\\\"} 3\n');
    expect(serialize([])).toBe('');
  });

  it('property: any label value survives serialize → parse, on a single line (2000 runs)', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'binary', maxLength: 40 }), { minLength: 1, maxLength: 4 }), (values) => {
        const r = new Registry();
        const names = values.map((_, i) => `l${i}`);
        const g = r.gauge<string>({ name: 'g', help: 'h', labelNames: names });
        g.set(Object.fromEntries(names.map((n, i) => [n, values[i]!])), 1);
        const lines = sampleLines(r.serialize());
        expect(lines).toHaveLength(1);
        const parsed = parseLine(lines[0]!);
        expect(parsed.labels).toEqual(names.map((n, i) => [n, values[i]!.slice(0, 128)]));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('histograms', () => {
  const buckets = [0.005, 0.01, 0.1, 1];

  it('writes cumulative buckets, +Inf, _sum and _count', () => {
    const r = new Registry();
    const h = r.histogram({ name: 'lat_seconds', help: 'h', buckets });
    for (const v of [0.001, 0.005, 0.05, 0.05, 2]) h.observe(undefined, v);
    expect(sampleLines(r.serialize())).toEqual([
      'lat_seconds_bucket{le="0.005"} 2',
      'lat_seconds_bucket{le="0.01"} 2',
      'lat_seconds_bucket{le="0.1"} 4',
      'lat_seconds_bucket{le="1"} 4',
      'lat_seconds_bucket{le="+Inf"} 5',
      'lat_seconds_sum 2.106',
      'lat_seconds_count 5',
    ]);
  });

  it('an unobserved histogram is all zeros, never NaN', () => {
    const r = new Registry();
    r.histogram({ name: 'h', help: 'h', buckets }).get();
    const text = r.serialize();
    expect(text).not.toMatch(/NaN|Inf\b(?!")/);
    expect(sampleLines(text).map((l) => parseLine(l).value)).toEqual(['0', '0', '0', '0', '0', '0', '0']);
  });

  it('property: buckets are cumulative, +Inf = _count = finite observations, _sum matches, no NaN (1500 runs)', () => {
    const value = fc.oneof(
      fc.double({ noNaN: false }),
      fc.constantFrom(0, 0.005, 0.01, 1, -1, Infinity, -Infinity, NaN),
      fc.double({ min: 0, max: 2, noNaN: true }),
    );
    fc.assert(
      fc.property(fc.array(value, { maxLength: 60 }), fc.uniqueArray(fc.double({ min: -10, max: 10, noNaN: true }), { minLength: 1, maxLength: 8 }), (obs, bs) => {
        const r = new Registry();
        const h = r.histogram<'k'>({ name: 'h', help: 'h', labelNames: ['k'], buckets: bs });
        h.get({ k: 'a"\n' });
        for (const v of obs) h.observe({ k: 'a"\n' }, v);
        const finite = obs.filter((v) => Number.isFinite(v));
        const lines = sampleLines(r.serialize()).map(parseLine);
        const bucketLines = lines.filter((l) => l.name === 'h_bucket');
        const les = bucketLines.map((l) => l.labels.find(([k]) => k === 'le')![1]);
        const counts = bucketLines.map((l) => Number(l.value));
        expect(les.at(-1)).toBe('+Inf');
        expect(les.slice(0, -1).map(Number)).toEqual([...new Set(bs)].sort((a, b) => a - b));
        for (let i = 1; i < counts.length; i++) expect(counts[i]!).toBeGreaterThanOrEqual(counts[i - 1]!);
        // Each finite bucket holds exactly the observations ≤ its bound.
        les.slice(0, -1).forEach((le, i) => expect(counts[i]).toBe(finite.filter((v) => v <= Number(le)).length));
        const count = Number(lines.find((l) => l.name === 'h_count')!.value);
        expect(counts.at(-1)).toBe(finite.length);
        expect(count).toBe(finite.length);
        const sum = Number(lines.find((l) => l.name === 'h_sum')!.value);
        const expected = finite.reduce((a, b) => a + b, 0);
        if (Number.isFinite(expected)) expect(sum).toBeCloseTo(expected, 6);
        for (const l of lines) expect(l.value).not.toBe('NaN');
        expect(lines.every((l) => l.labels.some(([k, v]) => k === 'k' && v === 'a"\n'))).toBe(true);
      }),
      { numRuns: 1500 },
    );
  });
});
