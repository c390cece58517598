import { describe, expect, it } from 'vitest';
import type { FetchLike, PushResult, PusherOptions } from '../../src/telemetry/pusher';
import { pushOnHide, pushTarget, startPusher } from '../../src/telemetry/pusher';
import { createFakeClock } from '../helpers/fake-clock';

const ORIGIN = 'http://console.example:5173';
const SAME = pushTarget('/pushgateway', ORIGIN, 'kiosk-1')!;
const CROSS = pushTarget('http://pgw.example:9091', ORIGIN, 'kiosk-1')!;

/** Lets the pusher's promise chains settle (fake timers do not run microtasks). */
const settle = async () => {
  for (let i = 0; i < 20; i++) await Promise.resolve();
};

interface Call {
  url: string;
  init: RequestInit;
}

function rig(over: Partial<PusherOptions> & { respond?: (n: number) => Promise<{ ok: boolean; status: number }> } = {}) {
  const clock = createFakeClock(1_000_000);
  const calls: Call[] = [];
  const beacons: { url: string; data: string }[] = [];
  const results: PushResult[] = [];
  let n = 0;
  const fetch: FetchLike = (url, init) => {
    calls.push({ url, init });
    return over.respond ? over.respond(n++) : Promise.resolve({ ok: true, status: 200 });
  };
  let body = 0;
  const pusher = startPusher({
    target: SAME,
    intervalMs: 10_000,
    body: () => `up ${++body}\n`,
    fetch,
    sendBeacon: (url, data) => (beacons.push({ url, data }), true),
    timers: clock,
    onResult: (r) => results.push(r),
    ...over,
  });
  return { clock, calls, beacons, results, pusher };
}

describe('pushTarget', () => {
  it('builds the group URL for a same-origin path and for another origin', () => {
    expect(SAME).toEqual({ url: `${ORIGIN}/pushgateway/metrics/job/singing_pager/instance/kiosk-1`, crossOrigin: false });
    expect(CROSS).toEqual({ url: 'http://pgw.example:9091/metrics/job/singing_pager/instance/kiosk-1', crossOrigin: true });
    expect(pushTarget(`${ORIGIN}/pgw/`, ORIGIN, 'a')!.crossOrigin).toBe(false);
  });

  it('never carries credentials, query or fragment; refuses bad ids and schemes', () => {
    const t = pushTarget('https://user:s3cret@pgw.example/base/?token=abc#x', ORIGIN, 'k')!;
    expect(t.url).toBe('https://pgw.example/base/metrics/job/singing_pager/instance/k');
    expect(t.url).not.toMatch(/s3cret|token|user/);
    expect(pushTarget('/p', ORIGIN, '../admin')).toBeNull();
    expect(pushTarget('/p', ORIGIN, 'a/b')).toBeNull();
    expect(pushTarget('/p', ORIGIN, '')).toBeNull();
    expect(pushTarget('javascript:alert(1)', ORIGIN, 'k')).toBeNull();
  });
});

describe('pusher', () => {
  it('pushes at once, then every interval, a fresh body each time', async () => {
    const { clock, calls, pusher } = rig();
    await settle();
    expect(calls).toHaveLength(1);
    clock.advance(9_999);
    await settle();
    expect(calls).toHaveLength(1);
    clock.advance(1);
    await settle();
    expect(calls).toHaveLength(2);
    clock.advance(10_000);
    await settle();
    expect(calls.map((c) => c.init.body)).toEqual(['up 1\n', 'up 2\n', 'up 3\n']);
    pusher.stop();
    clock.advance(60_000);
    await settle();
    expect(calls).toHaveLength(3);
    expect(clock.pending()).toBe(0);
  });

  it('same origin: a readable POST in text format', async () => {
    const { calls, results } = rig();
    await settle();
    const { url, init } = calls[0]!;
    expect(url).toBe(SAME.url);
    expect(init).toMatchObject({ method: 'POST', mode: 'same-origin', credentials: 'omit', headers: { 'Content-Type': 'text/plain; version=0.0.4; charset=utf-8' } });
    expect(results[0]).toMatchObject({ ok: true, via: 'fetch', status: 200 });
  });

  it('another origin: a CORS simple request (POST, text/plain) in no-cors mode, reply opaque', async () => {
    const { calls, results } = rig({ target: CROSS, respond: () => Promise.resolve({ ok: false, status: 0 }) });
    await settle();
    expect(calls[0]!.init).toMatchObject({ method: 'POST', mode: 'no-cors', credentials: 'omit' });
    const ct = (calls[0]!.init.headers as Record<string, string>)['Content-Type']!;
    expect(ct.split(';')[0]).toBe('text/plain'); // CORS-safelisted: no preflight
    expect(results[0]).toMatchObject({ ok: true, opaque: true });
  });

  it('retries a failed push a bounded number of times with backoff, then waits for the interval', async () => {
    const { clock, calls, results } = rig({ maxRetries: 2, retryBaseMs: 1000, respond: () => Promise.reject(new TypeError('Failed to fetch')) });
    await settle();
    expect(calls).toHaveLength(1);
    clock.advance(1000);
    await settle();
    expect(calls).toHaveLength(2);
    clock.advance(2000);
    await settle();
    expect(calls).toHaveLength(3);
    clock.advance(5000);
    await settle();
    expect(calls).toHaveLength(3); // gave up until the next interval
    clock.advance(5000);
    await settle();
    expect(calls).toHaveLength(4);
    expect(results.every((r) => !r.ok && r.error === 'Failed to fetch')).toBe(true);
  });

  it('retries a 5xx but not a 4xx (the body itself was refused)', async () => {
    const a = rig({ respond: () => Promise.resolve({ ok: false, status: 503 }) });
    await settle();
    a.clock.advance(1000);
    await settle();
    expect(a.calls).toHaveLength(2);
    const b = rig({ respond: () => Promise.resolve({ ok: false, status: 400 }) });
    await settle();
    b.clock.advance(9_000);
    await settle();
    expect(b.calls).toHaveLength(1);
    expect(b.results[0]).toMatchObject({ ok: false, status: 400, error: 'HTTP 400' });
  });

  it('never overlaps pushes while one hangs', async () => {
    let release: () => void = () => {};
    const { clock, calls, pusher } = rig({ respond: () => new Promise((ok) => (release = () => ok({ ok: true, status: 200 }))) });
    await settle();
    void pusher.pushNow();
    void pusher.pushNow();
    clock.advance(30_000);
    await settle();
    expect(calls).toHaveLength(1);
    release();
    await settle();
    clock.advance(10_000);
    await settle();
    expect(calls).toHaveLength(2);
  });

  it('never throws: fetch throwing synchronously, a throwing body, a throwing listener', async () => {
    let bodyCalls = 0;
    const results: PushResult[] = [];
    const { clock } = rig({
      fetch: () => {
        throw new Error('sync');
      },
      body: () => {
        if (++bodyCalls === 2) throw new Error('collect broke');
        return 'x 1\n';
      },
      onResult: (r) => {
        results.push(r);
        throw new Error('listener broke');
      },
    });
    await settle();
    clock.advance(1000);
    await settle();
    clock.advance(2000);
    await settle();
    expect(results.map((r) => r.error)).toEqual(['sync', 'collect failed: collect broke']);
  });

  it('flush sends a beacon with the current figures; falls back to a keepalive fetch', async () => {
    const a = rig();
    await settle();
    a.pusher.flush();
    expect(a.beacons).toEqual([{ url: SAME.url, data: 'up 2\n' }]);
    expect(a.results.at(-1)).toMatchObject({ ok: true, via: 'beacon' });

    const b = rig({ target: CROSS, sendBeacon: () => false });
    await settle();
    b.pusher.flush();
    await settle();
    expect(b.calls.at(-1)!.init).toMatchObject({ keepalive: true, mode: 'no-cors', method: 'POST' });

    const c = rig({
      sendBeacon: () => {
        throw new TypeError('beacon refused');
      },
      fetch: () => Promise.reject(new Error('offline')),
    });
    expect(() => c.pusher.flush()).not.toThrow();
    await settle();
    expect(c.results.at(-1)).toMatchObject({ ok: false, error: 'offline' });
  });

  it('pushes once more when the page is hidden or closed', async () => {
    const { beacons, pusher } = rig();
    const doc = Object.assign(new EventTarget(), { visibilityState: 'visible' });
    const win = new EventTarget();
    const remove = pushOnHide(pusher, doc, win);
    doc.dispatchEvent(new Event('visibilitychange'));
    expect(beacons).toHaveLength(0);
    doc.visibilityState = 'hidden';
    doc.dispatchEvent(new Event('visibilitychange'));
    win.dispatchEvent(new Event('pagehide'));
    expect(beacons).toHaveLength(2);
    remove();
    win.dispatchEvent(new Event('pagehide'));
    expect(beacons).toHaveLength(2);
  });
});
