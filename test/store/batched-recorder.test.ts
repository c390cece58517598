// The live recorder decides transitions at once but writes the stores in batches:
// the result must be exactly what writing every event at once would give.
import fc from 'fast-check';
import { beforeEach, describe, expect, it } from 'vitest';
import { createBatchedRecorder } from '../../src/app/batched-recorder';
import type { AlertEvent, AlertState } from '../../src/domain/events';
import { alertsStore, applyAlerts, resetAlerts } from '../../src/store/alerts';
import { ingestStore, resetIngest } from '../../src/store/ingest';
import { metricsStore, resetMetrics } from '../../src/store/metrics';

const alert = (id: string, state: AlertState): AlertEvent => ({
  kind: 'alert', id, name: id, severity: 'warning', state, labels: {}, annotations: {}, source: 'mqtt', receivedAt: 0,
});

function manual() {
  const jobs: (() => void)[] = [];
  return { schedule: (fn: () => void) => void jobs.push(fn), run: () => jobs.splice(0).forEach((f) => f()), pending: () => jobs.length };
}

beforeEach(() => {
  resetAlerts();
  resetIngest();
  resetMetrics();
});

describe('batched recorder', () => {
  it('writes every 50 ms, and every 250 ms once thousands of alerts are held (each write copies them all)', () => {
    const delays: number[] = [];
    let size = 10;
    const r = createBatchedRecorder({ schedule: (fn, ms) => { delays.push(ms); fn(); }, storeSize: () => size });
    r.applyAlerts([alert('a', 'firing')], 1);
    size = 5000;
    r.applyAlerts([alert('b', 'firing')], 2);
    expect(delays).toEqual([50, 250]);
  });

  it('gives the same transitions as writing each event at once, and writes the store once per flush', () => {
    const clock = manual();
    const r = createBatchedRecorder({ schedule: clock.schedule });
    let writes = 0;
    const unsub = alertsStore.subscribe(() => writes++);
    const seq = [alert('a', 'firing'), alert('a', 'firing'), alert('b', 'pending'), alert('a', 'resolved'), alert('b', 'resolved'), alert('c', 'resolved')];
    const got = seq.map((e) => r.applyAlerts([e], 1)[0]);
    expect(got).toEqual(['new', 'repeat', 'pending', 'resolved', 'withdrawn', 'ignored']);
    expect(writes).toBe(0);
    expect(clock.pending()).toBe(1);
    clock.run();
    expect(writes).toBe(1);
    unsub();
    expect(alertsStore.getState().byId.get('a')?.state).toBe('resolved');
    expect(alertsStore.getState().byId.has('b')).toBe(false);
  });

  it('property: any sequence of events ends in the same store as unbatched writes', () => {
    const ev = fc.record({ id: fc.constantFrom('x', 'y', 'z'), state: fc.constantFrom<AlertState>('firing', 'resolved', 'pending') });
    fc.assert(
      fc.property(fc.array(fc.array(ev, { maxLength: 5 }), { maxLength: 12 }), fc.array(fc.boolean(), { maxLength: 12 }), (batches, flushes) => {
        resetAlerts();
        const direct = batches.map((b) => applyAlerts(b.map((e) => alert(e.id, e.state)), 1));
        const expected = new Map([...alertsStore.getState().byId].map(([k, v]) => [k, v.state]));
        resetAlerts();
        const clock = manual();
        const r = createBatchedRecorder({ schedule: clock.schedule });
        const batched = batches.map((b, i) => {
          const t = r.applyAlerts(b.map((e) => alert(e.id, e.state)), 1);
          if (flushes[i]) clock.run();
          return t;
        });
        clock.run();
        expect(batched).toEqual(direct);
        expect(new Map([...alertsStore.getState().byId].map(([k, v]) => [k, v.state]))).toEqual(expected);
      }),
      { numRuns: 500 },
    );
  });

  it('batches metrics and counters too', () => {
    const clock = manual();
    const r = createBatchedRecorder({ schedule: clock.schedule });
    r.applyMetrics([{ kind: 'metric', name: 'cpu', value: 0.4, source: 'mqtt', receivedAt: 0 }], 5, [0.4]);
    r.applyMetrics([{ kind: 'metric', name: 'cpu', value: 0.6, source: 'mqtt', receivedAt: 0 }], 6, [0.6]);
    r.countAccepted(2);
    r.noteAccepted([{ kind: 'metric', name: 'cpu', value: 0.6, source: 'mqtt', receivedAt: 0 }]);
    r.countRejected({ reason: 'not_json', detail: 'x', topic: 'alerts/x' });
    expect(metricsStore.getState().byName.size).toBe(0);
    clock.run();
    expect(metricsStore.getState().byName.get('cpu')).toMatchObject({ value: 0.6, level: 0.6 });
    expect(ingestStore.getState()).toMatchObject({ accepted: 2, rejectedByReason: { not_json: 1 }, acceptedBySource: { mqtt: { metric: 1, alert: 0 } } });
  });
});
