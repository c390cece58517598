// For polled alert lists: emits only what changed since the last successful poll, and
// an alert that was listed and no longer is has ended (resolved, or withdrawn when it
// was only pending). Failed polls never resolve anything: data is kept, marked stale.
import type { AlertEvent } from '../domain/events';

export class AbsenceTracker {
  private known = new Map<string, AlertEvent>();

  /** The events to emit for this poll's complete list. */
  update(current: readonly AlertEvent[], receivedAt: number): AlertEvent[] {
    const out: AlertEvent[] = [];
    const next = new Map<string, AlertEvent>();
    for (const e of current) {
      if (next.has(e.id)) continue;
      next.set(e.id, e);
      if (this.known.get(e.id)?.state !== e.state) out.push(e);
    }
    for (const [id, e] of this.known) {
      if (!next.has(id)) out.push({ ...e, state: 'resolved', receivedAt });
    }
    this.known = next;
    return out;
  }

  get size(): number {
    return this.known.size;
  }
}
