// The Content-Security-Policy in real Chromium, without bypassCSP (no audio tap here):
// the console runs and sings under it, an injected inline script does not run, and
// once boot has added its policy the page cannot reach an origin it was not given.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evalNoGesture, newPage, type HarnessPage } from '../helpers/browser';
import { publishJson, startRig, type Rig } from '../helpers/console-driver';
import { REPO_ROOT } from '../helpers/serve';

/** A loopback HTTP server that counts what reaches it (CORS open, so only CSP can stop a fetch). */
async function counter(): Promise<{ url: string; hits: () => number; close: () => Promise<void> }> {
  let hits = 0;
  const server: Server = createServer((req, res) => {
    hits++;
    res.writeHead(200, { 'access-control-allow-origin': '*', 'content-type': 'text/plain' }).end('ok');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, hits: () => hits, close: () => new Promise((r) => { server.closeAllConnections(); server.close(() => r()); }) };
}

let rig: Rig;
let allowed: Awaited<ReturnType<typeof counter>>;
let stranger: Awaited<ReturnType<typeof counter>>;
let h: HarnessPage;
const violations = () => evalNoGesture(h.page, () => (window as unknown as { __csp: string[] }).__csp);

beforeAll(async () => {
  rig = await startRig();
  [allowed, stranger] = await Promise.all([counter(), counter()]);
  h = await newPage(rig.browser, { tap: false, contextOptions: { bypassCSP: false } });
  await h.page.addInitScript({
    content: `window.__csp = []; addEventListener('securitypolicyviolation', (e) => window.__csp.push(e.effectiveDirective + ' ' + e.blockedURI + (e.blockedURI === 'eval' ? ' @' + e.sourceFile + ':' + e.lineNumber + ':' + e.columnNumber : '')));`,
  });
  // The pushgateway is a configured source: its origin is allowed, the stranger's is not.
  const q = `?mqtt=${encodeURIComponent(rig.broker.urls.ws)}&pushgateway=${encodeURIComponent(allowed.url)}`;
  await h.page.goto(`${rig.server.url}${q}`);
  await h.page.waitForSelector('[data-source="mqtt"][data-status="live"]', { timeout: 15_000 });
});

afterAll(async () => {
  await h?.close();
  await Promise.all([allowed?.close(), stranger?.close()]);
  await rig?.close();
});

describe('Content-Security-Policy', () => {
  it('ships a baseline policy in index.html', () => {
    const dist = process.env.SP_E2E_OUTDIR ?? 'dist';
    const html = readFileSync(join(REPO_ROOT, dist, 'index.html'), 'utf8');
    const policy = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1] ?? '';
    expect(policy).toContain("script-src 'self';");
    expect(policy).toContain("object-src 'none'");
    expect(policy).toContain("base-uri 'self'");
    expect(policy).toContain("connect-src 'self' ws: wss: http: https:");
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/); // no inline scripts in what ships
  });

  it('the console connects, lists and plays under it, with no violation', async () => {
    await publishJson(rig, 'alerts/critical', { name: 'UnderCsp' });
    await h.page.waitForSelector('.alert:has-text("UnderCsp")');
    expect(await h.page.getAttribute('meta[data-sp-csp="connect"]', 'content')).toBe(`connect-src 'self' ${allowed.url} ${rig.broker.urls.ws}`);
    // Audio runs (Tone's clock worker is a blob: worker, allowed by worker-src).
    await h.page.click('[data-view-link="health"]');
    await h.page.waitForFunction(() => document.querySelector('[data-testid="audio-running"]')?.textContent === 'running', undefined, { timeout: 10_000 });
    await h.page.click('[data-view-link="console"]');
    expect(await violations()).toEqual([]);
    expect(h.allErrors()).toEqual([]);
  });

  it('an injected inline script or inline handler does not run', async () => {
    await evalNoGesture(h.page, () => {
      const s = document.createElement('script');
      s.textContent = 'window.__inlineRan = 1';
      document.body.append(s);
      const d = document.createElement('div');
      d.innerHTML = '<img src="data:," onerror="window.__handlerRan = 1">';
      document.body.append(d);
    });
    await h.page.waitForTimeout(300);
    const ran = await evalNoGesture(h.page, () => {
      const w = window as unknown as { __inlineRan?: number; __handlerRan?: number };
      return [w.__inlineRan ?? null, w.__handlerRan ?? null];
    });
    expect(ran).toEqual([null, null]);
    expect((await violations()).filter((v) => v.startsWith('script-src'))).toHaveLength(2);
    h.consoleErrors.length = 0; // Chromium reports each refusal on the console: expected here
  });

  it('refuses fetches and sockets to an origin that was not configured; a configured one works', async () => {
    const before = stranger.hits();
    const r = await evalNoGesture(h.page, async ([ok, bad]) => {
      const out: string[] = [];
      try {
        await fetch(`${bad}/x`);
        out.push('stranger fetched');
      } catch (e) {
        out.push(`stranger refused: ${(e as Error).name}`);
      }
      try {
        const ws = new WebSocket(bad.replace('http', 'ws'));
        await new Promise((res) => { ws.onerror = res; ws.onopen = res; });
        out.push(`socket ${ws.readyState === 1 ? 'opened' : 'failed'}`);
      } catch (e) {
        out.push(`socket refused: ${(e as Error).name}`);
      }
      const res = await fetch(`${ok}/y`);
      out.push(`allowed ${res.status}`);
      return out;
    }, [allowed.url, stranger.url] as const);
    expect(r[0]).toBe('stranger refused: TypeError');
    expect(r[1]).toMatch(/socket (refused|failed)/);
    expect(r[2]).toBe('allowed 200');
    expect(stranger.hits()).toBe(before);
    expect((await violations()).filter((v) => v.startsWith('connect-src'))).toHaveLength(2);
    h.consoleErrors.length = 0;
  });
});
