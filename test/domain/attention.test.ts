// Who may sound now: snoozes (per alert, global), quiet hours, and pruning.
import { afterEach, describe, expect, it } from 'vitest';
import type { AlertView, Attention } from '../../src/domain/attention';
import { EMPTY_ATTENTION, inQuietHours, isQuiet, parseHHMM, pruneAttention } from '../../src/domain/attention';
import { createFakeClock } from '../helpers/fake-clock';

const MIN = 60_000;
const firing = (id: string, severity = 'warning'): AlertView => ({ id, severity, state: 'firing' });
const resolved = (id: string, severity = 'warning'): AlertView => ({ id, severity, state: 'resolved' });
const noon = 12 * 60;
const at = (hh: number, mm = 0) => hh * 60 + mm;

describe('snoozes', () => {
  it('a timed snooze holds until its time, then lapses by itself', () => {
    const clock = createFakeClock(1_000_000);
    const a: Attention = { ...EMPTY_ATTENTION, snoozed: { x: { kind: 'time', until: clock.now() + 15 * MIN } } };
    expect(isQuiet(a, firing('x'), clock.now(), noon, true)).toBe(true);
    clock.advance(15 * MIN - 1);
    expect(isQuiet(a, firing('x'), clock.now(), noon, true)).toBe(true);
    clock.advance(1);
    expect(isQuiet(a, firing('x'), clock.now(), noon, true)).toBe(false);
    // Only the snoozed alert is quiet.
    expect(isQuiet(a, firing('y'), 1_000_000, noon, true)).toBe(false);
  });

  it('"until resolved" holds while the alert fires, and not for its all-clear', () => {
    const a: Attention = { ...EMPTY_ATTENTION, snoozed: { x: { kind: 'resolved' } } };
    expect(isQuiet(a, firing('x'), 0, noon, true)).toBe(true);
    expect(isQuiet(a, resolved('x'), 0, noon, false)).toBe(false);
  });

  it('a global snooze quiets every alert: for a time, or while anything fires', () => {
    const clock = createFakeClock(5_000);
    const timed: Attention = { ...EMPTY_ATTENTION, global: { kind: 'time', until: clock.now() + 60 * MIN } };
    expect(isQuiet(timed, firing('a', 'critical'), clock.now(), noon, true)).toBe(true);
    expect(isQuiet(timed, undefined, clock.now(), noon, true)).toBe(true); // system sounds too
    clock.advance(60 * MIN);
    expect(isQuiet(timed, firing('a', 'critical'), clock.now(), noon, true)).toBe(false);

    const untilResolved: Attention = { ...EMPTY_ATTENTION, global: { kind: 'resolved' } };
    expect(isQuiet(untilResolved, firing('a'), 0, noon, true)).toBe(true);
    expect(isQuiet(untilResolved, firing('a'), 0, noon, false)).toBe(false);
  });
});

describe('quiet hours', () => {
  const night = { enabled: true, start: '22:00', end: '07:00' };

  it('wrap midnight: 22:00–07:00 covers late evening and early morning, not the day', () => {
    expect(inQuietHours(night, at(21, 59))).toBe(false);
    expect(inQuietHours(night, at(22))).toBe(true);
    expect(inQuietHours(night, at(23, 59))).toBe(true);
    expect(inQuietHours(night, at(0))).toBe(true);
    expect(inQuietHours(night, at(6, 59))).toBe(true);
    expect(inQuietHours(night, at(7))).toBe(false);
    expect(inQuietHours(night, noon)).toBe(false);
  });

  it('a span within one day, disabled hours, equal or bad times', () => {
    const lunch = { enabled: true, start: '12:00', end: '13:30' };
    expect([at(11, 59), at(12), at(13, 29), at(13, 30)].map((m) => inQuietHours(lunch, m))).toEqual([false, true, true, false]);
    expect(inQuietHours({ ...night, enabled: false }, at(23))).toBe(false);
    expect(inQuietHours({ enabled: true, start: '08:00', end: '08:00' }, at(8))).toBe(false);
    expect(inQuietHours({ enabled: true, start: '25:00', end: '07:00' }, at(3))).toBe(false);
    expect(parseHHMM('7:00')).toBeNull();
    expect(parseHHMM('07:05')).toBe(425);
  });

  it('in quiet hours only critical alerts sound', () => {
    const a: Attention = { ...EMPTY_ATTENTION, quietHours: night };
    expect(isQuiet(a, firing('w', 'warning'), 0, at(23), true)).toBe(true);
    expect(isQuiet(a, firing('i', 'info'), 0, at(3), true)).toBe(true);
    expect(isQuiet(a, firing('c', 'critical'), 0, at(23), true)).toBe(false);
    expect(isQuiet(a, firing('p', 'page'), 0, at(23), true)).toBe(false); // a critical-family severity
    expect(isQuiet(a, undefined, 0, at(23), true)).toBe(true); // system sounds wait too
    expect(isQuiet(a, firing('w', 'warning'), 0, noon, true)).toBe(false);
  });
});

describe('pruneAttention', () => {
  it('drops lapsed and ended snoozes and acknowledgements, keeps what still holds', () => {
    const now = 10 * MIN;
    const a: Attention = {
      ...EMPTY_ATTENTION,
      snoozed: {
        lapsed: { kind: 'time', until: now - 1 },
        running: { kind: 'time', until: now + MIN },
        stillFiring: { kind: 'resolved' },
        ended: { kind: 'resolved' },
      },
      acked: { stillFiring: true, ended: true },
      global: { kind: 'time', until: now + 1 },
    };
    const p = pruneAttention(a, now, new Set(['stillFiring']));
    expect(Object.keys(p.snoozed).sort()).toEqual(['running', 'stillFiring']);
    expect(p.acked).toEqual({ stillFiring: true });
    expect(p.global).toEqual({ kind: 'time', until: now + 1 });
    expect(p.quietHours).toBe(a.quietHours);
  });

  it('ends a global snooze when its time has passed, or (until resolved) when nothing fires', () => {
    expect(pruneAttention({ ...EMPTY_ATTENTION, global: { kind: 'time', until: 5 } }, 5, new Set(['a'])).global).toBeUndefined();
    expect(pruneAttention({ ...EMPTY_ATTENTION, global: { kind: 'resolved' } }, 0, new Set()).global).toBeUndefined();
    expect(pruneAttention({ ...EMPTY_ATTENTION, global: { kind: 'resolved' } }, 0, new Set(['a'])).global).toEqual({ kind: 'resolved' });
  });
});

describe('attention upkeep against the live stores', async () => {
  const { startAttentionUpkeep } = await import('../../src/app/attention');
  const { applyAlerts, resetAlerts } = await import('../../src/store/alerts');
  const { attentionStore, markAcknowledged, resetAttention, snoozeAlert } = await import('../../src/store/attention');
  const ev = (name: string, state: 'firing' | 'resolved') =>
    ({ kind: 'alert', id: name, name, severity: 'critical', state, labels: {}, annotations: {}, source: 'mqtt', receivedAt: 0 }) as const;
  let stop = () => {};
  afterEach(() => {
    stop();
    resetAlerts();
    resetAttention();
  });

  it('"until resolved" and acknowledgements end when the alert resolves, so its next firing is heard', () => {
    stop = startAttentionUpkeep();
    applyAlerts([ev('x', 'firing'), ev('y', 'firing')]);
    snoozeAlert('x', { kind: 'resolved' });
    snoozeAlert('y', { kind: 'time', until: Date.now() + MIN });
    markAcknowledged('x');
    applyAlerts([ev('y', 'firing')]);
    expect(attentionStore.getState().snoozed.x).toEqual({ kind: 'resolved' });
    applyAlerts([ev('x', 'resolved')]);
    expect(attentionStore.getState().snoozed.x).toBeUndefined();
    expect(attentionStore.getState().acked.x).toBeUndefined();
    expect(attentionStore.getState().snoozed.y).toBeDefined();
  });
});
