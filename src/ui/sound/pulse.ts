// The visual mirror of a sound: the element that stands for what sounded glows
// once. Driven straight from the sounds store into the DOM, so a sound never
// re-renders React; data-pulses counts them (tests and debugging read it).
import { useEffect, useRef } from 'react';
import type { SoundsState } from '../../store/sounds';
import { soundsStore } from '../../store/sounds';

export const PULSE_MS = 900;

/** Restarts the CSS pulse animation on `el`. */
export function pulse(el: HTMLElement): void {
  el.dataset.pulses = String(Number(el.dataset.pulses ?? 0) + 1);
  // Off now, on again next frame: that restarts the animation without forcing a layout
  // per pulse (reading offsetWidth here was a large part of the long tasks in a storm).
  el.classList.remove('pulse');
  requestAnimationFrame(() => el.classList.add('pulse'));
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
