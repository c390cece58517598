// What the pusher last did, for the Health view. One update per push.
import { createStore } from 'zustand/vanilla';
import type { PushResult } from './pusher';

export interface PushStatus {
  /** The group URL pushed to (never holds credentials); undefined when not pushing. */
  readonly target?: string;
  readonly instance?: string;
  readonly intervalMs?: number;
  readonly pushes: number;
  readonly failures: number;
  readonly last?: PushResult;
  /** Epoch ms of the last push known (or, cross-origin, believed) to have landed. */
  readonly lastOkAt?: number;
}

export const pushStatusStore = createStore<PushStatus>()(() => ({ pushes: 0, failures: 0 }));

export function setPushTarget(target: string, instance: string, intervalMs: number): void {
  pushStatusStore.setState({ target, instance, intervalMs });
}

export function recordPush(r: PushResult): void {
  pushStatusStore.setState((s) => ({
    pushes: s.pushes + 1,
    failures: s.failures + (r.ok ? 0 : 1),
    last: r,
    ...(r.ok && { lastOkAt: r.at }),
  }));
}

export function resetPushStatus(): void {
  pushStatusStore.setState({ pushes: 0, failures: 0 }, true);
}
