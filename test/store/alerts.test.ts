import { beforeEach, describe, expect, it } from 'vitest';
import type { AlertEvent, AlertState } from '../../src/domain/events';
import { alertIdentity } from '../../src/domain/identity';
import { MAX_ALERTS, alertsStore, applyAlerts, firingCount, resetAlerts } from '../../src/store/alerts';

function alert(name: string, state: AlertState, labels: Record<string, string> = {}, over: Partial<AlertEvent> = {}): AlertEvent {
  return {
    kind: 'alert',
    id: alertIdentity(name, labels),
    name,
    severity: 'critical',
    state,
    labels,
    annotations: {},
    source: 'mqtt',
    receivedAt: 0,
    ...over,
  };
}
const byId = () => alertsStore.getState().byId;

beforeEach(() => resetAlerts());

describe('applyAlerts', () => {
  it('a first firing is new and lands in the store', () => {
    const e = alert('DiskFull', 'firing', { instance: 'db-3' }, { value: 0.93 });
    expect(applyAlerts([e], 1000)).toEqual(['new']);
    expect(byId().get(e.id)).toEqual({
      id: e.id, name: 'DiskFull', severity: 'critical', state: 'firing', labels: { instance: 'db-3' }, annotations: {},
      value: 0.93, source: 'mqtt', since: 1000, lastSeen: 1000, repeats: 0,
    });
    expect(firingCount()).toBe(1);
  });

  it('a repeat is not a new alert: counted, since kept, lastSeen moved', () => {
    const e = alert('DiskFull', 'firing', { instance: 'db-3' });
    applyAlerts([e], 1000);
    expect(applyAlerts([e], 2000)).toEqual(['repeat']);
    expect(applyAlerts([e], 3000)).toEqual(['repeat']);
    expect(byId().size).toBe(1);
    expect(byId().get(e.id)).toMatchObject({ since: 1000, lastSeen: 3000, repeats: 2, state: 'firing' });
  });

  it('a resolve ends the right one of two alerts with the same name', () => {
    const a = alert('DiskFull', 'firing', { instance: 'db-3' });
    const b = alert('DiskFull', 'firing', { instance: 'db-4' });
    expect(applyAlerts([a, b], 1000)).toEqual(['new', 'new']);
    expect(applyAlerts([alert('DiskFull', 'resolved', { instance: 'db-4' })], 2000)).toEqual(['resolved']);
    expect(byId().get(a.id)).toMatchObject({ state: 'firing' });
    expect(byId().get(a.id)?.resolvedAt).toBeUndefined();
    expect(byId().get(b.id)).toMatchObject({ state: 'resolved', resolvedAt: 2000, since: 1000 });
    expect(firingCount()).toBe(1);
  });

  it('a resolve for an unknown alert, or a second resolve, is ignored and changes nothing', () => {
    expect(applyAlerts([alert('Ghost', 'resolved')], 1000)).toEqual(['ignored']);
    expect(byId().size).toBe(0);
    const e = alert('X', 'firing');
    applyAlerts([e], 1000);
    applyAlerts([alert('X', 'resolved')], 2000);
    expect(applyAlerts([alert('X', 'resolved')], 3000)).toEqual(['ignored']);
    expect(byId().get(e.id)).toMatchObject({ resolvedAt: 2000, lastSeen: 2000 });
  });

  it('firing again after a resolve is new again', () => {
    const e = alert('X', 'firing');
    applyAlerts([e], 1000);
    applyAlerts([{ ...e, state: 'resolved' }], 2000);
    expect(applyAlerts([e], 3000)).toEqual(['new']);
    expect(byId().get(e.id)).toMatchObject({ state: 'firing', since: 3000, repeats: 0 });
    expect(byId().get(e.id)?.resolvedAt).toBeUndefined();
  });

  it('handles transitions within one batch in order', () => {
    const e = alert('X', 'firing');
    expect(applyAlerts([e, e, { ...e, state: 'resolved' }, { ...e, state: 'resolved' }, e], 1000)).toEqual([
      'new', 'repeat', 'resolved', 'ignored', 'new',
    ]);
  });

  it('updates the store once per batch', () => {
    let updates = 0;
    const unsub = alertsStore.subscribe(() => updates++);
    applyAlerts(Array.from({ length: 50 }, (_, i) => alert(`A${i}`, 'firing')));
    unsub();
    expect(updates).toBe(1);
    expect(byId().size).toBe(50);
  });

  it('keeps Map order as recency order', () => {
    applyAlerts([alert('A', 'firing'), alert('B', 'firing'), alert('C', 'firing')], 1);
    applyAlerts([alert('A', 'firing')], 2);
    expect([...byId().values()].map((r) => r.name)).toEqual(['B', 'C', 'A']);
  });
});

describe('bounded by MAX_ALERTS', () => {
  it('evicts the oldest resolved first, never a firing one', () => {
    const firing = Array.from({ length: 10 }, (_, i) => alert(`Firing${i}`, 'firing'));
    applyAlerts(firing, 1);
    const resolvedIds: string[] = [];
    // Fill up with alerts that fire and resolve, oldest first.
    const batch: AlertEvent[] = [];
    for (let i = 0; i < MAX_ALERTS - 10; i++) {
      const e = alert(`Old${i}`, 'firing');
      batch.push(e, { ...e, state: 'resolved' });
      resolvedIds.push(e.id);
    }
    applyAlerts(batch, 2);
    expect(byId().size).toBe(MAX_ALERTS);

    applyAlerts([alert('Newest1', 'firing'), alert('Newest2', 'firing'), alert('Newest3', 'firing')], 3);
    expect(byId().size).toBe(MAX_ALERTS);
    for (const id of resolvedIds.slice(0, 3)) expect(byId().has(id)).toBe(false);
    expect(byId().has(resolvedIds[3]!)).toBe(true);
    for (const f of firing) expect(byId().get(f.id)?.state).toBe('firing');
    expect(byId().has(alert('Newest3', 'firing').id)).toBe(true);
    expect(firingCount()).toBe(13);
  });

  it('the store itself never holds more than MAX_ALERTS while resolved ones can go', () => {
    for (let round = 0; round < 3; round++) {
      const batch: AlertEvent[] = [];
      for (let i = 0; i < 2000; i++) {
        const e = alert(`R${round}-${i}`, 'firing');
        batch.push(e, { ...e, state: 'resolved' });
      }
      applyAlerts(batch);
      expect(byId().size).toBeLessThanOrEqual(MAX_ALERTS);
    }
    expect(byId().has(alert('R2-1999', 'firing').id)).toBe(true);
    expect(byId().has(alert('R0-0', 'firing').id)).toBe(false);
  });

  it('a storm of firing alerts past MAX_ALERTS keeps them all; once some resolve, those go first', () => {
    const storm = Array.from({ length: MAX_ALERTS + 100 }, (_, i) => alert(`Storm${i}`, 'firing'));
    applyAlerts(storm.slice(0, MAX_ALERTS));
    applyAlerts(storm.slice(MAX_ALERTS));
    expect(byId().size).toBe(MAX_ALERTS + 100);
    applyAlerts([{ ...storm[7]!, state: 'resolved' }, { ...storm[9]!, state: 'resolved' }]);
    // The two resolved are evicted at once (they are the only ones that may go).
    expect(byId().size).toBe(MAX_ALERTS + 98);
    expect(byId().has(storm[7]!.id)).toBe(false);
    // Re-fired, then resolved again: counted once, and it goes.
    applyAlerts([{ ...storm[3]!, state: 'resolved' }]);
    applyAlerts([storm[3]!]);
    applyAlerts([alert('Later', 'firing')]);
    expect(byId().get(storm[3]!.id)?.state).toBe('firing');
    expect(byId().size).toBe(MAX_ALERTS + 99);
  });
});

describe('changed: what an update wrote', () => {
  it('names the ids a batch wrote or removed, and none it ignored', () => {
    applyAlerts([alert('A', 'firing'), alert('B', 'firing')]);
    expect(alertsStore.getState().changed).toEqual([alert('A', 'firing').id, alert('B', 'firing').id]);
    applyAlerts([alert('A', 'resolved'), alert('C', 'resolved')]); // C was never seen: ignored
    expect(alertsStore.getState().changed).toEqual([alert('A', 'firing').id]);
    expect(alertsStore.getState().writes).toBe(4);
  });

  it('names evicted ids too', () => {
    const batch: AlertEvent[] = [];
    for (let i = 0; i < MAX_ALERTS; i++) {
      const e = alert(`Old${i}`, 'firing');
      batch.push(e, { ...e, state: 'resolved' });
    }
    applyAlerts(batch);
    applyAlerts([alert('New', 'firing')]);
    expect(alertsStore.getState().changed).toEqual([alert('New', 'firing').id, alert('Old0', 'firing').id]);
  });
});

describe('resetAlerts', () => {
  it('empties the store (tests start clean)', () => {
    applyAlerts([alert('A', 'firing')]);
    resetAlerts();
    expect(byId().size).toBe(0);
    expect(firingCount()).toBe(0);
  });
});
