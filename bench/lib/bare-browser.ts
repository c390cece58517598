// Pages the bench measures the way a user's browser runs them: no DevTools domain on
// but Runtime (errors, evaluate) and Page (init scripts, load events).
//
// Why not Playwright for these: it enables the Network domain on every page and every
// worker it drives, and Chromium then reports each WebSocket frame (binary MQTT frames
// base64-encoded) to the driver, through the browser process, into the Node process that
// also publishes. Measured on this machine: a bare WebSocket worker took 12,000–15,000
// msgs/s under Playwright and 30,000–40,000 without it. So this drives its own headless
// Chromium over --remote-debugging-pipe (no extra dependency), one browser context per page.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { AUTOPLAY_ARG, BASE_ARGS, CHROMIUM_PATH, stopChromium } from '../../test/helpers/browser';

type Params = Record<string, unknown>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- CDP results are untyped JSON
type Result = any;
interface Message { id?: number; method?: string; params?: Params; result?: Result; error?: { message: string }; sessionId?: string }

/** A DevTools protocol connection over Chromium's pipe (NUL-terminated JSON messages). */
class Pipe {
  private nextId = 0;
  private readonly pending = new Map<number, { resolve: (r: Result) => void; reject: (e: Error) => void; method: string }>();
  private readonly listeners = new Set<(m: Message) => void>();
  private buf = '';

  constructor(private readonly out: Writable, input: Readable) {
    input.setEncoding('utf8');
    input.on('data', (chunk: string) => {
      this.buf += chunk;
      for (let end = this.buf.indexOf('\0'); end >= 0; end = this.buf.indexOf('\0')) {
        const m = JSON.parse(this.buf.slice(0, end)) as Message;
        this.buf = this.buf.slice(end + 1);
        this.dispatch(m);
      }
    });
    input.on('close', () => {
      for (const p of this.pending.values()) p.reject(new Error(`${p.method}: the browser closed`));
      this.pending.clear();
    });
  }

  private dispatch(m: Message): void {
    if (m.id !== undefined) {
      const p = this.pending.get(m.id);
      this.pending.delete(m.id);
      if (m.error) p?.reject(new Error(`${p.method}: ${m.error.message}`));
      else p?.resolve(m.result);
      return;
    }
    for (const l of this.listeners) l(m);
  }

  send(method: string, params: Params = {}, sessionId?: string): Promise<Result> {
    const id = ++this.nextId;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, method });
      this.out.write(`${JSON.stringify({ id, method, params, ...(sessionId && { sessionId }) })}\0`);
    });
  }

  on(fn: (m: Message) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }
}

export interface BarePage {
  /** The page's performance.timeOrigin (ms since the epoch). */
  timeOrigin: number;
  /** Runs `fn(arg)` in the page (as a user gesture, as Playwright's evaluate does); JSON in, JSON out. */
  evaluate<R, A = undefined>(fn: (arg: A) => R | Promise<R>, arg?: A, o?: { userGesture?: boolean }): Promise<R>;
  /** Polls `fn(arg)` every 50 ms until it is truthy. */
  waitFor<A = undefined>(fn: (arg: A) => unknown, arg?: A, timeoutMs?: number): Promise<void>;
  /** textContent of the first match, or null. */
  text(selector: string): Promise<string | null>;
  /** A raw DevTools command on this page (Profiler, HeapProfiler, …). */
  send(method: string, params?: Params): Promise<Result>;
  /** The page's dedicated workers, each to send raw commands to (attaching turns no domain on). */
  workers(): Promise<{ url: string; name: string; send(method: string, params?: Params): Promise<Result> }[]>;
  /** Uncaught exceptions and console errors. */
  errors: string[];
  close(): Promise<void>;
}

export interface BareBrowser {
  open(url: string, o?: { initScripts?: string[]; bypassCSP?: boolean; viewport?: { width: number; height: number } }): Promise<BarePage>;
  close(): Promise<void>;
}

export async function launchBareBrowser(): Promise<BareBrowser> {
  const dir = mkdtempSync(join(tmpdir(), 'sp-bare-chromium-'));
  const proc: ChildProcess = spawn(CHROMIUM_PATH, [...BASE_ARGS, AUTOPLAY_ARG, '--headless', '--mute-audio', `--user-data-dir=${dir}`, '--remote-debugging-pipe', 'about:blank'],
    { stdio: ['ignore', 'ignore', 'ignore', 'pipe', 'pipe'] });
  const pipe = new Pipe(proc.stdio[3] as Writable, proc.stdio[4] as Readable);
  await pipe.send('Browser.getVersion');
  return {
    open: (url, o = {}) => openPage(pipe, url, o),
    close: () => stopChromium(proc, dir, () => pipe.send('Browser.close'), 3000),
  };
}

async function openPage(pipe: Pipe, url: string, o: { initScripts?: string[]; bypassCSP?: boolean; viewport?: { width: number; height: number } }): Promise<BarePage> {
  const { browserContextId } = await pipe.send('Target.createBrowserContext', { disposeOnDetach: true });
  const { targetId } = await pipe.send('Target.createTarget', { url: 'about:blank', browserContextId });
  const { sessionId } = await pipe.send('Target.attachToTarget', { targetId, flatten: true });
  const send = (method: string, params: Params = {}) => pipe.send(method, params, sessionId);
  const errors: string[] = [];
  const workers: { url: string; name: string; sessionId: string }[] = [];
  let loaded: (() => void) | null = null;
  const off = pipe.on((m) => {
    if (m.sessionId !== sessionId) return;
    const p = m.params as Result;
    if (m.method === 'Target.attachedToTarget' && p.targetInfo.type === 'worker') workers.push({ url: p.targetInfo.url, name: p.targetInfo.title, sessionId: p.sessionId });
    if (m.method === 'Runtime.exceptionThrown') errors.push(p.exceptionDetails.exception?.description ?? p.exceptionDetails.text);
    else if (m.method === 'Runtime.consoleAPICalled' && p.type === 'error') errors.push(`error: ${p.args.map((a: Result) => a.value ?? a.description).join(' ')}`);
    else if (m.method === 'Page.loadEventFired') loaded?.();
  });
  await Promise.all([send('Runtime.enable'), send('Page.enable')]);
  if (o.bypassCSP) await send('Page.setBypassCSP', { enabled: true });
  const vp = o.viewport ?? { width: 1280, height: 820 };
  await send('Emulation.setDeviceMetricsOverride', { ...vp, deviceScaleFactor: 1, mobile: false });
  for (const source of o.initScripts ?? []) await send('Page.addScriptToEvaluateOnNewDocument', { source });
  const load = new Promise<void>((r) => (loaded = r));
  const nav = await send('Page.navigate', { url });
  if (nav.errorText) throw new Error(`navigating to ${url}: ${nav.errorText}`);
  await Promise.race([load, new Promise((_, rej) => setTimeout(() => rej(new Error(`${url} did not load in 20 s`)), 20_000))]);

  const run = async (expression: string, userGesture: boolean): Promise<Result> => {
    const res = await send('Runtime.evaluate', { expression, awaitPromise: true, returnByValue: true, userGesture });
    if (res.exceptionDetails) throw new Error(`evaluate: ${res.exceptionDetails.exception?.description ?? res.exceptionDetails.text}`);
    return res.result.value;
  };
  const call = (fn: (arg: never) => unknown, arg: unknown) => `(${fn.toString()})(${arg === undefined ? '' : JSON.stringify(arg)})`;
  const evaluate = <R, A>(fn: (arg: A) => R | Promise<R>, arg?: A, eo: { userGesture?: boolean } = {}): Promise<R> =>
    run(call(fn as (arg: never) => unknown, arg), eo.userGesture ?? true) as Promise<R>;
  const page: BarePage = {
    timeOrigin: 0,
    evaluate,
    async waitFor(fn, arg, timeoutMs = 10_000) {
      const end = Date.now() + timeoutMs;
      // Only truthiness comes back (an element found would not serialise).
      while (!(await run(`(async () => !!(await ${call(fn as (arg: never) => unknown, arg)}))()`, false))) {
        if (Date.now() > end) throw new Error(`waitFor timed out after ${timeoutMs} ms: ${fn.toString().slice(0, 120)}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    text: (selector) => evaluate((s) => document.querySelector(s)?.textContent ?? null, selector),
    send,
    async workers() {
      await send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: false, flatten: true });
      await new Promise((r) => setTimeout(r, 200)); // the attach events follow the reply
      return workers.map((w) => ({ url: w.url, name: w.name, send: (method: string, params: Params = {}) => pipe.send(method, params, w.sessionId) }));
    },
    errors,
    async close() {
      off();
      await pipe.send('Target.closeTarget', { targetId }).catch(() => {});
      await pipe.send('Target.disposeBrowserContext', { browserContextId }).catch(() => {});
    },
  };
  page.timeOrigin = await evaluate(() => performance.timeOrigin);
  return page;
}
