import { describe, expect, it } from 'vitest';
import type { AlertEvent, MetricEvent, ParseResult, RejectReason } from '../../src/domain/events';
import { MAX_PAYLOAD_BYTES, parseMessage } from '../../src/domain/payload';

const ctx = (topic: string) => ({ topic, receivedAt: 1234.5, source: 'mqtt' as const });
const parse = (topic: string, payload: unknown) => parseMessage(typeof payload === 'string' ? payload : JSON.stringify(payload), ctx(topic));

function events(r: ParseResult) {
  if (!r.ok) throw new Error(`expected ok, got ${r.rejection.reason}: ${r.rejection.detail}`);
  return r.events;
}
function alertsOf(r: ParseResult): AlertEvent[] {
  const e = events(r);
  for (const x of e) expect(x.kind).toBe('alert');
  return e as AlertEvent[];
}
function only<T>(xs: T[]): T {
  expect(xs).toHaveLength(1);
  return xs[0]!;
}
function rejection(r: ParseResult, reason: RejectReason) {
  if (r.ok) throw new Error(`expected rejection ${reason}, got ${r.events.length} events`);
  expect(r.rejection.reason).toBe(reason);
  expect(r.rejection.detail.length).toBeGreaterThan(0);
  return r.rejection;
}

describe('flat alerts on alerts/<severity>', () => {
  it('accepts the full flat shape', () => {
    const a = only(alertsOf(parse('alerts/critical', {
      name: 'DiskFull', severity: 'critical', state: 'firing',
      labels: { instance: 'db-3', service: 'postgres' }, annotations: { summary: 'Disk almost full' },
      value: 0.93, id: 'disk-db-3',
    })));
    expect(a).toMatchObject({
      kind: 'alert', id: 'id:disk-db-3', name: 'DiskFull', severity: 'critical', state: 'firing',
      labels: { instance: 'db-3', service: 'postgres' }, annotations: { summary: 'Disk almost full' },
      value: 0.93, source: 'mqtt', receivedAt: 1234.5,
    });
    expect(a.sentAt).toBeUndefined();
  });

  it('needs only a name: severity from the topic, state firing, empty labels', () => {
    const a = only(alertsOf(parse('alerts/warning', { name: 'HighLatency' })));
    expect(a).toMatchObject({ name: 'HighLatency', severity: 'warning', state: 'firing', labels: {}, annotations: {} });
    expect(a.id.length).toBeGreaterThan(0);
    expect(a.value).toBeUndefined();
  });

  it('takes severity from the last topic segment and lower-cases it', () => {
    expect(only(alertsOf(parse('alerts/team-a/CRITICAL', { name: 'X' }))).severity).toBe('critical');
    expect(only(alertsOf(parse('alerts/info', { name: 'X', severity: 'Warning' }))).severity).toBe('warning');
  });

  it('accepts a resolve', () => {
    expect(only(alertsOf(parse('alerts/critical', { name: 'DiskFull', state: 'resolved' }))).state).toBe('resolved');
  });

  it('accepts a numeric string value and drops a non-numeric one', () => {
    expect(only(alertsOf(parse('alerts/info', { name: 'X', value: '0.5' }))).value).toBe(0.5);
    expect(only(alertsOf(parse('alerts/info', { name: 'X', value: 'n/a' }))).value).toBeUndefined();
  });
});

describe('the seed Python bridge shape', () => {
  const amAlert = {
    status: 'firing',
    labels: { alertname: 'DiskFull', instance: 'db-3:9100', job: 'node', severity: 'critical' },
    annotations: { summary: 'Disk almost full on db-3', value: '0.93' },
    startsAt: '2024-05-01T10:00:00.000Z',
    endsAt: '0001-01-01T00:00:00Z',
    generatorURL: 'http://prometheus:9090/graph?g0.expr=disk',
    fingerprint: '5e0b6a1c2f3d4e5f',
  };

  it('takes name from labels.alertname, state from status, id from fingerprint, severity from labels', () => {
    const a = only(alertsOf(parse('alerts/warning', { value: 0.93, alert: amAlert })));
    expect(a).toMatchObject({
      name: 'DiskFull', state: 'firing', id: 'id:5e0b6a1c2f3d4e5f', severity: 'critical', value: 0.93,
      labels: amAlert.labels, annotations: amAlert.annotations,
    });
  });

  it('falls back to the topic severity and to annotations.value as a string', () => {
    const { severity: _s, ...labels } = amAlert.labels;
    const a = only(alertsOf(parse('alerts/warning', { alert: { ...amAlert, labels, status: 'resolved', annotations: { value: '0.42' } } })));
    expect(a).toMatchObject({ severity: 'warning', state: 'resolved', value: 0.42 });
  });

  it('rejects a bridge alert without labels.alertname', () => {
    const r = rejection(parse('alerts/critical', { value: 1, alert: { ...amAlert, labels: { instance: 'x' } } }), 'invalid_shape');
    expect(r.detail).toMatch(/alertname/);
  });
});

describe('an Alertmanager 0.25 webhook body', () => {
  const body = {
    receiver: 'singing-pager',
    status: 'firing',
    alerts: [
      {
        status: 'firing',
        labels: { alertname: 'DiskFull', instance: 'db-3:9100', job: 'node', severity: 'critical' },
        annotations: { summary: 'Disk almost full on db-3', value: '0.97' },
        startsAt: '2024-05-01T10:00:00.000Z', endsAt: '0001-01-01T00:00:00Z',
        generatorURL: 'http://prometheus:9090/graph?g0.expr=node_filesystem_avail_bytes&g0.tab=1',
        fingerprint: '8c5b1f7a0d2e3c4b',
      },
      {
        status: 'resolved',
        labels: { alertname: 'HighLatency', instance: 'api-1:8080', job: 'api' },
        annotations: { summary: 'Slow responses on api-1' },
        startsAt: '2024-05-01T09:50:00.000Z', endsAt: '2024-05-01T10:01:00.000Z',
        generatorURL: 'http://prometheus:9090/graph?g0.expr=latency', fingerprint: '1a2b3c4d5e6f7081',
      },
      {
        status: 'firing',
        labels: { alertname: 'BackupSlow', instance: 'db-1:9100', severity: 'info' },
        annotations: {}, startsAt: '2024-05-01T10:00:30.000Z', endsAt: '0001-01-01T00:00:00Z',
        generatorURL: 'http://prometheus:9090/graph', fingerprint: 'ffeeddccbbaa0099',
      },
    ],
    groupLabels: { alertname: 'DiskFull' },
    commonLabels: { job: 'node' },
    commonAnnotations: {},
    externalURL: 'http://alertmanager:9093',
    version: '4',
    groupKey: '{}:{alertname="DiskFull"}',
    truncatedAlerts: 0,
  };

  it('yields one event per alert, on any alerts/... topic', () => {
    for (const topic of ['alerts/webhook', 'alerts/warning', 'alerts/am/prod']) {
      const as = alertsOf(parse(topic, body));
      expect(as.map((a) => [a.name, a.state, a.id])).toEqual([
        ['DiskFull', 'firing', 'id:8c5b1f7a0d2e3c4b'],
        ['HighLatency', 'resolved', 'id:1a2b3c4d5e6f7081'],
        ['BackupSlow', 'firing', 'id:ffeeddccbbaa0099'],
      ]);
      expect(as[0]!.severity).toBe('critical');
      expect(as[0]!.value).toBe(0.97);
      expect(as[2]!.severity).toBe('info');
    }
    // No severity label: the topic's last segment.
    expect(alertsOf(parse('alerts/warning', body))[1]!.severity).toBe('warning');
  });

  it('rejects a webhook whose alerts is not an array', () => {
    rejection(parse('alerts/x', { ...body, alerts: 'nope' }), 'invalid_shape');
  });
});

describe('metrics on metrics/<name>', () => {
  const metric = (r: ParseResult) => only(events(r)) as MetricEvent;

  it('accepts {"value": n} and a bare number', () => {
    expect(metric(parse('metrics/cpu', { value: 0.42 }))).toMatchObject({ kind: 'metric', name: 'cpu', value: 0.42, source: 'mqtt', receivedAt: 1234.5 });
    expect(metric(parse('metrics/queue', '17'))).toMatchObject({ name: 'queue', value: 17 });
    expect(metric(parse('metrics/queue', '17')).sentAt).toBeUndefined();
  });

  it('rejects a string value and a missing value', () => {
    rejection(parse('metrics/cpu', { value: '0.4' }), 'invalid_shape');
    rejection(parse('metrics/cpu', {}), 'invalid_shape');
    rejection(parse('metrics/cpu', '"0.4"'), 'invalid_shape');
  });
});

describe('timestamps → sentAt (epoch ms)', () => {
  const ms = Date.UTC(2024, 4, 1, 10, 0, 0, 250);
  it.each([
    ['seconds', ms / 1000],
    ['milliseconds', ms],
    ['ISO string', new Date(ms).toISOString()],
    ['seconds as a string', String(ms / 1000)],
  ])('%s', (_label, timestamp) => {
    expect(only(events(parse('metrics/cpu', { value: 1, timestamp }))).sentAt).toBeCloseTo(ms, 3);
    expect(only(events(parse('alerts/info', { name: 'X', timestamp }))).sentAt).toBeCloseTo(ms, 3);
    expect(only(events(parse('alerts/info', { alert: { labels: { alertname: 'X' } }, timestamp }))).sentAt).toBeCloseTo(ms, 3);
  });
  it('ignores unusable timestamps', () => {
    for (const timestamp of [0, -5, 'yesterday']) {
      expect(only(events(parse('metrics/cpu', { value: 1, timestamp }))).sentAt).toBeUndefined();
    }
  });
});

describe('rejections', () => {
  it('not JSON', () => {
    rejection(parse('alerts/critical', '{name: DiskFull}'), 'not_json');
    rejection(parse('metrics/cpu', ''), 'not_json');
  });

  it('wrong types', () => {
    rejection(parse('alerts/critical', { name: 42 }), 'invalid_shape');
    rejection(parse('alerts/critical', { name: 'X', state: 'pending' }), 'invalid_shape');
    rejection(parse('alerts/critical', { name: 'X', labels: { a: 1 } }), 'invalid_shape');
    rejection(parse('alerts/critical', [{ name: 'X' }]), 'invalid_shape');
    rejection(parse('alerts/critical', 'null'), 'invalid_shape');
  });

  it('missing name', () => {
    const r = rejection(parse('alerts/critical', { severity: 'critical', labels: {} }), 'invalid_shape');
    expect(r.detail).toMatch(/name/);
    rejection(parse('alerts/critical', { name: '' }), 'invalid_shape');
  });

  it('NaN / Infinity', () => {
    rejection(parse('metrics/cpu', '1e999'), 'non_finite');
    rejection(parse('metrics/cpu', '{"value": -1e999}'), 'non_finite');
    rejection(parse('alerts/critical', '{"name": "X", "labels": {}, "extra": [1, 2, 1e400]}'), 'non_finite');
    rejection(parse('metrics/cpu', 'NaN'), 'not_json');
  });

  it('oversized (> MAX_PAYLOAD_BYTES), as a string and as bytes', () => {
    const big = JSON.stringify({ name: 'X', annotations: { pad: 'x'.repeat(MAX_PAYLOAD_BYTES) } });
    const r = rejection(parse('alerts/critical', big), 'too_large');
    expect(r.detail).toMatch(String(MAX_PAYLOAD_BYTES));
    rejection(parseMessage(new TextEncoder().encode(big), ctx('alerts/critical')), 'too_large');
    // Multi-byte text under the character cap but over the byte cap.
    const wide = JSON.stringify({ name: 'X', annotations: { pad: 'é'.repeat(MAX_PAYLOAD_BYTES / 2 + 10) } });
    expect(wide.length).toBeLessThan(MAX_PAYLOAD_BYTES);
    rejection(parse('alerts/critical', wide), 'too_large');
  });

  it('counts the cap in UTF-8 bytes, exactly at the boundary', () => {
    const mixed = '😀é€a'.repeat(1000); // 4 + 2 + 3 + 1 bytes
    const withPad = (extra: number) => `{"value":1,"pad":"${mixed}${'a'.repeat(extra)}"}`;
    const base = new TextEncoder().encode(withPad(0)).byteLength;
    const atCap = withPad(MAX_PAYLOAD_BYTES - base);
    expect(new TextEncoder().encode(atCap).byteLength).toBe(MAX_PAYLOAD_BYTES);
    expect(parse('metrics/cpu', atCap).ok).toBe(true);
    expect(parseMessage(new TextEncoder().encode(atCap), ctx('metrics/cpu')).ok).toBe(true);
    rejection(parse('metrics/cpu', withPad(MAX_PAYLOAD_BYTES - base + 1)), 'too_large');
    rejection(parse('metrics/cpu', `${atCap.slice(0, -2)}😀"}`), 'too_large');
  });

  it.each(['__proto__', 'constructor', 'prototype'])('hostile key %s, without polluting Object.prototype', (key) => {
    const nested = `{"name": "X", "labels": {"${key}": {"polluted": "yes"}}}`;
    const top = `{"name": "X", "${key}": {"polluted": "yes"}}`;
    const inArray = `{"alerts": [{"labels": {"alertname": "X"}, "${key}": {"polluted": "yes"}}]}`;
    for (const p of [nested, top, inArray]) rejection(parse('alerts/critical', p), 'hostile_key');
    rejection(parse('metrics/cpu', `{"value": 1, "${key}": {"polluted": "yes"}}`), 'hostile_key');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
  });

  it('too deep nesting', () => {
    const deep = (n: number) => `{"name": "X", "extra": ${'['.repeat(n)}${']'.repeat(n)}}`;
    rejection(parse('alerts/critical', deep(100)), 'too_deep');
    rejection(parse('alerts/critical', deep(30_000)), 'too_deep');
    // Shallow extra structure is fine (and ignored).
    expect(events(parse('alerts/critical', deep(5)))).toHaveLength(1);
  });

  it.each(['foo/bar', 'alerts', 'metrics', 'alerts//x', 'alerts/', '/alerts/critical', 'metrics/cpu/', '', 'Alerts/critical'])(
    'unknown topic %j',
    (topic) => {
      const r = rejection(parse(topic, { name: 'X', value: 1 }), 'unknown_topic');
      expect(r.topic).toBe(topic);
    },
  );
});

describe('Uint8Array payloads', () => {
  const bytes = (s: string) => new TextEncoder().encode(s);
  it('parses the same as strings', () => {
    const alert = JSON.stringify({ name: 'DiskFull', labels: { instance: 'dĭsk-ü' } });
    expect(parseMessage(bytes(alert), ctx('alerts/critical'))).toEqual(parseMessage(alert, ctx('alerts/critical')));
    expect(events(parseMessage(bytes('0.5'), ctx('metrics/cpu')))[0]).toMatchObject({ value: 0.5 });
  });
  it('rejects invalid UTF-8 and binary junk without throwing', () => {
    rejection(parseMessage(new Uint8Array([0xff, 0xfe, 0x00, 0x7b]), ctx('alerts/critical')), 'not_json');
    rejection(parseMessage(new Uint8Array([]), ctx('metrics/cpu')), 'not_json');
  });
});

describe('metric names', () => {
  it('keep every topic segment after metrics/, so per-host voices stay apart', () => {
    const a = parseMessage('{"value":0.5}', { topic: 'metrics/db-1/cpu', receivedAt: 0, source: 'mqtt' });
    const b = parseMessage('0.7', { topic: 'metrics/db-2/cpu', receivedAt: 0, source: 'mqtt' });
    expect(a.ok && a.events[0]?.kind === 'metric' && a.events[0].name).toBe('db-1/cpu');
    expect(b.ok && b.events[0]?.kind === 'metric' && b.events[0].name).toBe('db-2/cpu');
  });
});
