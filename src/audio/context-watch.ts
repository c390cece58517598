// Keeps an AudioContext running, and says truthfully what it is doing meanwhile.
// Browsers stop a context for several reasons: autoplay policy (no click yet), a page
// or extension calling suspend(), the system taking the device ('interrupted', in
// Safari; Chromium has no such state), an output device coming or going. On each
// change, on a device change and when the tab is shown again it looks at the state
// and resumes; where the browser wants a gesture it says so and resumes on the next
// click or key press anywhere on the page. No Tone here: it is unit-tested on a fake.
import type { ContextStatus } from './context';

export interface RawContextLike {
  readonly state: string;
  addEventListener(type: 'statechange', fn: () => void): void;
  removeEventListener(type: 'statechange', fn: () => void): void;
}

type Target = Pick<EventTarget, 'addEventListener' | 'removeEventListener'>;

export interface ContextWatchEnv {
  /** Asks the context to run; resolves with what happened. */
  readonly resume: () => Promise<ContextStatus>;
  readonly report: (status: ContextStatus, detail?: string) => void;
  /** Where clicks and key presses land (document): listened to while sound is blocked. */
  readonly gestures?: Target;
  /** navigator.mediaDevices, for 'devicechange'. */
  readonly devices?: Target;
  /** document, for 'visibilitychange' (checked when the tab is shown). */
  readonly page?: Target & { readonly visibilityState?: string };
}

export interface ContextWatch {
  /** Looks at the state now and resumes if needed; `why` names the occasion in the status text. */
  check(why: string): Promise<void>;
  stop(): void;
}

export const DETAIL = {
  resuming: (why: string) => `audio stopped (${why}); resuming…`,
  gesture: 'the browser will not restart audio without a click: click anywhere on the page or press a key',
  interrupted: 'the system interrupted audio (another app or a call took the device); it resumes when that ends, or click',
  closed: 'the audio context was closed; reload the page',
} as const;

const GESTURES = ['pointerdown', 'keydown'] as const;

export function watchRawContext(raw: RawContextLike, env: ContextWatchEnv): ContextWatch {
  let stopped = false;
  let busy = false;
  let again: string | null = null;
  let armed = false;
  const report = env.report;

  // A click or key press is what the browser waits for: resume inside that event.
  const onGesture = () => void check('a click');
  const arm = (on: boolean) => {
    if (on === armed || !env.gestures) return;
    armed = on;
    for (const t of GESTURES) (on ? env.gestures.addEventListener : env.gestures.removeEventListener).call(env.gestures, t, onGesture, { capture: true });
  };

  async function check(why: string): Promise<void> {
    if (stopped) return;
    if (busy) {
      again = why;
      return;
    }
    const state = raw.state;
    if (state === 'running') {
      arm(false);
      return report('running');
    }
    if (state === 'closed') {
      arm(false);
      return report('failed', DETAIL.closed);
    }
    report('suspended', state === 'interrupted' ? DETAIL.interrupted : DETAIL.resuming(why));
    busy = true;
    try {
      const r = await env.resume();
      if (stopped) return;
      const now = raw.state;
      if (now === 'running') {
        arm(false);
        report('running');
      } else if (now === 'closed' || r === 'failed') {
        arm(false);
        report('failed', now === 'closed' ? DETAIL.closed : 'the browser refused to start audio');
      } else {
        arm(true);
        report(now === 'interrupted' ? 'suspended' : 'needs-gesture', now === 'interrupted' ? DETAIL.interrupted : DETAIL.gesture);
      }
    } finally {
      busy = false;
    }
    if (again !== null) {
      const next = again;
      again = null;
      await check(next);
    }
  }

  const onState = () => void check(`the browser made it ${raw.state}`);
  const onDevice = () => void check('the output device changed');
  const onVisible = () => {
    if (env.page?.visibilityState === 'visible') void check('the tab is shown again');
  };
  raw.addEventListener('statechange', onState);
  env.devices?.addEventListener('devicechange', onDevice);
  env.page?.addEventListener('visibilitychange', onVisible);
  // Not running yet (autoplay blocked): the next click anywhere starts it.
  if (raw.state !== 'running' && raw.state !== 'closed') arm(true);

  return {
    check,
    stop() {
      stopped = true;
      arm(false);
      raw.removeEventListener('statechange', onState);
      env.devices?.removeEventListener('devicechange', onDevice);
      env.page?.removeEventListener('visibilitychange', onVisible);
    },
  };
}
