// The conductor on a fake clock: routing, repeat policies, resolves, budgets, the
// storm, the quiet filter and switching scores.
import { describe, expect, it } from 'vitest';
import type { AlertEvent } from '../../../src/domain/events';
import { alertIdentity } from '../../../src/domain/identity';
import type { AlertTransition } from '../../../src/domain/lifecycle';
import { AUTO_EARCON, Conductor, STORM_HOLD_MS } from '../../../src/domain/score/conductor';
import type { ConductorOptions } from '../../../src/domain/score/conductor';
import { earconDesign, earconLength } from '../../../src/domain/score/earcons';
import { parseScore } from '../../../src/domain/score/parse';
import { QUIET_STORM } from '../../../src/domain/score/sounds';
import type { Score } from '../../../src/domain/score/types';
import { createFakeClock } from '../../helpers/fake-clock';

function score(yaml: string): Score {
  const r = parseScore(`name: test\n${yaml}`);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.score;
}

const ROUTED = score(`
budgets: { global: 8, critical: 4, warning: 4, info: 4 }
alerts:
  routes:
    - name: pager
      match: ['severity="critical"']
      earcon: alarm
      resolve: cadence
      repeat: every 1m while firing
    - name: disks
      match: ['alertname=~"Disk.*"']
      earcon: knock
      repeat: until acknowledged every 30s
  default: { earcon: auto, resolve: rise }
`);

/** An alert as a source delivers it; severity stays outside labels unless given there. */
function alert(name: string, severity: string, labels: Record<string, string> = {}, state: 'firing' | 'resolved' = 'firing'): AlertEvent {
  return { kind: 'alert', id: alertIdentity(name, labels), name, severity, state, labels, annotations: {}, source: 'mqtt', receivedAt: 0 };
}

/** A conductor on a fake clock, fed as the pipeline feeds it. */
function rig(s: Score, opts: ConductorOptions = {}) {
  const clock = createFakeClock(1_000_000);
  const c = new Conductor(s, opts);
  const send = (events: AlertEvent[], transitions: AlertTransition[]) => c.onAlerts(events, transitions, clock.now());
  return {
    c,
    clock,
    fire: (...events: AlertEvent[]) => send(events, events.map(() => 'new')),
    resolve: (...events: AlertEvent[]) => send(events.map((e) => ({ ...e, state: 'resolved' as const })), events.map(() => 'resolved')),
    tick: () => c.tick(clock.now()),
    /** Ticks every 100 ms for `ms`, collecting what sounded. */
    run(ms: number) {
      const sounds = [];
      for (let t = 0; t < ms; t += 100) {
        clock.advance(100);
        sounds.push(...c.tick(clock.now()).sounds);
      }
      return sounds;
    },
  };
}

describe('routing', () => {
  it('the first matching route wins; the default takes the rest', () => {
    const r = rig(ROUTED);
    // Critical DiskFull matches both routes: "pager" comes first.
    expect(r.fire(alert('DiskFull', 'critical')).sounds[0]).toMatchObject({ earcon: 'alarm', channel: 'critical', reason: 'new' });
    expect(r.fire(alert('DiskSlow', 'warning')).sounds[0]).toMatchObject({ earcon: 'knock', channel: 'warning' });
    // The default route's "auto" picks the severity family's own earcon.
    expect(r.fire(alert('Latency', 'info')).sounds[0]).toMatchObject({ earcon: AUTO_EARCON.info, channel: 'info' });
    expect(r.fire(alert('Errors', 'major')).sounds[0]).toMatchObject({ earcon: AUTO_EARCON.warning, channel: 'warning' });
  });

  it('matchers see severity and alertname even when the payload kept them outside labels', () => {
    const r = rig(ROUTED);
    expect(r.fire(alert('Anything', 'critical', { instance: 'db-3' })).sounds[0]?.earcon).toBe('alarm');
  });

  it('places an alert in the stereo field by its instance, the same way every time', () => {
    const r = rig(ROUTED);
    const a = r.fire(alert('Latency', 'info', { instance: 'db-3' })).sounds[0]!.pan;
    const b = r.fire(alert('Other', 'info', { instance: 'db-3' })).sounds[0]!.pan;
    const c = r.fire(alert('Other', 'info', { instance: 'web-1' })).sounds[0]!.pan;
    expect(a).toBe(b);
    expect(a).not.toBe(c);
    expect(Math.abs(a)).toBeLessThanOrEqual(0.8);
  });
});

describe('repeat policies', () => {
  it('once: a single sound however long it fires', () => {
    const r = rig(ROUTED);
    expect(r.fire(alert('Latency', 'info')).sounds).toHaveLength(1);
    expect(r.run(10 * 60_000)).toEqual([]);
  });

  it('every N while firing: again each N, and no more once resolved', () => {
    const r = rig(ROUTED);
    const a = alert('Pager', 'critical');
    r.fire(a);
    expect(r.run(59_900)).toEqual([]);
    const first = r.run(200);
    expect(first).toHaveLength(1);
    expect(first[0]).toMatchObject({ earcon: 'alarm', reason: 'repeat' });
    expect(r.run(60_000)).toHaveLength(1);
    r.resolve(a);
    expect(r.run(5 * 60_000)).toEqual([]);
  });

  it('every N while firing also stops when acknowledged', () => {
    const r = rig(ROUTED);
    const a = alert('Pager', 'critical');
    r.fire(a);
    expect(r.run(60_100)).toHaveLength(1);
    expect(r.c.acknowledge(a.id)).toBe(true);
    expect(r.run(5 * 60_000)).toEqual([]);
  });

  it('until acknowledged: repeats until the ack, then stops', () => {
    const r = rig(ROUTED);
    const a = alert('DiskFull', 'warning');
    r.fire(a);
    expect(r.run(95_000).map((s) => s.reason)).toEqual(['repeat', 'repeat', 'repeat']);
    expect(r.c.isAcknowledged(a.id)).toBe(false);
    expect(r.c.acknowledge(a.id)).toBe(true);
    expect(r.c.isAcknowledged(a.id)).toBe(true);
    expect(r.run(5 * 60_000)).toEqual([]);
    expect(r.c.acknowledge('no-such-alert')).toBe(false);
  });
});

describe('resolve', () => {
  it("plays the route's resolve earcon on the clear channel", () => {
    const r = rig(ROUTED);
    const pager = alert('Pager', 'critical');
    const other = alert('Latency', 'info');
    r.fire(pager, other);
    r.clock.advance(5000);
    const plan = r.resolve(pager, other);
    expect(plan.sounds.map((s) => [s.earcon, s.channel, s.reason])).toEqual([
      ['cadence', 'clear', 'resolved'],
      ['rise', 'clear', 'resolved'],
    ]);
    expect(r.c.firingCount()).toBe(0);
  });
});

describe('budgets and the storm', () => {
  const TIGHT = score('budgets: { global: 3, critical: 2, warning: 2, info: 2 }\n');
  const crit = (i: number) => alert(`C${i}`, 'critical');
  const warn = (i: number) => alert(`W${i}`, 'warning');

  it('per family: the third critical at once is folded into the storm', () => {
    const r = rig(TIGHT);
    const plan = r.fire(crit(1), crit(2), crit(3));
    expect(plan.sounds).toHaveLength(2);
    expect(plan.folded).toBe(1);
    expect(r.c.stormState()).toEqual({ active: true, firing: 3, folded: 1 });
    expect(r.c.voicesInUse(r.clock.now())).toBe(2);
  });

  it('global: families within their budgets still share the global one', () => {
    const r = rig(TIGHT);
    const plan = r.fire(crit(1), warn(1), crit(2), warn(2));
    expect(plan.sounds.map((s) => s.subject)).toEqual([crit(1).id, warn(1).id, crit(2).id]);
    expect(plan.folded).toBe(1);
  });

  it('a voice is free again once its earcon has died away', () => {
    const r = rig(TIGHT);
    r.fire(crit(1), crit(2));
    expect(r.fire(crit(3)).folded).toBe(1);
    r.clock.advance(earconLength(earconDesign(AUTO_EARCON.critical)) * 1000);
    expect(r.fire(crit(4)).sounds).toHaveLength(1);
  });

  it('counts what it folds, follows the firing count, and ends after STORM_HOLD_MS of calm', () => {
    const r = rig(TIGHT);
    r.fire(...Array.from({ length: 10 }, (_, i) => crit(i)));
    expect(r.c.stormState()).toEqual({ active: true, firing: 10, folded: 8 });
    r.clock.advance(100);
    r.fire(crit(10), crit(11));
    expect(r.c.stormState()).toEqual({ active: true, firing: 12, folded: 10 });
    r.resolve(crit(0), crit(1), crit(2));
    r.tick();
    expect(r.c.stormState()).toMatchObject({ active: true, firing: 9 });
    r.clock.advance(STORM_HOLD_MS);
    r.tick();
    expect(r.c.stormState().active).toBe(true);
    r.clock.advance(100);
    r.tick();
    expect(r.c.stormState()).toEqual(QUIET_STORM);
    // A new overflow starts counting afresh.
    r.fire(...Array.from({ length: 4 }, (_, i) => crit(20 + i)));
    expect(r.c.stormState().folded).toBe(2);
  });
});

describe('quiet filter', () => {
  it('a quiet alert makes no sound, new, repeated or resolved, but is still tracked', () => {
    const quiet = alert('Pager', 'critical', { instance: 'db-3' });
    const loud = alert('Pager', 'critical', { instance: 'db-4' });
    const r = rig(ROUTED, { isQuiet: (id) => id === quiet.id });
    expect(r.fire(quiet, loud).sounds.map((s) => s.subject)).toEqual([loud.id]);
    expect(r.c.firingCount()).toBe(2);
    expect(r.run(60_100).map((s) => s.subject)).toEqual([loud.id]);
    expect(r.resolve(quiet).sounds).toEqual([]);
  });

  it('is asked with the current time, so quiet hours can end', () => {
    const r = rig(ROUTED, { isQuiet: (_, now) => now < 1_090_000 });
    expect(r.fire(alert('Pager', 'critical')).sounds).toEqual([]);
    expect(r.run(120_000).map((s) => s.reason)).toEqual(['repeat']); // the 1 m repeat is quiet, the 2 m one is not
  });
});

describe('setScore', () => {
  const REPEATING = score(`
alerts:
  routes:
    - { match: ['severity="critical"'], earcon: strike, resolve: cadence, repeat: every 2m while firing }
`);

  it('re-routes what is firing without replaying it', () => {
    const r = rig(score('alerts: { default: { earcon: bell } }\n'));
    // Severity only in the payload, not in labels: the re-route must still see it.
    const a = alert('Pager', 'critical', { instance: 'db-3' });
    expect(r.fire(a).sounds[0]?.earcon).toBe('bell');
    r.clock.advance(60_000);
    r.c.setScore(REPEATING);
    expect(r.tick().sounds).toEqual([]);
    expect(r.c.firingCount()).toBe(1);
    // The new route's policy counts from the alert's last sound, 2 m after it fired.
    expect(r.run(59_900)).toEqual([]);
    expect(r.run(200).map((s) => [s.earcon, s.reason])).toEqual([['strike', 'repeat']]);
    expect(r.resolve(a).sounds[0]?.earcon).toBe('cadence');
  });

  it('takes the new budgets', () => {
    const r = rig(score('budgets: { global: 8, critical: 4, warning: 4, info: 4 }\n'));
    r.c.setScore(score('budgets: { global: 1, critical: 1, warning: 1, info: 1 }\n'));
    expect(r.fire(alert('A', 'info'), alert('B', 'info')).folded).toBe(1);
  });
});
