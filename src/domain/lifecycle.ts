// What an incoming alert event means given what we knew of that alert.
import type { AlertState } from './events';

/** 'pending': began building up (Prometheus `for:`); 'withdrawn': a pending one went away without firing. */
export type AlertTransition = 'new' | 'repeat' | 'resolved' | 'ignored' | 'pending' | 'withdrawn';

/** A resolve for an alert we never saw firing is ignored: there is nothing to end. */
export function transitionFor(prevState: AlertState | undefined, state: AlertState): AlertTransition {
  if (state === 'resolved') return prevState === 'firing' ? 'resolved' : prevState === 'pending' ? 'withdrawn' : 'ignored';
  // Pending never demotes a firing alert (another source may already say firing).
  if (state === 'pending') return prevState === 'firing' ? 'ignored' : prevState === 'pending' ? 'repeat' : 'pending';
  return prevState === 'firing' ? 'repeat' : 'new';
}
