// The kiosk's upkeep on a fake clock: the watchdog (stall, stopped audio clock,
// stale feeds; never while someone edits), the audio auto-resume and its banner
// state, the wake lock, and the tab badge. In test/store because the unit project
// does not include test/app.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ContextStatus } from '../../src/audio/context';
import { AUTOPLAY_FLAG, startResumer } from '../../src/app/kiosk-resume';
import { editingNow, startWatchdog } from '../../src/app/kiosk-watchdog';
import type { WatchdogState } from '../../src/app/kiosk-watchdog';
import { badgeIcon, badgeTitle, startTabBadge, summarise } from '../../src/app/tab-badge';
import { keepScreenOn } from '../../src/app/wake-lock';
import type { WakeLockStatus } from '../../src/app/wake-lock';
import { applyAlerts, alertsStore, resetAlerts } from '../../src/store/alerts';
import type { AlertEvent } from '../../src/domain/events';
import { createFakeClock } from '../helpers/fake-clock';

function watchdogRig(o: { staleReloadMs?: number } = {}) {
  const clock = createFakeClock(0);
  let beat = 0;
  let audio: number | null = 0;
  let stale = false;
  let editing = false;
  const reloads: string[] = [];
  const states: WatchdogState[] = [];
  const dog = startWatchdog({
    timers: clock,
    checkEveryMs: 5000,
    stallAfterMs: 60_000,
    staleReloadMs: o.staleReloadMs ?? 600_000,
    lastBeat: () => beat,
    audioTime: () => audio,
    feedsStale: () => stale,
    isEditing: () => editing,
    reload: (r) => reloads.push(r),
    onState: (s) => states.push(s),
  });
  /** A healthy page: the UI beats and the audio clock moves every second. */
  const live = (ms: number, opts: { beat?: boolean; audio?: boolean } = {}) => {
    for (let t = 0; t < ms; t += 1000) {
      clock.advance(1000);
      if (opts.beat !== false) beat = clock.now();
      if (opts.audio !== false && audio !== null) audio += 1;
    }
  };
  return {
    clock,
    dog,
    reloads,
    states,
    live,
    set: (x: { stale?: boolean; editing?: boolean; audio?: number | null }) => {
      if (x.stale !== undefined) stale = x.stale;
      if (x.editing !== undefined) editing = x.editing;
      if (x.audio !== undefined) audio = x.audio;
    },
  };
}

describe('kiosk watchdog', () => {
  it('leaves a healthy page alone for a day', () => {
    const r = watchdogRig();
    r.live(24 * 3600_000);
    expect(r.reloads).toEqual([]);
    expect(r.states).toEqual([{ status: 'ok' }]);
  });

  it('reloads when the UI stops beating for the stall time', () => {
    const r = watchdogRig();
    r.live(10_000);
    r.live(60_000, { beat: false });
    expect(r.reloads).toEqual([]);
    r.live(5000, { beat: false });
    expect(r.reloads).toEqual(['the console stopped updating for 65 s']);
    r.live(600_000, { beat: false });
    expect(r.reloads).toHaveLength(1); // once, then it stops
    expect(r.clock.pending()).toBe(0);
  });

  it('reloads when the audio clock stops while the context says it runs, not when it is suspended', () => {
    const r = watchdogRig();
    r.set({ audio: null }); // suspended: no clock to watch
    r.live(300_000);
    expect(r.reloads).toEqual([]);
    r.set({ audio: 5 });
    r.live(30_000);
    r.live(70_000, { audio: false });
    expect(r.reloads).toEqual(['the audio clock stopped for 65 s']);
  });

  it('reloads when every feed has been stale for the configured time; a feed coming back resets it', () => {
    const r = watchdogRig({ staleReloadMs: 120_000 });
    r.set({ stale: true });
    r.live(100_000);
    r.set({ stale: false });
    r.live(10_000);
    r.set({ stale: true });
    r.live(115_000);
    expect(r.reloads).toEqual([]);
    r.live(10_000);
    expect(r.reloads).toEqual(['every feed stale for 120 s']);
  });

  it('never while someone is editing a form: it waits, says so, and reloads once they stop', () => {
    const r = watchdogRig({ staleReloadMs: 60_000 });
    r.set({ stale: true, editing: true });
    r.live(30 * 60_000);
    expect(r.reloads).toEqual([]);
    expect(r.states.at(-1)).toEqual({ status: 'postponed', reason: expect.stringMatching(/^every feed stale/) });
    r.set({ editing: false });
    r.live(5000);
    expect(r.reloads).toHaveLength(1);
    expect(r.states.at(-1)?.status).toBe('reloading');
  });

  it('a stale reload time of 0 means never', () => {
    const r = watchdogRig({ staleReloadMs: 0 });
    r.set({ stale: true });
    r.live(48 * 3600_000);
    expect(r.reloads).toEqual([]);
  });

  it('knows a text field from a checkbox', () => {
    const el = (tagName: string, type = '') => ({ activeElement: { tagName, type, isContentEditable: false } as unknown as Element });
    expect(editingNow(el('INPUT', 'text'))).toBe(true);
    expect(editingNow(el('TEXTAREA'))).toBe(true);
    expect(editingNow(el('INPUT', 'checkbox'))).toBe(false);
    expect(editingNow(el('BUTTON'))).toBe(false);
    expect(editingNow({ activeElement: null })).toBe(false);
  });
});

describe('audio auto-resume', () => {
  function resumeRig(outcomes: ContextStatus[]) {
    const clock = createFakeClock(0);
    let state: string | null = null;
    const reports: [ContextStatus, string | undefined][] = [];
    let attempts = 0;
    const r = startResumer({
      timers: clock,
      everyMs: 5000,
      state: () => state,
      resume: async () => {
        attempts++;
        const o = outcomes.shift() ?? 'needs-gesture';
        if (o === 'running') state = 'running';
        return o;
      },
      report: (s, d) => reports.push([s, d]),
    });
    const flush = () => new Promise((r) => setImmediate(r));
    const tick = async (ms: number) => {
      clock.advance(ms);
      await flush();
    };
    return { r, reports, tick, setState: (s: string | null) => (state = s), attempts: () => attempts, clock };
  }

  it('does nothing before there is a context, and reports running once', async () => {
    const x = resumeRig([]);
    await x.tick(20_000);
    expect(x.attempts()).toBe(0);
    x.setState('running');
    await x.tick(20_000);
    expect(x.reports).toEqual([['running', undefined]]);
  });

  it('resumes a context the browser suspended, within one period', async () => {
    const x = resumeRig(['running']);
    x.setState('running');
    await x.tick(5000);
    x.setState('suspended');
    await x.tick(5000);
    expect(x.attempts()).toBe(1);
    await x.tick(60_000);
    expect(x.attempts()).toBe(1); // running again: nothing to do
    expect(x.reports.map(([s]) => s)).toEqual(['running']);
  });

  it('while autoplay is blocked it keeps trying, backing off to once a minute, and says so until it runs', async () => {
    const x = resumeRig(['needs-gesture', 'needs-gesture', 'needs-gesture', 'running']);
    x.setState('suspended');
    await x.r.check();
    expect(x.reports).toEqual([['needs-gesture', 'the browser keeps audio suspended until someone clicks here']]);
    expect(AUTOPLAY_FLAG).toBe('--autoplay-policy=no-user-gesture-required');
    await x.tick(5000); // the first period
    expect(x.attempts()).toBe(2);
    await x.tick(19_999);
    expect(x.attempts()).toBe(2);
    await x.tick(1); // then 20 s, 40 s, … (each try costs the browser a console warning)
    expect(x.attempts()).toBe(3);
    expect(x.reports).toHaveLength(1); // the same outcome is reported once
    await x.tick(40_000);
    expect(x.attempts()).toBe(4);
    expect(x.reports.at(-1)).toEqual(['running', undefined]);
  });

  it('never waits more than a minute between tries', async () => {
    const x = resumeRig(Array(20).fill('needs-gesture'));
    x.setState('suspended');
    for (let i = 0; i < 10; i++) await x.tick(60_000);
    expect(x.attempts()).toBeGreaterThanOrEqual(7);
    expect(x.clock.delays()[0]).toBeLessThanOrEqual(60_000);
  });

  it('a closed context is a failure to reload for, not something to resume', async () => {
    const x = resumeRig([]);
    x.setState('closed');
    await x.r.check();
    expect(x.attempts()).toBe(0);
    expect(x.reports[0]?.[0]).toBe('failed');
    x.r.stop();
    expect(x.clock.pending()).toBe(0);
  });
});

describe('wake lock', () => {
  function doc() {
    const listeners: (() => void)[] = [];
    return {
      visibilityState: 'visible',
      addEventListener: (_: string, fn: () => void) => listeners.push(fn),
      removeEventListener: () => {},
      fire: () => listeners.forEach((f) => f()),
    };
  }

  it('asks at start, and again when the page is visible after the browser released it', async () => {
    const d = doc();
    const releases: (() => void)[] = [];
    let requests = 0;
    const sentinel = () => {
      const s = { released: false, addEventListener: (_: string, fn: () => void) => releases.push(() => ((s.released = true), fn())) };
      return s;
    };
    const reports: WakeLockStatus[] = [];
    keepScreenOn({ wakeLock: { request: async () => (requests++, sentinel()) } }, d, (s) => reports.push(s));
    await Promise.resolve();
    await Promise.resolve();
    expect([requests, reports]).toEqual([1, ['on']]);
    d.visibilityState = 'hidden';
    releases[0]!();
    d.fire();
    expect(requests).toBe(1);
    d.visibilityState = 'visible';
    d.fire();
    await Promise.resolve();
    await Promise.resolve();
    expect([requests, reports]).toEqual([2, ['on', 'off', 'on']]);
  });

  it('says so when the browser has none or refuses', async () => {
    const reports: WakeLockStatus[] = [];
    keepScreenOn({}, doc(), (s) => reports.push(s));
    keepScreenOn({ wakeLock: { request: () => Promise.reject(new Error('NotAllowedError')) } }, doc(), (s) => reports.push(s));
    await Promise.resolve();
    await Promise.resolve();
    expect(reports).toEqual(['unsupported', 'refused']);
  });
});

describe('tab badge', () => {
  const alert = (name: string, severity: string, state: 'firing' | 'resolved'): AlertEvent => ({ kind: 'alert', id: name, name, severity, state, labels: {}, annotations: {}, source: 'mqtt', receivedAt: 0 });
  beforeEach(() => {
    resetAlerts();
    vi.useFakeTimers();
  });
  afterEach(() => vi.useRealTimers());

  it('counts live firing alerts in the title and colours the icon by the worst', () => {
    expect(badgeTitle('Singing Pager', 0)).toBe('Singing Pager');
    expect(badgeTitle('Singing Pager', 3)).toBe('(3) Singing Pager');
    applyAlerts([alert('A', 'warning', 'firing'), alert('B', 'critical', 'firing'), alert('C', 'info', 'firing')]);
    applyAlerts([alert('C', 'info', 'resolved')]);
    expect(summarise(alertsStore.getState())).toEqual({ firing: 2, worst: 'critical' });
    expect(decodeURIComponent(badgeIcon(2, 'critical'))).toContain('fill="#f87171"');
    expect(decodeURIComponent(badgeIcon(0, null))).toContain('<path');
  });

  it('updates the document at most twice a second', () => {
    const link = { rel: 'icon', type: '', href: '/favicon.svg' };
    const d = { title: 'Singing Pager', querySelector: () => link, createElement: () => link, head: { append: () => {} } } as unknown as Document;
    const stop = startTabBadge(d, 500);
    expect(d.title).toBe('Singing Pager');
    applyAlerts([alert('A', 'warning', 'firing')]);
    applyAlerts([alert('B', 'warning', 'firing')]);
    expect(d.title).toBe('Singing Pager');
    vi.advanceTimersByTime(500);
    expect(d.title).toBe('(2) Singing Pager');
    expect(decodeURIComponent(link.href)).toContain('#fbbf24');
    stop();
  });
});
