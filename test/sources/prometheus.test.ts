// The Prometheus source and its poller against a fake fetch and a fake clock:
// the state machine, backoff, abort and skip, dedupe of identical queries,
// bad answers, and resolution by absence.
import { describe, expect, it } from 'vitest';
import type { AlertEvent, TelemetryEvent } from '../../src/domain/events';
import type { ConnectionReport } from '../../src/sources/connection';
import { backoffDelay } from '../../src/sources/connection';
import { pollBackoff } from '../../src/sources/poller';
import type { QueryResult } from '../../src/sources/prometheus';
import { startPrometheusSource } from '../../src/sources/prometheus';
import { createFakeClock } from '../helpers/fake-clock';

const flush = async () => {
  for (let i = 0; i < 10; i++) await new Promise((r) => setImmediate(r));
};

type Answer = { status?: number; body: unknown } | 'refused' | 'hang';

function alertsBody(alerts: { name: string; state: 'pending' | 'firing'; instance?: string }[]) {
  return {
    status: 'success',
    data: { alerts: alerts.map((a) => ({ labels: { alertname: a.name, severity: 'critical', instance: a.instance ?? 'db-3' }, annotations: { summary: 's' }, state: a.state, activeAt: '2026-01-01T00:00:00Z', value: '9.5e-01' })) },
  };
}
const vector = (series: { labels: Record<string, string>; v: string }[]) => ({ status: 'success', data: { resultType: 'vector', result: series.map((s) => ({ metric: s.labels, value: [1, s.v] })) } });

function harness(opts: { intervalMs?: number; timeoutMs?: number } = {}) {
  const clock = createFakeClock(0);
  const calls: string[] = [];
  let answers: (url: string) => Answer = () => ({ body: alertsBody([]) });
  const aborted: string[] = [];
  const fetch = (url: string, init: RequestInit): Promise<Response> => {
    calls.push(url);
    const a = answers(url);
    if (a === 'refused') return Promise.reject(new TypeError('Failed to fetch'));
    if (a === 'hang') {
      return new Promise((_, reject) => {
        init.signal?.addEventListener('abort', () => {
          aborted.push(url);
          reject(new DOMException('aborted', 'AbortError'));
        });
      });
    }
    const body = typeof a.body === 'string' ? a.body : JSON.stringify(a.body);
    return Promise.resolve(new Response(body, { status: a.status ?? 200 }));
  };
  const states: ConnectionReport[] = [];
  const batches: TelemetryEvent[][] = [];
  const queries: Map<string, QueryResult>[] = [];
  const source = startPrometheusSource({
    baseUrl: 'http://prom:9090/',
    fetch,
    intervalMs: opts.intervalMs ?? 2000,
    ...(opts.timeoutMs !== undefined && { timeoutMs: opts.timeoutMs }),
    onEvents: (e) => batches.push(e),
    onQueries: (r) => queries.push(new Map(r)),
    onState: (s) => states.push(s),
    timers: clock,
    rng: () => 0.5,
    clock: () => clock.now(),
  });
  return {
    clock, calls, states, batches, queries, aborted, source,
    answer(fn: (url: string) => Answer) {
      answers = fn;
    },
    async step(ms: number) {
      clock.advance(ms);
      await flush();
    },
  };
}

describe('Prometheus source: polling and the state machine', () => {
  it('connecting → live on the first good poll, then polls at a fixed rate', async () => {
    const h = harness();
    expect(h.states).toEqual([{ status: 'connecting', attempt: 0 }]);
    await h.step(0);
    expect(h.states.at(-1)).toEqual({ status: 'live', attempt: 0 });
    expect(h.calls).toEqual(['http://prom:9090/api/v1/alerts']);
    await h.step(2000);
    await h.step(2000);
    expect(h.calls).toHaveLength(3);
    expect(h.states.filter((s) => s.status === 'live')).toHaveLength(1); // no repeated reports
    h.source.stop();
    await h.step(10_000);
    expect(h.calls).toHaveLength(3);
  });

  it('refused → retrying(n) with jittered backoff capped at the poll interval, down after 6, live again on success', async () => {
    const h = harness();
    await h.step(0);
    h.answer(() => 'refused');
    await h.step(2000);
    expect(h.states.at(-1)).toMatchObject({ status: 'retrying', attempt: 1, error: expect.stringMatching(/cannot reach Prometheus alerts/) });
    const backoff = pollBackoff(2000);
    expect(h.clock.delays()[0]).toBe(backoffDelay(1, () => 0.5, backoff)); // 375 ms
    for (let n = 2; n <= 7; n++) {
      await h.step(h.clock.delays()[0]!);
      expect(h.states.at(-2)).toEqual({ status: 'connecting', attempt: n - 1 });
      expect(h.states.at(-1)).toMatchObject({ status: n >= 6 ? 'down' : 'retrying', attempt: n });
      expect(h.clock.delays()[0]).toBeLessThanOrEqual(2000);
    }
    h.answer(() => ({ body: alertsBody([]) }));
    await h.step(h.clock.delays()[0]!);
    expect(h.states.at(-1)).toEqual({ status: 'live', attempt: 0 });
  });

  it('never stacks polls: a hung poll makes the next one skip, and is aborted at the timeout', async () => {
    const h = harness({ intervalMs: 1000, timeoutMs: 2500 });
    h.answer(() => 'hang');
    await h.step(0);
    await h.step(1000);
    await h.step(1000);
    expect(h.calls).toHaveLength(1); // the polls due at 1 s and 2 s were skipped
    await h.step(500);
    expect(h.aborted).toEqual(['http://prom:9090/api/v1/alerts']);
    expect(h.states.at(-1)).toMatchObject({ status: 'retrying', attempt: 1, error: 'no answer within 2500 ms' });
  });

  it.each<[string, Answer, RegExp]>([
    ['HTML from a proxy', { status: 200, body: '<!doctype html><html>login</html>' }, /HTML/],
    ['truncated JSON', { status: 200, body: '{"status":"success","data":{"alerts":[' }, /not JSON/],
    ['an empty body', { status: 502, body: '' }, /HTTP 502, an empty body/],
    ['the wrong shape', { status: 200, body: { status: 'success', data: { alerts: [{ labels: 5 }] } } }, /unexpected Prometheus alerts answer: data\.alerts\.0/],
    ['a Prometheus error', { status: 503, body: { status: 'error', errorType: 'unavailable', error: 'TSDB not ready' } }, /HTTP 503: TSDB not ready/],
  ])('%s is a clear status error and a backoff, never a throw', async (_what, answer, message) => {
    const h = harness();
    h.answer(() => answer);
    await h.step(0);
    expect(h.states.at(-1)).toMatchObject({ status: 'retrying', attempt: 1, error: expect.stringMatching(message) });
    expect(h.batches).toEqual([]);
  });
});

describe('Prometheus source: alerts', () => {
  const events = (h: ReturnType<typeof harness>) => h.batches.map((b) => b.map((e) => `${(e as AlertEvent).name}:${(e as AlertEvent).state}`));

  it('emits only changes: pending, then firing, then resolved when no longer listed', async () => {
    const h = harness();
    h.answer(() => ({ body: alertsBody([{ name: 'DiskFull', state: 'pending' }]) }));
    await h.step(0);
    await h.step(2000);
    h.answer(() => ({ body: alertsBody([{ name: 'DiskFull', state: 'firing' }]) }));
    await h.step(2000);
    await h.step(2000);
    h.answer(() => ({ body: alertsBody([]) }));
    await h.step(2000);
    expect(events(h)).toEqual([['DiskFull:pending'], ['DiskFull:firing'], ['DiskFull:resolved']]);
    const e = h.batches[1]![0] as AlertEvent;
    expect(e).toMatchObject({ source: 'prometheus', severity: 'critical', value: 0.95, labels: { alertname: 'DiskFull', instance: 'db-3' } });
  });

  it('a failed poll resolves nothing; the next good one does', async () => {
    const h = harness();
    h.answer(() => ({ body: alertsBody([{ name: 'A', state: 'firing' }, { name: 'B', state: 'firing' }]) }));
    await h.step(0);
    h.answer(() => 'refused');
    await h.step(2000);
    await h.step(h.clock.delays()[0]!);
    expect(events(h)).toEqual([['A:firing', 'B:firing']]);
    h.answer(() => ({ body: alertsBody([{ name: 'B', state: 'firing' }]) }));
    await h.step(h.clock.delays()[0]!);
    expect(events(h)).toEqual([['A:firing', 'B:firing'], ['A:resolved']]);
  });
});

describe('Prometheus source: PromQL', () => {
  it('sends each distinct query once per poll, alongside the alerts', async () => {
    const h = harness();
    h.source.setQueries(['up', ' up ', 'rate(x[1m])', 'up']);
    h.answer((url) => (url.includes('/query') ? { body: vector([{ labels: { instance: 'a' }, v: '1' }]) } : { body: alertsBody([]) }));
    await h.step(0);
    expect(h.calls.sort()).toEqual(['http://prom:9090/api/v1/alerts', `http://prom:9090/api/v1/query?query=${encodeURIComponent('rate(x[1m])')}`, 'http://prom:9090/api/v1/query?query=up']);
    expect([...h.queries[0]!.keys()].sort()).toEqual(['rate(x[1m])', 'up']);
    expect(h.queries[0]!.get('up')).toEqual({ ok: true, series: [{ labels: { instance: 'a' }, value: 1 }] });
  });

  it('a bad query is that voice\'s error, not Prometheus down; NaN samples are dropped', async () => {
    const h = harness();
    h.source.setQueries(['bad(', 'good']);
    h.answer((url) => {
      if (url.includes('bad')) return { status: 400, body: { status: 'error', errorType: 'bad_data', error: 'parse error' } };
      if (url.includes('good')) return { body: vector([{ labels: { i: '1' }, v: 'NaN' }, { labels: { i: '2' }, v: '0.5' }]) };
      return { body: alertsBody([]) };
    });
    await h.step(0);
    expect(h.states.at(-1)).toEqual({ status: 'live', attempt: 0 });
    expect(h.queries[0]!.get('bad(')).toEqual({ ok: false, error: expect.stringMatching(/HTTP 400: parse error/) });
    expect(h.queries[0]!.get('good')).toEqual({ ok: true, series: [{ labels: { i: '2' }, value: 0.5 }] });
  });
});
