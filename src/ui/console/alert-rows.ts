// Which alerts the list shows, and the counts above it. A storm can hold tens of
// thousands of alerts and the list renders at most a couple of hundred: past a
// thousand, rows are picked per state and severity in one pass instead of sorting
// everything on every render (that sort was the longest task in a storm).
import { severityFamily } from '../../domain/events';
import type { AlertRecord } from '../../store/alerts';
import { matchesQuery } from './alert-search';

const RANK = { critical: 0, warning: 1, info: 2 } as const;
const STATE_RANK = { firing: 0, pending: 1, resolved: 2 } as const;
const FULL_SORT_UP_TO = 1000;

const compare = (a: AlertRecord, b: AlertRecord) => {
  if (a.state !== b.state) return STATE_RANK[a.state] - STATE_RANK[b.state];
  const r = RANK[severityFamily(a.severity)] - RANK[severityFamily(b.severity)];
  return r !== 0 ? r : b.lastSeen - a.lastSeen;
};

export function sortAlerts(alerts: Iterable<AlertRecord>): AlertRecord[] {
  return [...alerts].sort(compare);
}

export interface AlertRows {
  readonly firing: number;
  readonly pending: number;
  readonly total: number;
  /** How many match the query (all when there is none). */
  readonly matched: number;
  readonly rows: readonly AlertRecord[];
}

export function alertRows(byId: ReadonlyMap<string, AlertRecord>, max: number, query = ''): AlertRows {
  let firing = 0;
  let pending = 0;
  const all = [...byId.values()];
  for (const a of all) {
    if (a.state === 'firing') firing++;
    else if (a.state === 'pending') pending++;
  }
  const matching = query ? all.filter((a) => matchesQuery(a, query)) : all;
  if (matching.length <= FULL_SORT_UP_TO) {
    return { firing, pending, total: all.length, matched: matching.length, rows: sortAlerts(matching).slice(0, max) };
  }
  // Nine buckets (state × severity), each keeping only its `max` most recent.
  const buckets: AlertRecord[][] = Array.from({ length: 9 }, () => []);
  for (const a of matching) {
    const b = buckets[STATE_RANK[a.state] * 3 + RANK[severityFamily(a.severity)]]!;
    b.push(a);
    if (b.length > max * 2) {
      b.sort((x, y) => y.lastSeen - x.lastSeen);
      b.length = max;
    }
  }
  const rows: AlertRecord[] = [];
  for (const b of buckets) {
    if (rows.length >= max) break;
    b.sort((x, y) => y.lastSeen - x.lastSeen);
    for (const a of b) {
      if (rows.length >= max) break;
      rows.push(a);
    }
  }
  return { firing, pending, total: all.length, matched: matching.length, rows };
}
