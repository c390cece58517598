// The dead man's switch: a source that has not been live for staleAfterMs is stale.
// Its data stays on screen, marked stale, and the score's calm "feed lost" motif
// plays; when it is live again, "feed back". The demo source never goes stale.
import type { SourceId } from '../domain/events';
import type { ConnectionsState } from '../store/connections';

export interface StalenessOptions {
  readonly sources: readonly SourceId[];
  readonly staleAfterMs: number;
  readonly read: () => ConnectionsState;
  readonly now: () => number;
  readonly onChange: (source: SourceId, stale: boolean) => void;
}

export interface StalenessWatch {
  /** Call a few times a second (and on every status change). */
  check(): void;
}

export function watchStaleness(o: StalenessOptions): StalenessWatch {
  const start = o.now();
  const lastLive = new Map<SourceId, number>();
  const stale = new Set<SourceId>();
  return {
    check() {
      const now = o.now();
      const sources = o.read().sources;
      for (const id of o.sources) {
        if (id === 'demo') continue;
        const info = sources[id];
        if (!info) continue;
        if (info.status === 'live') {
          lastLive.set(id, now);
          if (stale.delete(id)) o.onChange(id, false);
        } else if (!stale.has(id) && now - (lastLive.get(id) ?? start) > o.staleAfterMs) {
          stale.add(id);
          o.onChange(id, true);
        }
      }
    },
  };
}
