import { useEffect } from 'react';
import { installShortcuts } from './actions';
import { ConsoleView } from './console/ConsoleView';
import { useSlice } from './hooks';
import { settingsStore } from '../store/settings';

export function App() {
  const kiosk = useSlice(settingsStore, (s) => s.config.kiosk);
  useEffect(() => installShortcuts(), []);
  return (
    <div className={kiosk ? 'app kiosk' : 'app'}>
      <ConsoleView />
    </div>
  );
}
