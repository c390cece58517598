// What an incoming alert event means given what we knew of that alert.
import type { AlertState } from './events';

export type AlertTransition = 'new' | 'repeat' | 'resolved' | 'ignored';

/** A resolve for an alert we never saw firing is ignored: there is nothing to end. */
export function transitionFor(prevState: AlertState | undefined, state: AlertState): AlertTransition {
  if (state === 'resolved') return prevState === 'firing' ? 'resolved' : 'ignored';
  return prevState === 'firing' ? 'repeat' : 'new';
}
