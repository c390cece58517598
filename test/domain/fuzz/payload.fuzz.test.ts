// MQTT payloads, 10,000 cases (FUZZ_RUNS): bytes, text, JSON and near-valid alerts in
// all three shapes. parseMessage never throws; a rejection names a known reason.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { REJECT_REASONS } from '../../../src/domain/events';
import { parseMessage } from '../../../src/domain/payload';
import { RUNS, asText, json, nearValid, prototypeIsClean, str } from './arbitraries';

const VALID = [
  { name: 'DiskFull', severity: 'critical', state: 'firing', labels: { instance: 'db-3' }, annotations: { summary: 'full' }, value: 0.93, id: 'x', timestamp: 1_700_000_000 },
  { value: 0.93, alert: { status: 'firing', labels: { alertname: 'HighMemory', severity: 'warning' }, annotations: { value: '1.5' }, fingerprint: 'abc' }, timestamp: '2024-01-01T00:00:00Z' },
  { version: '4', status: 'firing', alerts: [{ status: 'resolved', labels: { alertname: 'A', instance: 'i' }, fingerprint: 'f1' }, { labels: { alertname: 'B' } }] },
  { value: 0.42, timestamp: 1_700_000_000_000 },
  0.5,
];

const topic = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom('alerts/critical', 'alerts/warning', 'alerts/info', 'alerts/webhook', 'metrics/cpu', 'metrics/db-1/disk') },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom('alerts', 'metrics', 'x'), str).map(([a, b]) => `${a}/${b}`) },
  { weight: 1, arbitrary: str },
);
const payload = fc.oneof(
  { weight: 4, arbitrary: asText(nearValid(VALID)) },
  { weight: 2, arbitrary: asText(json) },
  { weight: 1, arbitrary: str },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 64 }) },
);

describe('fuzz: MQTT payloads (parseMessage)', () => {
  it(`never throws; events are well-formed, rejections name a known reason`, () => {
    const seen = new Map<string, number>();
    fc.assert(
      fc.property(topic, payload, (t, p) => {
        const r = parseMessage(p, { topic: t, receivedAt: 0, source: 'mqtt' });
        if (r.ok) {
          for (const e of r.events) {
            expect(e.name.length).toBeGreaterThan(0);
            if (e.kind === 'alert') for (const v of Object.values(e.labels)) expect(typeof v).toBe('string');
            else expect(Number.isFinite(e.value)).toBe(true);
          }
          seen.set('ok', (seen.get('ok') ?? 0) + 1);
        } else {
          expect(REJECT_REASONS).toContain(r.rejection.reason);
          expect(r.rejection.detail.length).toBeGreaterThan(0);
          // The reason survives however long the offending key: "invalid alert: <path>: <why>".
          if (r.rejection.reason === 'invalid_shape' && r.rejection.detail.startsWith('invalid ')) expect(r.rejection.detail).toMatch(/^invalid [a-z ]+: .{1,170}: \S/s);
          seen.set(r.rejection.reason, (seen.get(r.rejection.reason) ?? 0) + 1);
        }
      }),
      RUNS,
    );
    expect(prototypeIsClean()).toBe(true);
    // The generators reach both sides: accepted payloads and several reasons.
    expect(seen.get('ok')).toBeGreaterThan(0);
    expect(seen.size).toBeGreaterThan(4);
  });
});
