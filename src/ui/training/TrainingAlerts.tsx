// What the replay has raised so far, from training's own stores. In a quiz the
// details stay hidden until the trainee has answered and the quiz is scored.
import { useMemo } from 'react';
import { severityFamily } from '../../domain/events';
import type { AlertsState } from '../../store/alerts';
import type { MetricsState } from '../../store/metrics';
import { trainingAlertsStore, trainingMetricsStore, trainingStore } from '../../store/training';
import { useSampled, useSlice } from '../hooks';
import { clockOf } from './format';

const selectAlerts = (s: AlertsState) => s.byId;
const selectMetrics = (s: MetricsState) => s.byName;
const ORDER = { firing: 0, pending: 1, resolved: 2 } as const;

export function TrainingAlerts() {
  const byId = useSampled(trainingAlertsStore, selectAlerts, 200);
  const hidden = useSlice(trainingStore, (s) => s.session?.mode === 'quiz' && s.result === null);
  const rows = useMemo(() => [...byId.values()].sort((a, b) => ORDER[a.state] - ORDER[b.state] || b.since - a.since), [byId]);
  const firing = rows.filter((a) => a.state === 'firing').length;
  if (hidden) {
    return (
      <p className="empty" data-hidden-alerts={firing}>
        {firing} alert{firing === 1 ? '' : 's'} firing — details hidden until the quiz is over. Listen.
      </p>
    );
  }
  if (rows.length === 0) return <p className="empty">Nothing raised yet in this replay.</p>;
  return (
    <ul className="training-alerts">
      {rows.slice(0, 100).map((a) => (
        <li key={a.id} className={`alert sev-${severityFamily(a.severity)} state-${a.state}`} data-alert-id={a.id} data-state={a.state}>
          <span className="sev">{a.severity}</span>
          <div className="alert-main">
            <div className="alert-name">{a.name}</div>
            {a.annotations.summary && <div className="summary">{a.annotations.summary}</div>}
            <ul className="labels">
              {Object.entries(a.labels).filter(([k]) => k !== 'severity').map(([k, v]) => (
                <li key={k}>
                  {k}=<b>{v}</b>
                </li>
              ))}
            </ul>
          </div>
          <div className="alert-time">
            <span className="state">{a.state}</span>
            <span>{a.state === 'resolved' && a.resolvedAt !== undefined ? `${clockOf(a.since)}–${clockOf(a.resolvedAt)}` : `since ${clockOf(a.since)}`}</span>
          </div>
        </li>
      ))}
    </ul>
  );
}

export function TrainingVoices() {
  const byName = useSampled(trainingMetricsStore, selectMetrics, 250);
  const metrics = [...byName.values()];
  if (metrics.length === 0) return <p className="empty">No metric voices yet.</p>;
  return (
    <ul className="metric-list">
      {metrics.map((m) => (
        <li key={m.name} data-metric={m.name}>
          <span className="metric-name">{m.name}</span>
          <span className="metric-bar" aria-hidden="true">
            <span style={{ width: `${Math.round(Math.min(1, Math.max(0, m.level ?? m.value)) * 100)}%` }} />
          </span>
          <span className="metric-value">{m.value.toFixed(3)}</span>
        </li>
      ))}
    </ul>
  );
}
