import { Suspense, lazy, useEffect } from 'react';
import { installShortcuts } from './actions';
import { ConsoleView } from './console/ConsoleView';
import { useSlice } from './hooks';
import { settingsStore } from '../store/settings';
import { followHistory, viewStore } from './view';
import { LiveRegion } from './sound/LiveRegion';
import { ShortcutsOverlay } from './sound/ShortcutsOverlay';
import { KioskChrome } from './kiosk/KioskChrome';
import { TrainingBanner } from './training/TrainingBanner';

// Loaded on demand: the charts need not weigh on a console that never shows them.
const HealthView = lazy(() => import('./health/HealthView').then((m) => ({ default: m.HealthView })));
const KioskView = lazy(() => import('./kiosk/KioskView').then((m) => ({ default: m.KioskView })));
const TrainingView = lazy(() => import('./training/TrainingView').then((m) => ({ default: m.TrainingView })));

export function App() {
  const kiosk = useSlice(settingsStore, (s) => s.config.kiosk);
  const view = useSlice(viewStore, (s) => s.view);
  useEffect(() => installShortcuts(), []);
  useEffect(() => followHistory(), []);
  return (
    <div className={kiosk ? 'app kiosk' : 'app'}>
      <TrainingBanner />
      {kiosk && <KioskChrome />}
      {view === 'health' ? (
        <Suspense fallback={<p className="empty">Loading health…</p>}>
          <HealthView />
        </Suspense>
      ) : kiosk ? (
        // A kiosk shows its ambient display; a replay link on a kiosk plays there.
        <Suspense fallback={null}>
          <KioskView />
        </Suspense>
      ) : view === 'training' ? (
        <Suspense fallback={<p className="empty">Loading training…</p>}>
          <TrainingView />
        </Suspense>
      ) : (
        <ConsoleView />
      )}
      <LiveRegion />
      <ShortcutsOverlay />
    </div>
  );
}
