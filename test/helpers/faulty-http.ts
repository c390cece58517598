// A tiny Prometheus + Alertmanager + Pushgateway stand-in that misbehaves on command:
// valid answers, HTTP 500, an HTML login page, truncated JSON, a dropped connection,
// a slow answer, or no answer at all (a hang, held until close). It counts requests
// and the most it ever had in flight at once, per API.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Mode = 'ok' | 'http500' | 'html' | 'truncated' | 'reset' | 'slow' | 'hang';
export type Api = 'prom' | 'am' | 'push';

const OK: Record<string, unknown> = {
  '/api/v1/alerts': { status: 'success', data: { alerts: [{ labels: { alertname: 'FaultyOk', severity: 'warning', instance: 'x-1' }, state: 'firing', value: '1' }] } },
  '/api/v1/query': { status: 'success', data: { resultType: 'vector', result: [] } },
  '/api/v2/alerts': [],
  '/api/v2/silences': [],
};

export interface FaultyHttp {
  readonly url: string;
  mode: Mode;
  readonly requests: Record<Api, number>;
  readonly maxInFlight: Record<Api, number>;
  reset(): void;
  close(): Promise<void>;
}

export async function startFaultyHttp(): Promise<FaultyHttp> {
  const zero = () => ({ prom: 0, am: 0, push: 0 });
  const state = { mode: 'ok' as Mode, requests: zero(), inFlight: zero(), maxInFlight: zero() };
  const hung = new Set<ServerResponse>();
  const apiOf = (path: string): Api => (path.startsWith('/metrics/') ? 'push' : path.startsWith('/api/v2/') ? 'am' : 'prom');

  const answer = (req: IncomingMessage, res: ServerResponse, path: string) => {
    const json = (body: unknown) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    switch (state.mode) {
      case 'ok':
      case 'slow':
        return path.startsWith('/metrics/') ? res.writeHead(200).end() : json(OK[path] ?? {});
      case 'http500':
        return res.writeHead(500, { 'content-type': 'text/plain' }).end('internal error');
      case 'html':
        return res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>Sign in</title><form>…</form>');
      case 'truncated':
        return res.writeHead(200, { 'content-type': 'application/json' }).end(((t) => t.slice(0, Math.max(1, t.length >> 1)))(JSON.stringify(OK[path] ?? { status: 'success' })));
      case 'reset':
        return req.socket.destroy();
      case 'hang':
        hung.add(res);
        return;
    }
  };

  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const api = apiOf(path);
    state.requests[api]++;
    state.inFlight[api]++;
    state.maxInFlight[api] = Math.max(state.maxInFlight[api], state.inFlight[api]);
    let done = false;
    const end = () => {
      if (!done) state.inFlight[api]--;
      done = true;
      hung.delete(res);
    };
    res.on('close', end);
    req.resume(); // drain pushed bodies
    if (state.mode === 'slow') setTimeout(() => answer(req, res, path), 1500);
    else answer(req, res, path);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    get mode() {
      return state.mode;
    },
    set mode(m: Mode) {
      state.mode = m;
    },
    get requests() {
      return state.requests;
    },
    get maxInFlight() {
      return state.maxInFlight;
    },
    reset() {
      state.requests = zero();
      state.maxInFlight = { ...state.inFlight };
    },
    close: () =>
      new Promise<void>((r) => {
        for (const res of hung) res.destroy();
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
