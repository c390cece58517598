import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AlertEvent } from '../../src/domain/events';
import { alertIdentity, labelKey } from '../../src/domain/identity';
import { parseMessage } from '../../src/domain/payload';

const alertOf = (topic: string, body: unknown): AlertEvent => {
  const r = parseMessage(JSON.stringify(body), { topic, receivedAt: 0, source: 'mqtt' });
  if (!r.ok) throw new Error(r.rejection.detail);
  expect(r.events).toHaveLength(1);
  return r.events[0] as AlertEvent;
};

describe('alertIdentity', () => {
  it('an explicit id wins over name and labels', () => {
    expect(alertIdentity('DiskFull', { instance: 'a' }, 'abc')).toBe(alertIdentity('Other', { instance: 'b' }, 'abc'));
    expect(alertIdentity('DiskFull', { instance: 'a' }, 'abc')).not.toBe(alertIdentity('DiskFull', { instance: 'a' }, 'abd'));
    expect(alertIdentity('DiskFull', { instance: 'a' }, 'abc')).not.toBe(alertIdentity('DiskFull', { instance: 'a' }));
  });

  it('an empty explicit id counts as none', () => {
    expect(alertIdentity('DiskFull', { instance: 'a' }, '')).toBe(alertIdentity('DiskFull', { instance: 'a' }));
  });

  it('does not depend on label order', () => {
    expect(alertIdentity('DiskFull', { instance: 'db-3', service: 'pg', zone: 'a' })).toBe(
      alertIdentity('DiskFull', { zone: 'a', service: 'pg', instance: 'db-3' }),
    );
    expect(labelKey({ b: '2', a: '1' })).toBe(labelKey({ a: '1', b: '2' }));
  });

  it('name and each label value matter', () => {
    const base = alertIdentity('DiskFull', { instance: 'db-3' });
    expect(alertIdentity('DiskFilling', { instance: 'db-3' })).not.toBe(base);
    expect(alertIdentity('DiskFull', { instance: 'db-4' })).not.toBe(base);
    expect(alertIdentity('DiskFull', { instance: 'db-3', extra: '' })).not.toBe(base);
  });

  it('label keys or values with separators do not collide', () => {
    expect(alertIdentity('X', { a: '1', b: '2' })).not.toBe(alertIdentity('X', { 'a="1",b': '2' }));
    expect(alertIdentity('X', { a: '1,b=2' })).not.toBe(alertIdentity('X', { a: '1', b: '2' }));
  });

  it('property: order-independent for any label set', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.string(), { maxKeys: 8 }), fc.string({ minLength: 1 }), (labels, name) => {
        const reversed = Object.fromEntries(Object.entries(labels).reverse());
        expect(alertIdentity(name, reversed)).toBe(alertIdentity(name, labels));
      }),
      { numRuns: 2000 },
    );
  });

  it('property: different label sets give different identities', () => {
    // alertname is deliberately folded into the name (see the flat/Alertmanager test below).
    // A small alphabet heavy in separators, so near-collisions actually come up.
    const tricky = fc.string({ unit: fc.constantFrom('a', 'b', '=', ',', '"', '\\', '{', '}'), maxLength: 6 });
    const key = fc.oneof(tricky, fc.string({ maxLength: 6 })).filter((k) => k !== 'alertname');
    const labels = fc.dictionary(key, fc.oneof(tricky, fc.string({ maxLength: 6 })), { maxKeys: 5 });
    const canonical = (l: Record<string, string>) => JSON.stringify(Object.entries(l).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)));
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 10 }), labels, labels, (name, a, b) => {
        fc.pre(canonical(a) !== canonical(b));
        expect(alertIdentity(name, a)).not.toBe(alertIdentity(name, b));
      }),
      { numRuns: 2000 },
    );
  });

  it('property: a near-identical label set (one key or value changed) is a different alert', () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.stringMatching(/^[a-z_]{1,8}$/), fc.string({ maxLength: 10 }), { minKeys: 1, maxKeys: 6 }),
        fc.string({ minLength: 1, maxLength: 4 }),
        (labels, suffix) => {
          const [k, v] = Object.entries(labels)[0]!;
          const changedValue = { ...labels, [k]: v + suffix };
          const { [k]: _gone, ...rest } = labels;
          const changedKey = { ...rest, [k + suffix]: v };
          const id = alertIdentity('DiskFull', labels);
          expect(alertIdentity('DiskFull', changedValue)).not.toBe(id);
          if (!(k + suffix in labels)) expect(alertIdentity('DiskFull', changedKey)).not.toBe(id);
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('identity across payload shapes', () => {
  const labels = { instance: 'db-3:9100', job: 'node', severity: 'critical' };

  it('flat and Alertmanager shapes of the same alert share an identity', () => {
    const flat = alertOf('alerts/critical', { name: 'DiskFull', labels });
    const bridge = alertOf('alerts/critical', { value: 0.9, alert: { status: 'firing', labels: { alertname: 'DiskFull', ...labels } } });
    const webhook = alertOf('alerts/am', { alerts: [{ status: 'resolved', labels: { ...labels, alertname: 'DiskFull' } }] });
    expect(bridge.id).toBe(flat.id);
    expect(webhook.id).toBe(flat.id);
  });

  it('a flat alert that repeats alertname in its labels is still the same alert', () => {
    const a = alertOf('alerts/critical', { name: 'DiskFull', labels });
    const b = alertOf('alerts/critical', { name: 'DiskFull', labels: { ...labels, alertname: 'DiskFull' } });
    expect(b.id).toBe(a.id);
  });

  it('a fingerprint or id gives the explicit identity', () => {
    expect(alertOf('alerts/x', { alert: { labels: { alertname: 'A' }, fingerprint: 'f1' } }).id).toBe(alertIdentity('other', {}, 'f1'));
    expect(alertOf('alerts/x', { name: 'A', id: 'f1' }).id).toBe(alertIdentity('other', {}, 'f1'));
  });

  it('the same name on two instances is two alerts', () => {
    const a = alertOf('alerts/critical', { name: 'DiskFull', labels: { instance: 'db-3' } });
    const b = alertOf('alerts/critical', { name: 'DiskFull', labels: { instance: 'db-4' } });
    expect(a.id).not.toBe(b.id);
  });
});
