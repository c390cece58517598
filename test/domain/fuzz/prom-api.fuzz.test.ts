// Prometheus and Alertmanager answers, 10,000 cases each (FUZZ_RUNS): any status, HTML,
// truncated or corrupted JSON, near-valid bodies. getJson either returns data the
// schema vouches for (then turned into events and silence checks, which never throw)
// or rejects with an Error that says what went wrong, and nothing else.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { amAlertId, amAlertsSchema, amSilencesSchema, fromPromAlert, promAlertsSchema, promQuerySchema, silenceMatches } from '../../../src/domain/prom-api';
import { getJson } from '../../../src/sources/http-json';
import { RUNS, asText, json, nearValid, prototypeIsClean, str } from './arbitraries';

const PROM_ALERTS = { status: 'success', data: { alerts: [{ labels: { alertname: 'DiskFull', severity: 'critical', instance: 'db-3' }, annotations: { summary: 's' }, state: 'firing', activeAt: '2024-01-01T00:00:00Z', value: '9.5e-01' }, { labels: { alertname: 'P' }, state: 'pending' }] } };
const PROM_QUERY = [
  { status: 'success', data: { resultType: 'vector', result: [{ metric: { instance: 'a' }, value: [1700000000.1, '0.5'] }, { metric: {}, value: [1, 'NaN'] }] } },
  { status: 'success', data: { resultType: 'scalar', result: [1, '+Inf'] } },
  { status: 'error', errorType: 'bad_data', error: 'parse error at char 3' },
];
const AM_ALERTS = [{ labels: { alertname: 'DiskFull', instance: 'db-3' }, annotations: {}, fingerprint: 'abc', startsAt: 'x', endsAt: 'y', status: { state: 'suppressed', silencedBy: ['s1'], inhibitedBy: [] } }];
const AM_SILENCES = [{ id: 's1', status: { state: 'active' }, createdBy: 'alice', comment: 'c', startsAt: 'a', endsAt: 'b', matchers: [{ name: 'instance', value: 'db-.*', isRegex: true, isEqual: true }, { name: 'alertname', value: 'DiskFull', isRegex: false }] }];

const status = fc.constantFrom(200, 200, 200, 200, 204, 400, 404, 422, 500, 502, 503);
function body(valids: unknown[]) {
  return fc.oneof(
    { weight: 5, arbitrary: asText(nearValid(valids)) },
    { weight: 2, arbitrary: asText(json) },
    { weight: 1, arbitrary: fc.constantFrom('<!doctype html><title>Login</title>', '', '   ', 'null', '{"status":"success"', 'upstream connect error') },
    { weight: 1, arbitrary: str },
  );
}

async function fetchOnce(text: string, code: number) {
  // Just what getJson reads of a Response (a real one costs more than the parse).
  const res = { ok: code >= 200 && code < 300, status: code, text: async () => (code === 204 ? '' : text) } as Response;
  return getJson(async () => res, 'http://x/api', schemaOf.current, 'Prometheus alerts', new AbortController().signal);
}
const schemaOf: { current: any } = { current: promAlertsSchema };

/** Runs getJson on the body; checks the outcome; returns 'ok' or the error's first words. */
async function outcome(schema: unknown, text: string, code: number, use: (data: any) => void): Promise<string> {
  schemaOf.current = schema;
  try {
    const data = await fetchOnce(text, code);
    use(data);
    return 'ok';
  } catch (err) {
    expect(err).toBeInstanceOf(Error);
    const msg = (err as Error).message;
    expect(msg.length).toBeGreaterThan(0);
    expect(msg).toMatch(/^(Prometheus alerts|unexpected Prometheus alerts answer)/);
    if (/^unexpected/.test(msg)) expect(msg).toMatch(/^unexpected [A-Za-z ]+ answer: .{1,170}: \S/s);
    return /^unexpected/.test(msg) ? 'wrong shape' : /HTML|empty body|not JSON/.test(msg) ? 'not JSON' : 'HTTP error';
  }
}

const LABELS: Record<string, string>[] = [{ alertname: 'DiskFull', instance: 'db-3' }, { instance: 'web-1' }, {}];

describe('fuzz: Prometheus and Alertmanager answers (getJson + schemas)', () => {
  it('Prometheus /api/v1/alerts and /api/v1/query', async () => {
    const seen = new Set<string>();
    await fc.assert(
      fc.asyncProperty(fc.boolean(), body([PROM_ALERTS, ...PROM_QUERY]), status, async (alerts, text, code) => {
        const r = await outcome(alerts ? promAlertsSchema : promQuerySchema, text, code, (d) => {
          if (alerts) for (const a of d.data.alerts) {
            const e = fromPromAlert(a, 0);
            if (e) expect(e.id.length).toBeGreaterThan(0);
          }
        });
        seen.add(r);
      }),
      RUNS,
    );
    expect(seen.has('ok')).toBe(true);
    expect([...seen].sort()).toEqual(['HTTP error', 'not JSON', 'ok', 'wrong shape']);
    expect(prototypeIsClean()).toBe(true);
  });

  it('Alertmanager /api/v2/alerts and /api/v2/silences', async () => {
    const seen = new Set<string>();
    await fc.assert(
      fc.asyncProperty(fc.boolean(), body([AM_ALERTS, AM_SILENCES]), status, async (alerts, text, code) => {
        const r = await outcome(alerts ? amAlertsSchema : amSilencesSchema, text, code, (d) => {
          if (alerts) for (const a of d) expect(typeof amAlertId(a)).toBe('string');
          else for (const s of d) for (const l of LABELS) expect(typeof silenceMatches(s, l)).toBe('boolean');
        });
        seen.add(r);
      }),
      RUNS,
    );
    expect(seen.has('ok')).toBe(true);
    expect([...seen].sort()).toEqual(['HTTP error', 'not JSON', 'ok', 'wrong shape']);
    expect(prototypeIsClean()).toBe(true);
  });
});
