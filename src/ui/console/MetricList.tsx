import type { MetricsState } from '../../store/metrics';
import { metricsStore } from '../../store/metrics';
import { useSampled } from '../hooks';

const selectMetrics = (s: MetricsState) => [...s.byName.values()];

function format(v: number): string {
  if (Math.abs(v) >= 1000) return v.toFixed(0);
  if (Math.abs(v) >= 10) return v.toFixed(1);
  return v.toFixed(3);
}

export function MetricList() {
  const metrics = useSampled(metricsStore, selectMetrics, 250);
  if (metrics.length === 0) return <p className="empty">No metrics yet.</p>;
  return (
    <ul className="metric-list">
      {metrics.map((m) => (
        <li key={m.name} data-metric={m.name}>
          <span className="metric-name">{m.name}</span>
          <span className="metric-bar" aria-hidden="true">
            <span style={{ width: `${Math.round(Math.min(1, Math.max(0, m.level ?? m.value)) * 100)}%` }} />
          </span>
          <span className="metric-value">{format(m.value)}</span>
        </li>
      ))}
    </ul>
  );
}
