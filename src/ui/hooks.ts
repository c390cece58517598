import { useEffect, useState } from 'react';
import type { StoreApi } from 'zustand/vanilla';
import { useStore } from 'zustand';
import { Throttle, type ThrottlePolicy } from './throttle';

/** Subscribes a component to a slice of a vanilla store. */
export function useSlice<S, T>(store: StoreApi<S>, selector: (s: S) => T): T {
  return useStore(store, selector);
}

/** Reads a store on a timer instead of on every change: metric samples never re-render. */
export function useSampled<S, T>(store: StoreApi<S>, selector: (s: S) => T, everyMs = 250): T {
  const [value, setValue] = useState(() => selector(store.getState()));
  useEffect(() => {
    const id = setInterval(() => setValue(selector(store.getState())), everyMs);
    return () => clearInterval(id);
    // The selector is expected to be stable (module-level).
  }, [store, everyMs]); // eslint-disable-line react-hooks/exhaustive-deps
  return value;
}

/**
 * Follows a store slice, but re-renders at most once per window (see Throttle): the
 * first change shows at once, a burst of changes lands as one render at its end.
 */
export function useThrottledSlice<S, T>(store: StoreApi<S>, selector: (s: S) => T, policy: number | ThrottlePolicy = 200, weigh?: (s: S, prev: S) => number): T {
  const [value, setValue] = useState(() => selector(store.getState()));
  const p = typeof policy === 'number' ? { ms: policy, busyMs: policy, busyAbovePerSecond: Infinity } : policy;
  useEffect(() => {
    const throttle = new Throttle(p);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const update = () => {
      timer = undefined;
      throttle.redrawn(Date.now());
      setValue(() => selector(store.getState()));
    };
    const unsub = store.subscribe((s, prev) => {
      const wait = throttle.changed(Date.now(), weigh ? weigh(s, prev) : 1);
      if (timer !== undefined) return;
      if (wait <= 0) update();
      else timer = setTimeout(update, wait);
    });
    return () => {
      unsub();
      if (timer !== undefined) clearTimeout(timer);
    };
    // The selector, policy and weigh are expected to be stable (module-level).
  }, [store, p.ms, p.busyMs, p.busyAbovePerSecond]); // eslint-disable-line react-hooks/exhaustive-deps
  return value;
}

/** Re-renders every `everyMs` so relative times ("2 min ago") stay true. */
export function useNow(everyMs = 5000): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(id);
  }, [everyMs]);
  return now;
}

export function ago(ms: number, now: number): string {
  const s = Math.max(0, Math.round((now - ms) / 1000));
  if (s < 60) return `${s}s ago`;
  if (s < 3600) return `${Math.floor(s / 60)}m ago`;
  if (s < 86400) return `${Math.floor(s / 3600)}h ${Math.floor((s % 3600) / 60)}m ago`;
  return `${Math.floor(s / 86400)}d ago`;
}
