// Renders the open replay to a WAV file (offline, faster than real time) at the
// replay's speed, for a postmortem.
import { useState } from 'react';
import { defaultScore } from '../../app/score-loader';
import { exportWav, renderSeconds } from '../../app/training-export';
import { getTrainingSession } from '../../app/training-control';
import { scoreStore } from '../../store/score';
import { trainingStore } from '../../store/training';
import { useSlice } from '../hooks';

export function ExportWav() {
  const speed = useSlice(trainingStore, (s) => s.speed);
  const [state, setState] = useState<{ busy: boolean; text?: string; error?: boolean }>({ busy: false });
  const session = getTrainingSession();
  if (!session) return null;
  const run = async () => {
    setState({ busy: true, text: 'Rendering…' });
    try {
      const r = await exportWav(session.scenario, speed, scoreStore.getState().active ?? defaultScore().score);
      setState({ busy: false, text: `Saved ${r.filename} (${(r.bytes / 1e6).toFixed(1)} MB, ${Math.round(r.seconds)} s)` });
    } catch (e) {
      setState({ busy: false, text: (e as Error).message, error: true });
    }
  };
  return (
    <div className="export-wav">
      <button type="button" onClick={() => void run()} disabled={state.busy} data-act="export-wav" title="Render the whole replay at this speed to a WAV file">
        Export WAV ({Math.round(renderSeconds(session.scenario, speed))} s at {speed}×)
      </button>
      {state.text && (
        <span className={state.error ? 'training-error' : 'hint'} role="status" data-export-status={state.busy ? 'busy' : state.error ? 'error' : 'done'}>
          {state.text}
        </span>
      )}
    </div>
  );
}
