// Voice budgets per severity family and overall. A sound over budget is not
// dropped silently: it is folded into the storm texture and counted.
import type { Budgets } from './types';
import type { EarconChannel } from './sounds';

interface Active {
  readonly channel: EarconChannel;
  readonly until: number;
}

export class VoiceBudget {
  private active: Active[] = [];

  constructor(private budgets: Budgets) {}

  setBudgets(b: Budgets): void {
    this.budgets = b;
  }

  private prune(now: number): void {
    if (this.active.some((a) => a.until <= now)) this.active = this.active.filter((a) => a.until > now);
  }

  private limitFor(channel: EarconChannel): number {
    if (channel === 'critical' || channel === 'warning' || channel === 'info') return this.budgets[channel];
    return Math.min(this.budgets.global, 8); // clear and system: the global budget, within one channel's voices
  }

  /** Reserves a voice for `lengthMs` if both budgets allow it. */
  admit(channel: EarconChannel, now: number, lengthMs: number): boolean {
    this.prune(now);
    if (this.active.length >= this.budgets.global) return false;
    if (this.active.filter((a) => a.channel === channel).length >= this.limitFor(channel)) return false;
    this.active.push({ channel, until: now + lengthMs });
    return true;
  }

  inUse(now: number): number {
    this.prune(now);
    return this.active.length;
  }
}
