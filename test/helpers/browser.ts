// Headless Debian Chromium via playwright-core, with error collection and the audio tap.
import type { ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type CDPSession, type Page } from 'playwright-core';
import { audioTapInitScript, type AudioTapOptions } from './audio-tap';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

// No audio-specific flags are needed: without a sound card (no /dev/snd) Chromium falls
// back to a fake output stream, contexts reach 'running' and currentTime advances in real
// time (baseLatency 0.01 s, outputLatency 0.032 s). Playwright adds --headless and
// --mute-audio itself; muting happens after the graph, so the tap still sees the signal.
export const BASE_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
/** Lets AudioContexts start without a user gesture. Without it, Chromium's default policy applies. */
export const AUTOPLAY_ARG = '--autoplay-policy=no-user-gesture-required';

export interface LaunchOptions {
  /** Default true. false = Chromium's default policy: contexts stay suspended until a real click. */
  autoplay?: boolean;
  args?: string[];
  headless?: boolean;
}

export function launchBrowser(opts: LaunchOptions = {}): Promise<Browser> {
  const args = [...BASE_ARGS, ...(opts.autoplay === false ? [] : [AUTOPLAY_ARG]), ...(opts.args ?? [])];
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: opts.headless ?? true, args });
}

export interface PageErrors {
  /** Uncaught exceptions (Chromium also reports unhandled rejections here). */
  pageErrors: string[];
  /** console.error() calls and console messages of type 'error'. */
  consoleErrors: string[];
  /** unhandledrejection events seen in the page. */
  rejections: string[];
}

export interface HarnessPage extends PageErrors {
  page: Page;
  context: BrowserContext;
  /** Every line of console output, for debugging failures. */
  consoleLog: string[];
  /** All collected errors, flattened; a test asserts `expect(p.allErrors()).toEqual([])`. */
  allErrors(): string[];
  close(): Promise<void>;
}

export interface NewPageOptions {
  /** Passed to browser.newContext (viewport, locale, bypassCSP, …). */
  contextOptions?: BrowserContextOptions;
  /** Audio tap options, or false to not install it. */
  tap?: AudioTapOptions | false;
  /** Console errors matching any of these are not collected (e.g. expected 404s). */
  ignoreConsole?: RegExp[];
}

/** A page in its own browser context, with error collection and (by default) the audio tap. */
export async function newPage(browser: Browser, opts: NewPageOptions = {}): Promise<HarnessPage> {
  // The tap's AudioWorklet module is a blob: URL, which the app's CSP (script-src 'self')
  // refuses: only pages with the tap bypass CSP. test/e2e/csp.test.ts runs without it.
  const bypassCSP = opts.contextOptions?.bypassCSP ?? opts.tap !== false;
  const context = await browser.newContext({ ...opts.contextOptions, bypassCSP });
  const page = await context.newPage();
  const h: HarnessPage = {
    page,
    context,
    pageErrors: [],
    consoleErrors: [],
    rejections: [],
    consoleLog: [],
    allErrors: () => [...h.pageErrors, ...h.consoleErrors, ...h.rejections],
    close: () => context.close(),
  };
  page.on('pageerror', (e) => h.pageErrors.push(e.stack ?? String(e)));
  page.on('console', (m) => {
    const line = `${m.type()}: ${m.text()}`;
    h.consoleLog.push(line);
    if (m.type() === 'error' && !opts.ignoreConsole?.some((r) => r.test(m.text()))) h.consoleErrors.push(line);
  });
  await page.exposeFunction('__harnessRejection', (msg: string) => h.rejections.push(msg));
  await page.addInitScript({
    content: `addEventListener('unhandledrejection', (e) => {
      const r = e.reason; window.__harnessRejection?.(String((r && r.stack) || r));
    });`,
  });
  if (opts.tap !== false) await page.addInitScript({ content: audioTapInitScript(opts.tap || {}) });
  return h;
}

const cdpSessions = new WeakMap<Page, Promise<CDPSession>>();

/**
 * Like page.evaluate, but WITHOUT a user gesture. Playwright's evaluate runs as a user
 * gesture, which gives the page sticky activation and so lets later AudioContext.resume()
 * calls succeed — fatal for tests of the "Enable sound" path. Main frame only; the
 * result is JSON-serialised (so -Infinity/NaN become null).
 */
export async function evalNoGesture<R, A = undefined>(page: Page, fn: (arg: A) => R | Promise<R>, arg?: A): Promise<R> {
  let s = cdpSessions.get(page);
  if (!s) cdpSessions.set(page, (s = page.context().newCDPSession(page)));
  const res = await (await s).send('Runtime.evaluate', {
    expression: `(${fn.toString()})(${arg === undefined ? '' : JSON.stringify(arg)})`,
    awaitPromise: true,
    returnByValue: true,
    userGesture: false,
  });
  if (res.exceptionDetails) {
    const d = res.exceptionDetails;
    throw new Error(`evalNoGesture: ${d.exception?.description ?? d.text}`);
  }
  return res.result.value as R;
}

/** Runs a function in a page without a user gesture (the bench's own pages provide one). */
export interface PageRunner {
  run<R, A>(fn: (arg: A) => R | Promise<R>, arg?: A): Promise<R>;
}

/** Node-side view of window.__audioTap in `target`; never acts as a user gesture. */
export function tapOf(target: Page | PageRunner) {
  const run: PageRunner['run'] = (fn, arg) => ('run' in target ? target.run(fn, arg) : evalNoGesture(target, fn, arg));
  return {
    ready: (timeoutMs = 5000) => run((t) => window.__audioTap.ready(t), timeoutMs),
    reset: () => run(() => window.__audioTap.reset()),
    /** Flushes pending batches first, so levels are current. */
    snapshot: () =>
      run(async () => {
        await window.__audioTap.flush();
        return window.__audioTap.snapshot();
      }),
    /** First onset at or after `afterPerfMs` (page performance.now() ms), or null on timeout. */
    waitForOnset: (afterPerfMs: number | null = null, timeoutMs = 5000) =>
      run(([a, t]) => window.__audioTap.waitForOnset(a ?? -Infinity, t), [afterPerfMs, timeoutMs] as const),
    recent: async (seconds: number, context?: number): Promise<{ sampleRate: number; pcm: Float32Array }> => {
      const r = await run(
        async ([s, c]) => {
          const pcm = await window.__audioTap.recent(s, c ?? undefined);
          const snap = window.__audioTap.snapshot();
          return { pcm, sampleRate: (c == null ? snap.sampleRate : snap.perContext[c]?.sampleRate) ?? 0 };
        },
        [seconds, context ?? null] as const,
      );
      return { sampleRate: r.sampleRate, pcm: Float32Array.from(r.pcm) };
    },
    /** Resolves true once every running context has been silent for minSilenceMs (ready for a new onset). */
    waitForSilence: (timeoutMs = 5000) =>
      run(async (t) => {
        const end = performance.now() + t;
        for (;;) {
          await window.__audioTap.flush();
          const ctxs = window.__audioTap.snapshot().perContext.filter((c) => c.state === 'running');
          if (ctxs.every((c) => c.armed)) return true;
          if (performance.now() > end) return false;
          await new Promise((r) => setTimeout(r, 20));
        }
      }, timeoutMs),
    perfNow: () => run(() => performance.now()),
  };
}

export type Tap = ReturnType<typeof tapOf>;

/**
 * Stops a Chromium this process spawned and removes its profile. Closed through DevTools
 * (`closeViaDevTools` sends Browser.close), Chromium stops its helper processes before it
 * exits; a SIGKILL of the main process alone left them writing the profile as it was
 * removed (ENOTEMPTY). SIGKILL only after `graceMs`.
 */
export async function stopChromium(proc: ChildProcess, profileDir: string, closeViaDevTools: () => Promise<unknown>, graceMs = 5000): Promise<void> {
  const running = () => proc.exitCode === null && proc.signalCode === null;
  const exited = running() ? new Promise((ok) => proc.once('exit', ok)) : Promise.resolve();
  await closeViaDevTools().catch(() => {});
  await Promise.race([exited, new Promise((ok) => setTimeout(ok, graceMs))]);
  if (running()) {
    proc.kill('SIGKILL');
    await exited;
  }
  rmSync(profileDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
}
