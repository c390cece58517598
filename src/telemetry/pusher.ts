// Pushes the console's metrics to a Pushgateway: at once, then every interval,
// and once more by sendBeacon when the page is hidden or closed.
//
// The Pushgateway's push routes send no CORS headers. Same origin (the console's
// proxy path) is a normal fetch whose status we read. Another origin gets a CORS
// "simple request" (POST, text/plain) in no-cors mode: the Pushgateway parses the
// text format for any non-protobuf Content-Type, so the push lands, but the reply
// is opaque. fetch, sendBeacon and the timers are injected so tests drive them.
import type { Timers } from '../sources/connection';
import { TEXT_CONTENT_TYPE } from './exposition';

export const JOB = 'singing_pager';
export const DEFAULT_PUSH_INTERVAL_MS = 10_000;

export interface PushTarget {
  /** The group's URL: <base>/metrics/job/<job>/instance/<instance>. Never holds credentials. */
  readonly url: string;
  readonly crossOrigin: boolean;
}

/** Ids that are safe as a URL path segment and a label value. */
export const INSTANCE_RE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/**
 * Resolves the configured base (absolute URL, or a path on the page's origin).
 * User info, query and fragment are dropped: browsers refuse URLs with
 * credentials, and a secret in the URL must not travel with every push.
 */
export function pushTarget(base: string, pageOrigin: string, instance: string, job = JOB): PushTarget | null {
  if (!INSTANCE_RE.test(instance)) return null;
  let u: URL;
  try {
    u = new URL(base, pageOrigin);
  } catch {
    return null;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
  u.username = '';
  u.password = '';
  u.search = '';
  u.hash = '';
  u.pathname = `${u.pathname.replace(/\/+$/, '')}/metrics/job/${encodeURIComponent(job)}/instance/${instance}`;
  return { url: u.href, crossOrigin: u.origin !== new URL(pageOrigin).origin };
}

export interface PushResult {
  readonly ok: boolean;
  /** Epoch ms (timers.now()) when the attempt ended. */
  readonly at: number;
  readonly via: 'fetch' | 'beacon';
  /** HTTP status when it could be read (same origin). */
  readonly status?: number;
  /** True for a cross-origin push: sent, but its reply cannot be read. */
  readonly opaque?: boolean;
  readonly error?: string;
}

/** The part of fetch the pusher needs; a Response satisfies it. */
export type FetchLike = (url: string, init: RequestInit) => Promise<{ readonly ok: boolean; readonly status: number; readonly type?: string }>;

export interface PusherOptions {
  readonly target: PushTarget;
  /** The exposition text; a throwing collector costs one push, never the loop. */
  readonly body: () => string;
  readonly intervalMs?: number;
  readonly fetch: FetchLike;
  /** navigator.sendBeacon, bound; absent where the browser has none. */
  readonly sendBeacon?: (url: string, data: string) => boolean;
  readonly timers: Timers;
  /** Retries after a failed push, before waiting for the next interval (default 2). */
  readonly maxRetries?: number;
  /** First retry delay, doubled each time (default 1000 ms). */
  readonly retryBaseMs?: number;
  /** Per-request time limit (default 5000 ms). */
  readonly timeoutMs?: number;
  readonly onResult?: (r: PushResult) => void;
}

export interface Pusher {
  /** One push with bounded retries; resolves when done, never rejects. */
  pushNow(): Promise<void>;
  /** Fire-and-forget final push for a page being hidden or closed; never throws. */
  flush(): void;
  stop(): void;
}

const message = (err: unknown) => (err instanceof Error ? err.message : String(err)).slice(0, 200);

export function startPusher(o: PusherOptions): Pusher {
  const interval = Math.max(1000, o.intervalMs ?? DEFAULT_PUSH_INTERVAL_MS);
  const maxRetries = Math.max(0, o.maxRetries ?? 2);
  const retryBase = o.retryBaseMs ?? 1000;
  const timeoutMs = o.timeoutMs ?? 5000;
  const { target, timers } = o;
  let stopped = false;
  let timer: unknown;
  let inFlight: Promise<void> | null = null;

  const report = (r: Omit<PushResult, 'at'>) => {
    try {
      o.onResult?.({ ...r, at: timers.now() });
    } catch {
      /* a broken listener must not stop the pushes */
    }
  };

  const body = (): string | null => {
    try {
      return o.body();
    } catch (err) {
      report({ ok: false, via: 'fetch', error: `collect failed: ${message(err)}` });
      return null;
    }
  };

  const init = (data: string, keepalive: boolean): RequestInit => ({
    method: 'POST',
    body: data,
    headers: { 'Content-Type': TEXT_CONTENT_TYPE },
    mode: target.crossOrigin ? 'no-cors' : 'same-origin',
    credentials: 'omit',
    cache: 'no-store',
    keepalive,
    ...(!keepalive && typeof AbortSignal !== 'undefined' && 'timeout' in AbortSignal && { signal: AbortSignal.timeout(timeoutMs) }),
  });

  async function once(data: string): Promise<boolean> {
    try {
      const res = await o.fetch(target.url, init(data, false));
      if (target.crossOrigin) {
        report({ ok: true, via: 'fetch', opaque: true });
        return true;
      }
      report({ ok: res.ok, via: 'fetch', status: res.status, ...(!res.ok && { error: `HTTP ${res.status}` }) });
      // A 4xx means the body itself was refused: sending it again cannot help.
      return res.ok || (res.status >= 400 && res.status < 500);
    } catch (err) {
      report({ ok: false, via: 'fetch', error: message(err) });
      return false;
    }
  }

  const sleep = (ms: number) => new Promise<void>((resolve) => timers.setTimeout(resolve, ms));

  async function pushWithRetries(): Promise<void> {
    for (let attempt = 0; attempt <= maxRetries && !stopped; attempt++) {
      if (attempt > 0) await sleep(retryBase * 2 ** (attempt - 1));
      if (stopped) return;
      const data = body(); // fresh figures on every attempt
      if (data === null || (await once(data))) return;
    }
  }

  function pushNow(): Promise<void> {
    // Never two at once: a slow gateway must not pile requests up.
    inFlight ??= pushWithRetries().finally(() => {
      inFlight = null;
    });
    return inFlight;
  }

  function tick(): void {
    timer = undefined;
    if (stopped) return;
    void pushNow().then(() => {
      if (!stopped && timer === undefined) timer = timers.setTimeout(tick, interval);
    });
  }

  function flush(): void {
    if (stopped) return;
    const data = body();
    if (data === null) return;
    try {
      if (o.sendBeacon?.(target.url, data)) {
        report({ ok: true, via: 'beacon', opaque: true });
        return;
      }
    } catch {
      /* fall through to a keepalive fetch */
    }
    try {
      o.fetch(target.url, init(data, true)).then(
        (res) => report(target.crossOrigin ? { ok: true, via: 'fetch', opaque: true } : { ok: res.ok, via: 'fetch', status: res.status }),
        (err: unknown) => report({ ok: false, via: 'fetch', error: message(err) }),
      );
    } catch (err) {
      report({ ok: false, via: 'fetch', error: message(err) });
    }
  }

  tick();
  return {
    pushNow,
    flush,
    stop() {
      stopped = true;
      if (timer !== undefined) timers.clearTimeout(timer);
      timer = undefined;
    },
  };
}

type Listenable = Pick<EventTarget, 'addEventListener' | 'removeEventListener'>;

/** Final push when the page is hidden (tab switched, screen off) or closed. Returns the remover. */
export function pushOnHide(pusher: Pick<Pusher, 'flush'>, doc: Listenable & { readonly visibilityState: string }, win: Listenable): () => void {
  const onVisibility = () => {
    if (doc.visibilityState === 'hidden') pusher.flush();
  };
  const onPageHide = () => pusher.flush();
  doc.addEventListener('visibilitychange', onVisibility);
  win.addEventListener('pagehide', onPageHide);
  return () => {
    doc.removeEventListener('visibilitychange', onVisibility);
    win.removeEventListener('pagehide', onPageHide);
  };
}
