// The conductor turns alert transitions into sounds through the score: it routes,
// places and repeats them, keeps them within the voice budgets, and folds what
// overflows into the storm. Pure and clock-driven: `now` is always passed in.
import type { AlertEvent, SeverityFamily } from '../events';
import { severityFamily } from '../events';
import type { AlertTransition } from '../lifecycle';
import { VoiceBudget } from './budget';
import type { EarconId } from './earcons';
import { earconDesign, earconLength } from './earcons';
import { matchesAll } from './matchers';
import type { EarconSound, StormState } from './sounds';
import { QUIET_STORM } from './sounds';
import type { AlertRoute, PanSpec, Score } from './types';

export const AUTO_EARCON: Record<SeverityFamily, EarconId> = { critical: 'strike', warning: 'fall', info: 'bell' };
/** What a Prometheus alert sounds like while pending: quiet, on the system channel. */
export const PENDING_EARCON: EarconId = 'build';
/** The storm ends once nothing has overflowed for this long. */
export const STORM_HOLD_MS = 4000;

export function routeFor(score: Score, labels: Readonly<Record<string, string>>): AlertRoute {
  return score.routes.find((r) => matchesAll(r.match, labels)) ?? score.defaultRoute;
}

/** Stable place in the stereo field for a label value (FNV-1a hash). */
export function panOf(spec: PanSpec, labels: Readonly<Record<string, string>>): number {
  if ('fixed' in spec) return spec.fixed;
  const key = labels[spec.label] ?? '';
  if (!key) return 0;
  let h = 2166136261;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 16777619);
  return (((h >>> 0) % 1000) / 1000 - 0.5) * 1.6;
}

interface Firing {
  readonly event: AlertEvent;
  readonly route: AlertRoute;
  lastSoundAt: number;
  acked: boolean;
}

export interface ConductorOptions {
  /** True when this alert must stay quiet now (snoozed, silenced, quiet hours). */
  /** `event`: the message at hand, for alerts the store does not hold yet (it is written in batches). */
  readonly isQuiet?: (alertId: string, now: number, event?: AlertEvent) => boolean;
}

export interface Plan {
  readonly sounds: EarconSound[];
  /** How many sounds the budget folded into the storm. */
  readonly folded: number;
}

export class Conductor {
  private score: Score;
  private readonly budget: VoiceBudget;
  private readonly firing = new Map<string, Firing>();
  private storm: StormState = QUIET_STORM;
  private lastFoldAt = -Infinity;

  constructor(score: Score, private readonly opts: ConductorOptions = {}) {
    this.score = score;
    this.budget = new VoiceBudget(score.budgets);
  }

  /** Switching score re-routes what is firing; nothing restarts or replays. */
  setScore(score: Score): void {
    this.score = score;
    this.budget.setBudgets(score.budgets);
    for (const [id, f] of this.firing) this.firing.set(id, { ...f, route: routeFor(score, this.labelsOf(f.event)) });
  }

  private labelsOf(e: AlertEvent): Record<string, string> {
    // Matchers see the severity and name even when the payload kept them outside labels.
    return { severity: e.severity, alertname: e.name, ...e.labels };
  }

  private sound(e: AlertEvent, route: AlertRoute, reason: EarconSound['reason']): EarconSound {
    const family = severityFamily(e.severity);
    const resolved = reason === 'resolved';
    const earcon = resolved ? route.resolve : route.earcon === 'auto' ? AUTO_EARCON[family] : route.earcon;
    return {
      kind: 'earcon',
      earcon,
      channel: resolved ? 'clear' : family,
      transpose: route.register,
      pan: panOf(route.pan, this.labelsOf(e)),
      gain: route.gain,
      subject: e.id,
      facts: { name: e.name, labels: e.labels },
      reason,
      receivedAt: e.receivedAt,
      ...(e.sentAt !== undefined && { sentAt: e.sentAt }),
    };
  }

  /** Admits each sound within budget; folds the rest into the storm. */
  private admit(candidates: EarconSound[], now: number): Plan {
    const sounds: EarconSound[] = [];
    let folded = 0;
    for (const s of candidates) {
      const lengthMs = earconLength(earconDesign(s.earcon)) * 1000;
      if (this.budget.admit(s.channel, now, lengthMs)) sounds.push(s);
      else folded++;
    }
    if (folded > 0) {
      this.lastFoldAt = now;
      this.storm = { active: true, firing: this.firing.size, folded: (this.storm.active ? this.storm.folded : 0) + folded };
    }
    return { sounds, folded };
  }

  /** Sounds for one batch of alert events and their transitions. */
  onAlerts(events: readonly AlertEvent[], transitions: readonly AlertTransition[], now: number): Plan {
    const candidates: EarconSound[] = [];
    events.forEach((e, i) => {
      const t = transitions[i];
      if (t === 'new') {
        const route = routeFor(this.score, this.labelsOf(e));
        this.firing.set(e.id, { event: e, route, lastSoundAt: now, acked: false });
        if (!this.opts.isQuiet?.(e.id, now, e)) candidates.push(this.sound(e, route, 'new'));
      } else if (t === 'resolved') {
        const f = this.firing.get(e.id);
        this.firing.delete(e.id);
        const route = f?.route ?? routeFor(this.score, this.labelsOf(e));
        if (!this.opts.isQuiet?.(e.id, now, e)) {
          // Placed like the firing it ends, timed from the resolve that caused it.
          const { sentAt: _, ...s } = this.sound(f?.event ?? e, route, 'resolved');
          candidates.push({ ...s, receivedAt: e.receivedAt, ...(e.sentAt !== undefined && { sentAt: e.sentAt }) });
        }
      } else if (t === 'pending' && !this.opts.isQuiet?.(e.id, now, e)) {
        const s = this.sound(e, routeFor(this.score, this.labelsOf(e)), 'new');
        candidates.push({ ...s, earcon: PENDING_EARCON, channel: 'system', reason: 'pending' });
      }
    });
    return this.admit(candidates, now);
  }

  /** Repeats that are due, per each alert's policy. Call a few times a second. */
  tick(now: number): Plan {
    const candidates: EarconSound[] = [];
    for (const f of this.firing.values()) {
      const p = f.route.repeat;
      if (p.kind === 'once' || f.acked) continue;
      if (now - f.lastSoundAt < p.everyMs) continue;
      f.lastSoundAt = now;
      if (!this.opts.isQuiet?.(f.event.id, now, f.event)) candidates.push(this.sound(f.event, f.route, 'repeat'));
    }
    if (this.storm.active && now - this.lastFoldAt > STORM_HOLD_MS) this.storm = QUIET_STORM;
    else if (this.storm.active) this.storm = { ...this.storm, firing: this.firing.size };
    return this.admit(candidates, now);
  }

  /** Stops this alert's repeats ("until acknowledged" and "every … while firing"). */
  acknowledge(alertId: string): boolean {
    const f = this.firing.get(alertId);
    if (!f) return false;
    f.acked = true;
    return true;
  }

  isAcknowledged(alertId: string): boolean {
    return this.firing.get(alertId)?.acked ?? false;
  }

  stormState(): StormState {
    return this.storm;
  }

  firingCount(): number {
    return this.firing.size;
  }

  voicesInUse(now: number): number {
    return this.budget.inUse(now);
  }
}
