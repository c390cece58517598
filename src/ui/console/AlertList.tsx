import { memo, useCallback, useDeferredValue, useMemo, useState } from 'react';
import { severityFamily } from '../../domain/events';
import type { AlertRecord, AlertsState } from '../../store/alerts';
import { alertsStore } from '../../store/alerts';
import { ago, useNow, useThrottledSlice } from '../hooks';
import { MutedBy } from '../prom/MutedBy';
import { AlertActions } from '../sound/AlertActions';
import { onRowKeys } from '../sound/list-keys';
import { usePulse } from '../sound/pulse';
import { LIST_THROTTLE } from '../throttle';
import { alertRows } from './alert-rows';
import { VirtualRows } from './VirtualRows';
import './alert-list.css';

/** Every row has this height (px, with the gap below it): the list is virtual (VirtualRows). */
export const ALERT_ROW_PX = 104;

export { sortAlerts } from './alert-rows';

function Labels({ labels }: { labels: Readonly<Record<string, string>> }) {
  const entries = Object.entries(labels).filter(([k]) => k !== 'alertname' && k !== 'severity');
  if (entries.length === 0) return null;
  return (
    <ul className="labels">
      {entries.map(([k, v]) => (
        <li key={k}>
          {k}=<b>{v}</b>
        </li>
      ))}
    </ul>
  );
}

// Memoised: in a storm most rows are unchanged between renders.
const AlertRow = memo(function AlertRow({ a, now }: { a: AlertRecord; now: number }) {
  const family = severityFamily(a.severity);
  const summary = a.annotations.summary ?? a.annotations.description;
  const ref = usePulse<HTMLLIElement>((s) => s.lastBySubject.get(a.id));
  return (
    <li ref={ref} tabIndex={0} data-row className={`alert pulsable sev-${family} state-${a.state}`} data-alert-id={a.id} data-state={a.state} data-severity={family}>
      <span className="sev">{a.severity}</span>
      <div className="alert-main">
        <div className="alert-name">
          {a.name}
          {a.value !== undefined && <span className="value"> {a.value}</span>}
        </div>
        {summary && <div className="summary">{summary}</div>}
        <Labels labels={a.labels} />
        <MutedBy a={a} />
        <AlertActions a={a} />
      </div>
      <div className="alert-time" title={new Date(a.since).toLocaleString()}>
        <span className="state">{a.state}</span>
        <span>{a.state === 'resolved' && a.resolvedAt ? `resolved ${ago(a.resolvedAt, now)}` : `since ${ago(a.since, now)}`}</span>
        <span className="source">via {a.source}</span>
      </div>
    </li>
  );
});

const selectById = (s: AlertsState) => s.byId;
/** A batch weighs as many alerts as it wrote. */
const alertsWritten = (s: AlertsState, prev: AlertsState) => Math.max(1, (s.writes ?? 0) - (prev.writes ?? 0));

export function AlertList() {
  // A storm changes the list every frame; people read it a few times a second, and once
  // a second while it changes faster than that (LIST_THROTTLE).
  // Deferred: in a storm the re-render yields to messages and sounds instead of
  // holding the main thread (React renders it in slices).
  const byId = useDeferredValue(useThrottledSlice(alertsStore, selectById, LIST_THROTTLE, alertsWritten));
  const now = useNow();
  const [query, setQuery] = useState('');
  const q = useDeferredValue(query.trim());
  // Rows are picked up to the last one in view: the top of a storm costs one pass, not a sort.
  const [upTo, setUpTo] = useState(32);
  const onRange = useCallback((_start: number, end: number) => setUpTo(Math.max(32, end)), []);
  const { firing, pending, total, matched, rows } = useMemo(() => alertRows(byId, upTo, q), [byId, q, upTo]);
  if (total === 0) return <p className="empty">No alerts yet — all quiet.</p>;
  return (
    <>
      <p className="alert-count" aria-live="polite">
        {firing} firing, {pending > 0 && `${pending} pending, `}{total - firing - pending} resolved
      </p>
      <input type="search" className="alert-search" placeholder="Find an alert by name or label…" aria-label="Find alerts" value={query} onChange={(e) => setQuery(e.target.value)} />
      {q && <p className="alert-matches" data-matches={matched}>{matched} matching “{q}”</p>}
      <VirtualRows count={matched} rowHeight={ALERT_ROW_PX} className="alert-list" onKeyDown={onRowKeys} onRange={onRange}>
        {(start, end) => rows.slice(start, end).map((a) => <AlertRow key={a.id} a={a} now={now} />)}
      </VirtualRows>
    </>
  );
}
