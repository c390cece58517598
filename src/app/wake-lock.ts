// Screen Wake Lock for a wall display: asked for at start, asked for again each
// time the page becomes visible (the browser drops it when the page is hidden).
export type WakeLockStatus = 'on' | 'off' | 'unsupported' | 'refused';

interface Sentinel {
  readonly released: boolean;
  addEventListener(type: 'release', fn: () => void): void;
}
export interface WakeLockNavigator {
  readonly wakeLock?: { request(type: 'screen'): Promise<Sentinel> };
}
export interface VisibilityDoc {
  readonly visibilityState: string;
  addEventListener(type: 'visibilitychange', fn: () => void): void;
  removeEventListener(type: 'visibilitychange', fn: () => void): void;
}

export function keepScreenOn(nav: WakeLockNavigator, doc: VisibilityDoc, report: (s: WakeLockStatus, detail?: string) => void): () => void {
  if (!nav.wakeLock) {
    report('unsupported', 'this browser has no Screen Wake Lock; keep the screen on in the OS settings');
    return () => {};
  }
  const lock = nav.wakeLock;
  let sentinel: Sentinel | null = null;
  let stopped = false;
  const acquire = async () => {
    if (stopped || doc.visibilityState !== 'visible' || (sentinel && !sentinel.released)) return;
    try {
      sentinel = await lock.request('screen');
      sentinel.addEventListener('release', () => report('off', 'released (page hidden)'));
      report('on');
    } catch (err) {
      report('refused', err instanceof Error ? err.message : String(err));
    }
  };
  const onVisible = () => void acquire();
  doc.addEventListener('visibilitychange', onVisible);
  void acquire();
  return () => {
    stopped = true;
    doc.removeEventListener('visibilitychange', onVisible);
  };
}
