import { Suspense, lazy } from 'react';

// recharts loads with the charts, not with the console's first paint.
const ChartsPanel = lazy(() => import('./ChartsPanel').then((m) => ({ default: m.ChartsPanel })));

export function ChartsSlot() {
  return (
    <Suspense fallback={null}>
      <ChartsPanel />
    </Suspense>
  );
}
