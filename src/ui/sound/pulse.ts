// The visual mirror of a sound: the element that stands for what sounded glows
// once. Driven straight from the sounds store into the DOM, so a sound never
// re-renders React; data-pulses counts them (tests and debugging read it).
import { useEffect, useRef } from 'react';
import type { SoundsState } from '../../store/sounds';
import { soundsStore } from '../../store/sounds';

export const PULSE_MS = 900;

const FADE: Keyframe[] = [{ opacity: 1 }, { opacity: 0 }];
/** Looked up once: pulse() runs for every sound. */
let reducedMotion: MediaQueryList | null | undefined;

/** Fades the glow of `el` (a `.pulsable`) out from full, from the start if it was already fading. */
export function pulse(el: HTMLElement): void {
  el.dataset.pulses = String(Number(el.dataset.pulses ?? 0) + 1);
  reducedMotion ??= typeof matchMedia === 'function' ? matchMedia('(prefers-reduced-motion: reduce)') : null;
  const reduced = reducedMotion?.matches ?? false;
  // A new animation replaces the last one's effect; the finished ones are dropped by the browser.
  el.animate(FADE, { duration: reduced ? 400 : PULSE_MS, easing: 'ease-out', pseudoElement: '::after' });
}

/** A ref whose element pulses whenever `select` (a sound time) changes. */
export function usePulse<T extends HTMLElement>(select: (s: SoundsState) => number | undefined) {
  const ref = useRef<T>(null);
  const selectRef = useRef(select);
  selectRef.current = select;
  useEffect(() => {
    let last = selectRef.current(soundsStore.getState());
    let timer: ReturnType<typeof setTimeout> | undefined;
    const glow = (at: number) => {
      const el = ref.current;
      if (!el) return;
      // The sound starts a few ms ahead; the glow starts with it.
      const delay = Math.max(0, Math.min(250, at - Date.now()));
      clearTimeout(timer);
      timer = setTimeout(() => pulse(el), delay);
    };
    // A row is drawn just after the sound that announced it: it still glows.
    if (last !== undefined && Date.now() - last < PULSE_MS / 2) glow(last);
    const unsub = soundsStore.subscribe((s) => {
      const at = selectRef.current(s);
      if (at === undefined || at === last) return;
      last = at;
      glow(at);
    });
    return () => {
      unsub();
      clearTimeout(timer);
    };
  }, []);
  return ref;
}
