// How often a view that follows a fast store redraws. A person reads a list a few times
// a second; in a storm the store changes every frame, and redrawing rows that fast only
// holds the main thread, where the messages that start sounds are handled.

export interface ThrottlePolicy {
  /** Least time between redraws. */
  readonly ms: number;
  /** Least time between redraws while more than `busyAbovePerSecond` changes come a second. */
  readonly busyMs: number;
  readonly busyAbovePerSecond: number;
}

/** For lists of alerts, whose changes are counted in alerts: once a second above 30 alerts a second. */
export const LIST_THROTTLE: ThrottlePolicy = { ms: 250, busyMs: 1000, busyAbovePerSecond: 30 };

/** Counts changes between redraws and says how long the next window is. */
export class Throttle {
  private changes = 0;
  private lastAt = -Infinity;
  private windowMs: number;

  constructor(private readonly p: ThrottlePolicy) {
    this.windowMs = p.ms;
  }

  /** A change at `now` (of `weight` items): ms to wait before redrawing (≤ 0: redraw now). */
  changed(now: number, weight = 1): number {
    this.changes += weight;
    return this.lastAt + this.windowMs - now;
  }

  /** A redraw at `now`: the changes since the last one set the next window. */
  redrawn(now: number): void {
    const seconds = Math.max(this.p.ms, now - this.lastAt) / 1000;
    this.windowMs = this.changes / seconds > this.p.busyAbovePerSecond ? this.p.busyMs : this.p.ms;
    this.changes = 0;
    this.lastAt = now;
  }
}
