// Inside the timer worker: keeps the page's timeouts and tells the page when each is
// due. A dedicated worker's timers are not throttled when the tab is hidden (the
// page's are: one wake-up a second, and once a minute for chained timers after a
// while), and its messages reach the page at once. The page does the work.

/** Page → worker. */
export type TimerRequest = { readonly t: 'set'; readonly id: number; readonly ms: number } | { readonly t: 'clear'; readonly id: number } | { readonly t: 'ping' };
/** Worker → page. */
export type TimerReply = { readonly t: 'fire'; readonly id: number } | { readonly t: 'pong' };

export interface TimerScope {
  postMessage(m: TimerReply): void;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(h: unknown): void;
}

/** Returns the worker's message handler. */
export function timerHost(scope: TimerScope): (m: TimerRequest) => void {
  const pending = new Map<number, unknown>();
  return (m) => {
    if (m.t === 'ping') return scope.postMessage({ t: 'pong' });
    const old = pending.get(m.id);
    if (old !== undefined) {
      scope.clearTimeout(old);
      pending.delete(m.id);
    }
    if (m.t !== 'set') return;
    const id = m.id;
    pending.set(
      id,
      scope.setTimeout(() => {
        pending.delete(id);
        scope.postMessage({ t: 'fire', id });
      }, Math.max(0, m.ms)),
    );
  };
}
