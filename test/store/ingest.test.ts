import { beforeEach, describe, expect, it } from 'vitest';
import type { RejectReason, Rejection } from '../../src/domain/events';
import { REJECT_REASONS } from '../../src/domain/events';
import { countAccepted, countAcceptedBy, countRejected, ingestStore, resetIngest, totalRejected } from '../../src/store/ingest';

const rej = (reason: RejectReason, n = 0): Rejection => ({ reason, detail: `${reason} #${n}`, topic: 'alerts/critical' });

beforeEach(() => resetIngest());

describe('ingest store', () => {
  it('starts empty', () => {
    expect(ingestStore.getState()).toEqual({ accepted: 0, acceptedBySource: {}, rejectedByReason: {}, recentRejections: [] });
    expect(totalRejected()).toBe(0);
  });

  it('counts accepted events', () => {
    countAccepted(3);
    countAccepted(1);
    expect(ingestStore.getState().accepted).toBe(4);
  });

  it('counts rejections by reason', () => {
    countRejected(rej('not_json'));
    countRejected(rej('not_json'));
    countRejected(rej('hostile_key'));
    countRejected(rej('too_large'));
    countRejected(rej('not_json'));
    expect(ingestStore.getState().rejectedByReason).toEqual({ not_json: 3, hostile_key: 1, too_large: 1 });
    expect(totalRejected()).toBe(5);
    expect(ingestStore.getState().accepted).toBe(0);
  });

  it('counts every reason', () => {
    REJECT_REASONS.forEach((r, i) => {
      for (let k = 0; k <= i; k++) countRejected(rej(r, k));
    });
    const by = ingestStore.getState().rejectedByReason;
    REJECT_REASONS.forEach((r, i) => expect(by[r]).toBe(i + 1));
    expect(totalRejected()).toBe((REJECT_REASONS.length * (REJECT_REASONS.length + 1)) / 2);
  });

  it('keeps a bounded list of recent rejections, newest first', () => {
    for (let i = 0; i < 100; i++) countRejected(rej('invalid_shape', i));
    const recent = ingestStore.getState().recentRejections;
    expect(recent.length).toBe(20);
    expect(recent[0]!.detail).toBe('invalid_shape #99');
    expect(recent.at(-1)!.detail).toBe('invalid_shape #80');
    expect(ingestStore.getState().rejectedByReason.invalid_shape).toBe(100);
  });

  it('counts accepted events by source and kind, one update per batch', () => {
    const alert = (source: 'mqtt' | 'demo') =>
      ({ kind: 'alert', id: 'a', name: 'A', severity: 'info', state: 'firing', labels: {}, annotations: {}, source, receivedAt: 0 }) as const;
    const metric = (source: 'mqtt' | 'demo') => ({ kind: 'metric', name: 'cpu', value: 1, source, receivedAt: 0 }) as const;
    let updates = 0;
    const unsub = ingestStore.subscribe(() => updates++);
    countAcceptedBy([alert('mqtt'), alert('mqtt'), metric('mqtt'), metric('demo')]);
    countAcceptedBy([]);
    countAcceptedBy([alert('demo')]);
    unsub();
    expect(updates).toBe(2);
    expect(ingestStore.getState().acceptedBySource).toEqual({ mqtt: { alert: 2, metric: 1 }, demo: { alert: 1, metric: 1 } });
  });

  it('resetIngest clears counts and the list', () => {
    countAccepted(5);
    countRejected(rej('too_deep'));
    resetIngest();
    expect(ingestStore.getState()).toEqual({ accepted: 0, acceptedBySource: {}, rejectedByReason: {}, recentRejections: [] });
  });
});
