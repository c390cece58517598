// Whenever a training session is open, on every view: this is not live.
import { isEngineHeldForTraining } from '../../app/engine-ref';
import { trainingStore } from '../../store/training';
import { useSlice } from '../hooks';
import { showView, viewStore } from '../view';
import { settingsStore } from '../../store/settings';
import './banner.css';

export function TrainingBanner() {
  const session = useSlice(trainingStore, (s) => s.session);
  const status = useSlice(trainingStore, (s) => s.status);
  const view = useSlice(viewStore, (s) => s.view);
  const kiosk = useSlice(settingsStore, (s) => s.config.kiosk);
  if (!session) return null;
  const held = isEngineHeldForTraining();
  return (
    <div className="training-banner" role="status" data-training-banner={status}>
      <strong>TRAINING — not live</strong>
      <span className="training-banner-title">{session.title}</span>
      <span className="training-banner-state">
        {status === 'playing' ? 'replaying' : status}
        {held ? ' · live sounds paused' : ''}
      </span>
      {view !== 'training' && !kiosk && (
        <button type="button" onClick={() => showView('training')}>
          Open training
        </button>
      )}
    </div>
  );
}
