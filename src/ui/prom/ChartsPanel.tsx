// Metric sparklines, the alert timeline, PromQL voice status and the incident drill.
// Plain SVG (charts.tsx), cheap enough to redraw beside the sound path.
// Each re-renders once a second from the history rings.
import type { SourceId } from '../../domain/events';
import { alertsStore } from '../../store/alerts';
import { connectionsStore } from '../../store/connections';
import type { MetricsState } from '../../store/metrics';
import { metricsStore } from '../../store/metrics';
import { hasSeries } from '../../store/history';
import { promqlStore } from '../../store/promql';
import { useNow, useSampled, useSlice } from '../hooks';
import { AlertTimeline, Sparkline } from './charts';
import { IncidentDrill } from './IncidentDrill';
import './prom.css';

/** Only metrics with a history ring (the first MAX_SERIES seen): one chart per metric of hundreds would take the main thread. */
const selectCharted = (s: MetricsState) => [...s.byName.values()].filter((m) => hasSeries(m.name));

function format(v: number): string {
  if (Math.abs(v) >= 1000) return v.toFixed(0);
  if (Math.abs(v) >= 10) return v.toFixed(1);
  return v.toFixed(3);
}

function PromqlProblems() {
  const byVoice = useSlice(promqlStore, (s) => s.byVoice);
  const rows = [...byVoice.entries()].filter(([, st]) => st.error || st.series > st.voiced);
  if (rows.length === 0) return null;
  return (
    <ul className="promql-status">
      {rows.map(([id, st]) => (
        <li key={id} data-promql-voice={id} className={st.error ? 'error' : undefined}>
          <b>{id}</b>: {st.error ?? `${st.series} series, ${st.voiced} voiced (voice budget)`}
        </li>
      ))}
    </ul>
  );
}

/** Sparklines of every metric voice, re-rendered once a second from the history rings. */
export function SparklinesPanel() {
  const now = useNow(1000);
  const metrics = useSampled(metricsStore, selectCharted, 1000);
  const sources = useSlice(connectionsStore, (s) => s.sources);
  const staleOf = (source: SourceId) => Boolean(sources[source]?.stale);
  return (
    <section className="panel charts-panel" aria-labelledby="spark-h">
      <h2 id="spark-h">Metric history · last 5 minutes</h2>
      {metrics.length === 0 ? (
        <p className="empty">No metric samples yet.</p>
      ) : (
        <ul className="sparklines">
          {metrics.map((m) => (
            <li key={m.name} data-spark={m.name} className={staleOf(m.source) ? 'stale' : undefined}>
              <span className="spark-name" title={`${m.name} via ${m.source}`}>
                {m.name}
              </span>
              <Sparkline name={m.name} now={now} stale={staleOf(m.source)} />
              <span className="spark-value">{format(m.value)}</span>
            </li>
          ))}
        </ul>
      )}
      <PromqlProblems />
    </section>
  );
}

/** The alert timeline and the incident drill, under the alert list. */
export function TimelinePanel() {
  const now = useNow(1000);
  // The first alert draws its band with its row, not at the next tick ("Nothing has
  // fired" beside a firing alert); later changes wait for the tick, so a storm costs nothing here.
  const anyAlert = useSlice(alertsStore, (s) => s.byId.size > 0);
  return (
    <div className="timeline" aria-labelledby="timeline-h">
      <h2 id="timeline-h">Timeline · last hour</h2>
      <AlertTimeline now={now} anyAlert={anyAlert} />
      <IncidentDrill />
    </div>
  );
}
