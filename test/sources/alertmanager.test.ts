// The Alertmanager source and the suppressions slice: silences and inhibitions from
// the API v2, silences matched locally before Alertmanager has seen the alert.
import { beforeEach, describe, expect, it } from 'vitest';
import { amFingerprint } from '../../src/domain/fingerprint';
import { alertIdentity } from '../../src/domain/identity';
import { matcherMatches } from '../../src/domain/prom-api';
import { startAlertmanagerSource, type AmSnapshot } from '../../src/sources/alertmanager';
import type { ConnectionReport } from '../../src/sources/connection';
import { applyAmSnapshot, resetSuppressions, suppressionOf } from '../../src/store/suppressions';
import { createFakeClock } from '../helpers/fake-clock';

const flush = async () => {
  for (let i = 0; i < 10; i++) await new Promise((r) => setImmediate(r));
};
const NOW = Date.parse('2026-01-01T12:00:00Z');
const silence = (id: string, name: string, value: string, over: object = {}) => ({
  id, status: { state: 'active' }, createdBy: 'alice', comment: 'maintenance', startsAt: '2026-01-01T11:00:00Z', endsAt: '2026-01-01T13:00:00Z',
  matchers: [{ name, value, isRegex: false, isEqual: true }], updatedAt: '2026-01-01T11:00:00Z', ...over,
});
const diskLabels = { alertname: 'DiskFull', instance: 'db-3', severity: 'critical' };

beforeEach(() => resetSuppressions());

describe('Alertmanager source', () => {
  it('reads alerts and silences each poll, drops expired silences, and reports bad answers as errors', async () => {
    const clock = createFakeClock(0);
    const snaps: AmSnapshot[] = [];
    const states: ConnectionReport[] = [];
    let garbage = false;
    const urls: string[] = [];
    const fetch = (url: string) => {
      urls.push(url);
      if (garbage) return Promise.resolve(new Response('<html>', { status: 200 }));
      const body = url.endsWith('/silences')
        ? [silence('s1', 'alertname', 'DiskFull'), silence('s2', 'alertname', 'Old', { status: { state: 'expired' } })]
        : [{ labels: diskLabels, fingerprint: amFingerprint(diskLabels), status: { state: 'suppressed', silencedBy: ['s1'], inhibitedBy: [] }, receivers: [{ name: 'null' }] }];
      return Promise.resolve(new Response(JSON.stringify(body)));
    };
    const src = startAlertmanagerSource({ baseUrl: 'http://am:9093', fetch, onSnapshot: (s) => snaps.push(s), onState: (s) => states.push(s), timers: clock, rng: () => 0.5 });
    clock.advance(0);
    await flush();
    expect(urls.sort()).toEqual(['http://am:9093/api/v2/alerts', 'http://am:9093/api/v2/silences']);
    expect(states.at(-1)).toEqual({ status: 'live', attempt: 0 });
    expect(snaps[0]!.silences.map((s) => s.id)).toEqual(['s1']);
    garbage = true;
    clock.advance(2000);
    await flush();
    expect(states.at(-1)).toMatchObject({ status: 'retrying', attempt: 1, error: expect.stringMatching(/Alertmanager .*HTML/) });
    src.stop();
  });
});

describe('suppressions', () => {
  const id = alertIdentity('DiskFull', diskLabels);

  it('Alertmanager\'s verdict names the silence, who made it and until when', () => {
    applyAmSnapshot({ alerts: [{ labels: diskLabels, status: { state: 'suppressed', silencedBy: ['s1'], inhibitedBy: [] } }], silences: [silence('s1', 'instance', 'elsewhere') as never] }, NOW);
    const s = suppressionOf(id, undefined, NOW);
    expect(s?.silences.map((x) => [x.createdBy, new Date(x.endsAt).toISOString()])).toEqual([['alice', '2026-01-01T13:00:00.000Z']]);
    expect(s?.inhibited).toBe(false);
  });

  it('a silence holds before Alertmanager has seen the alert (matched here), and not after it ends', () => {
    applyAmSnapshot({ alerts: [], silences: [silence('s1', 'alertname', 'DiskFull') as never] }, NOW);
    expect(suppressionOf(id, diskLabels, NOW)?.silences[0]?.id).toBe('s1');
    expect(suppressionOf(id, { ...diskLabels, alertname: 'Other' }, NOW)).toBeNull();
    expect(suppressionOf(id, diskLabels, Date.parse('2026-01-01T13:00:01Z'))).toBeNull();
  });

  it('an inhibited alert is suppressed too', () => {
    applyAmSnapshot({ alerts: [{ labels: diskLabels, status: { state: 'suppressed', silencedBy: [], inhibitedBy: ['fp-other'] } }], silences: [] }, NOW);
    expect(suppressionOf(id, diskLabels, NOW)).toEqual({ silences: [], inhibited: true });
  });

  it('matchers follow Alertmanager: anchored regexes, negation, a bad regex matches nothing', () => {
    const l = { instance: 'db-3' };
    expect(matcherMatches({ name: 'instance', value: 'db-.*', isRegex: true, isEqual: true }, l)).toBe(true);
    expect(matcherMatches({ name: 'instance', value: 'db', isRegex: true, isEqual: true }, l)).toBe(false);
    expect(matcherMatches({ name: 'instance', value: 'db-3', isRegex: false, isEqual: false }, l)).toBe(false);
    expect(matcherMatches({ name: 'missing', value: '', isRegex: false, isEqual: true }, l)).toBe(true);
    expect(matcherMatches({ name: 'instance', value: '(', isRegex: true, isEqual: true }, l)).toBe(false);
  });
});
