// The charts as the console places them: recharts (charts.tsx) loads after start-up
// (ui/after-start.ts); until then each chart holds its exact room with an empty box,
// so nothing moves when it arrives, and an empty timeline says so at once.
import { Suspense, lazy } from 'react';
import { alertBands } from '../../store/history';
import { loadAfterStartup } from '../after-start';
import { timelineHeight, timelineRows } from './timeline-rows';

const charts = loadAfterStartup(() => import('./charts'));
const LazySparkline = lazy(() => charts().then((m) => ({ default: m.Sparkline })));
const LazyTimeline = lazy(() => charts().then((m) => ({ default: m.AlertTimeline })));

export function Sparkline(props: { name: string; now: number; stale: boolean }) {
  return (
    <Suspense fallback={<div className="chart-placeholder" style={{ width: 150, height: 30 }} aria-hidden="true" />}>
      <LazySparkline {...props} />
    </Suspense>
  );
}

function TimelinePlaceholder({ now }: { now: number }) {
  const rows = timelineRows(alertBands(now), now).length;
  if (rows === 0) return <p className="empty">Nothing has fired in the last hour.</p>;
  return <div className="chart-placeholder" style={{ height: timelineHeight(rows) }} aria-hidden="true" />;
}

export function AlertTimeline({ now }: { now: number }) {
  return (
    <Suspense fallback={<TimelinePlaceholder now={now} />}>
      <LazyTimeline now={now} />
    </Suspense>
  );
}
