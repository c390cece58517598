import { beforeEach, describe, expect, it } from 'vitest';
import type { AlertEvent } from '../../src/domain/events';
import { Ring } from '../../src/domain/ring';
import { alertsStore, applyAlerts, resetAlerts } from '../../src/store/alerts';
import { MAX_SERIES, SPARK_WINDOW_MS, alertBands, hasSeries, recordAlertState, recordSample, resetHistory, sparkline, startHistory } from '../../src/store/history';
import { applyMetrics, resetMetrics } from '../../src/store/metrics';

beforeEach(() => {
  resetHistory();
  resetAlerts();
  resetMetrics();
});

describe('Ring', () => {
  it('keeps the newest `capacity` samples, oldest first', () => {
    const r = new Ring(3);
    for (let i = 1; i <= 5; i++) r.push(i, i * 10);
    expect(r.toArray()).toEqual([{ t: 3, v: 30 }, { t: 4, v: 40 }, { t: 5, v: 50 }]);
    expect(r.toArray(4)).toEqual([{ t: 4, v: 40 }, { t: 5, v: 50 }]);
    r.replaceLast(5, 99);
    expect(r.toArray().at(-1)).toEqual({ t: 5, v: 99 });
  });
});

describe('history', () => {
  it('sparklines hold at most one sample a second, for five minutes, in bounded memory', () => {
    for (let t = 0; t < 20 * 60_000; t += 250) recordSample('cpu', t / 1000, t);
    const now = 20 * 60_000;
    const s = sparkline('cpu', now);
    expect(s.length).toBeLessThanOrEqual(SPARK_WINDOW_MS / 1000 + 1);
    expect(s.length).toBeGreaterThan(290);
    expect(s.every((p) => p.t >= now - SPARK_WINDOW_MS)).toBe(true);
    expect(s.at(-1)!.v).toBeCloseTo((now - 250) / 1000);
  });

  it('charts at most MAX_SERIES metrics, the first seen; the rest have no ring', () => {
    for (let i = 0; i < MAX_SERIES + 100; i++) recordSample(`m${i}`, i, 1000);
    expect(hasSeries('m0') && hasSeries(`m${MAX_SERIES - 1}`)).toBe(true);
    expect(hasSeries(`m${MAX_SERIES}`)).toBe(false);
    expect(sparkline(`m${MAX_SERIES + 50}`, 2000)).toEqual([]);
  });

  it('records the metrics store and alert transitions by subscribing (nothing on the hot path)', () => {
    const stop = startHistory();
    applyMetrics([{ kind: 'metric', name: 'disk', value: 0.9, source: 'prometheus', receivedAt: 0 }], 1000);
    expect(sparkline('disk', 2000)).toEqual([{ t: 1000, v: 0.9 }]);
    const ev = (state: AlertEvent['state']): AlertEvent => ({ kind: 'alert', id: 'a', name: 'DiskFull', severity: 'critical', state, labels: {}, annotations: {}, source: 'prometheus', receivedAt: 0 });
    applyAlerts([ev('pending')], 1000);
    applyAlerts([ev('firing')], 2000);
    applyAlerts([ev('resolved')], 3000);
    const bands = alertBands(3000);
    expect(bands.map((b) => [b.state, b.end === undefined])).toEqual([['pending', false], ['firing', false]]);
    expect(alertsStore.getState().byId.get('a')?.state).toBe('resolved');
    stop();
  });

  it('bands are replaced, never mutated (recharts freezes what it is given)', () => {
    recordAlertState('a', 'A', 'warning', 'firing', 1000);
    const before = alertBands(2000)[0]!;
    Object.freeze(before);
    recordAlertState('a', 'A', 'warning', 'resolved', 3000);
    expect(before.end).toBeUndefined();
    expect(alertBands(4000)[0]!.end).toBe(3000);
  });
});
