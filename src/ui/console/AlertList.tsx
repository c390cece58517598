import { memo, useMemo } from 'react';
import { severityFamily } from '../../domain/events';
import type { AlertRecord } from '../../store/alerts';
import { alertsStore } from '../../store/alerts';
import { ago, useNow, useThrottledSlice } from '../hooks';
import { MutedBy } from '../prom/MutedBy';
import { AlertActions } from '../sound/AlertActions';
import { onRowKeys } from '../sound/list-keys';
import { usePulse } from '../sound/pulse';

const RANK = { critical: 0, warning: 1, info: 2 } as const;
const STATE_RANK = { firing: 0, pending: 1, resolved: 2 } as const;
/** Rendering thousands of rows would stall the page in a storm; the rest is counted. */
const MAX_ROWS = 200;

export function sortAlerts(alerts: Iterable<AlertRecord>): AlertRecord[] {
  return [...alerts].sort((a, b) => {
    if (a.state !== b.state) return STATE_RANK[a.state] - STATE_RANK[b.state];
    const r = RANK[severityFamily(a.severity)] - RANK[severityFamily(b.severity)];
    return r !== 0 ? r : b.lastSeen - a.lastSeen;
  });
}

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
    <li ref={ref} tabIndex={0} data-row className={`alert sev-${family} state-${a.state}`} data-alert-id={a.id} data-state={a.state} data-severity={family}>
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

const selectById = (s: { byId: ReadonlyMap<string, AlertRecord> }) => s.byId;

export function AlertList() {
  // A storm changes the list many times a second; people read it a few times a second.
  const byId = useThrottledSlice(alertsStore, selectById, 250);
  const now = useNow();
  const sorted = useMemo(() => sortAlerts(byId.values()), [byId]);
  const firing = sorted.filter((a) => a.state === 'firing').length;
  const pending = sorted.filter((a) => a.state === 'pending').length;
  if (sorted.length === 0) return <p className="empty">No alerts yet — all quiet.</p>;
  return (
    <>
      <p className="alert-count" aria-live="polite">
        {firing} firing, {pending > 0 && `${pending} pending, `}{sorted.length - firing - pending} resolved
      </p>
      <ul className="alert-list" onKeyDown={onRowKeys}>
        {sorted.slice(0, MAX_ROWS).map((a) => (
          <AlertRow key={a.id} a={a} now={now} />
        ))}
      </ul>
      {sorted.length > MAX_ROWS && <p className="more">+{sorted.length - MAX_ROWS} more not shown</p>}
    </>
  );
}
