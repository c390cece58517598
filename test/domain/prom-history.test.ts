// ALERTS over a window → an alert timeline, on hand-made query_range answers (the
// real-Prometheus version is test/integration/prom-history.test.ts).
import { describe, expect, it } from 'vitest';
import { alertsTimeline, autoStep, metricTimeline, promRangeSchema } from '../../src/domain/prom-history';
import type { RangeSeries } from '../../src/domain/prom-history';

const w = { start: 1000, end: 1100, step: 1 };
const samples = (from: number, to: number, v = '1') => Array.from({ length: to - from + 1 }, (_, i) => [from + i, v] as [number, string]);
const alertsSeries = (state: string, from: number, to: number, extra: Record<string, string> = {}): RangeSeries => ({
  metric: { __name__: 'ALERTS', alertname: 'DiskFull', alertstate: state, severity: 'critical', instance: 'db-3', ...extra },
  values: samples(from, to),
});

describe('alertsTimeline', () => {
  it('pending then firing then gone: pending, firing, resolved one step after the last sample', () => {
    const ev = alertsTimeline([alertsSeries('pending', 1010, 1012), alertsSeries('firing', 1013, 1040)], w);
    expect(ev.map((e) => (e.kind === 'alert' ? [e.at, e.state, e.name, e.severity] : []))).toEqual([
      [10, 'pending', 'DiskFull', 'critical'],
      [13, 'firing', 'DiskFull', 'critical'],
      [41, 'resolved', 'DiskFull', 'critical'],
    ]);
    expect(ev[1]).toMatchObject({ labels: { severity: 'critical', instance: 'db-3' } });
  });

  it('fires twice with a gap; a pending that never fired is withdrawn; still firing at the end stays open', () => {
    const ev = alertsTimeline(
      [
        { ...alertsSeries('firing', 1005, 1010), values: [...samples(1005, 1010), ...samples(1030, 1100)] },
        alertsSeries('pending', 1050, 1055, { instance: 'db-4' }),
      ],
      w,
    );
    expect(ev.map((e) => (e.kind === 'alert' ? `${e.at} ${e.state} ${e.labels.instance}` : ''))).toEqual(['5 firing db-3', '11 resolved db-3', '30 firing db-3', '50 pending db-4', '56 resolved db-4']);
  });

  it('ignores series that are not alerts', () => {
    expect(alertsTimeline([{ metric: { __name__: 'up' }, values: samples(1000, 1010) }], w)).toEqual([]);
  });
});

describe('metricTimeline and the API shape', () => {
  it('takes the first series (by labels), skips non-finite values, times from the window start', () => {
    const ev = metricTimeline('cpu', [
      { metric: { instance: 'b' }, values: [[1001, '9']] },
      { metric: { instance: 'a' }, values: [[1000, '0.5'], [1002.5, 'NaN'], [1004, '0.7']] },
    ], w);
    expect(ev).toEqual([
      { kind: 'metric', name: 'cpu', value: 0.5, at: 0 },
      { kind: 'metric', name: 'cpu', value: 0.7, at: 4 },
    ]);
  });

  it('validates a matrix answer and picks a step within Prometheus limits', () => {
    expect(promRangeSchema.safeParse({ status: 'success', data: { resultType: 'matrix', result: [{ metric: {}, values: [[1, '1']] }] } }).success).toBe(true);
    expect(promRangeSchema.safeParse({ status: 'success', data: { resultType: 'vector', result: [] } }).success).toBe(false);
    expect(autoStep(0, 600)).toBe(1);
    expect(autoStep(0, 86_400)).toBe(44);
  });
});
