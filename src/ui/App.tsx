import { Suspense, lazy, useEffect } from 'react';
import { installShortcuts } from './actions';
import { ConsoleView } from './console/ConsoleView';
import { useSlice } from './hooks';
import { settingsStore } from '../store/settings';
import { followHistory, viewStore } from './view';
import { LiveRegion } from './sound/LiveRegion';
import { ShortcutsOverlay } from './sound/ShortcutsOverlay';

// Loaded on demand: the charts need not weigh on a console that never shows them.
const HealthView = lazy(() => import('./health/HealthView').then((m) => ({ default: m.HealthView })));

export function App() {
  const kiosk = useSlice(settingsStore, (s) => s.config.kiosk);
  const view = useSlice(viewStore, (s) => s.view);
  useEffect(() => installShortcuts(), []);
  useEffect(() => followHistory(), []);
  return (
    <div className={kiosk ? 'app kiosk' : 'app'}>
      {view === 'health' ? (
        <Suspense fallback={<p className="empty">Loading health…</p>}>
          <HealthView />
        </Suspense>
      ) : (
        <ConsoleView />
      )}
      <LiveRegion />
      <ShortcutsOverlay />
    </div>
  );
}
