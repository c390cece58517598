import { Suspense, lazy } from 'react';

// recharts loads with the charts, not with the console's first paint.
const charts = () => import('./ChartsPanel');
const Sparklines = lazy(() => charts().then((m) => ({ default: m.SparklinesPanel })));
const Timeline = lazy(() => charts().then((m) => ({ default: m.TimelinePanel })));

export function SparklinesSlot() {
  return (
    <Suspense fallback={null}>
      <Sparklines />
    </Suspense>
  );
}

export function TimelineSlot() {
  return (
    <Suspense fallback={null}>
      <Timeline />
    </Suspense>
  );
}
