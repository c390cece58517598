// Recording live events into a scenario, to download (and replay or share).
import { useState } from 'react';
import { downloadScenario, recordingStore, startRecording, stopRecording } from '../../app/training-record';
import { startTraining } from '../../app/training-control';
import type { Scenario } from '../../domain/scenario';
import { useNow, useSlice } from '../hooks';
import { clockOf } from './format';

export function RecordPanel() {
  const rec = useSlice(recordingStore, (s) => s);
  const [title, setTitle] = useState('');
  const [last, setLast] = useState<Scenario | null>(null);
  const [error, setError] = useState<string | null>(null);
  useNow(1000); // re-renders each second: the elapsed time below
  const stop = () => {
    setError(null);
    try {
      const s = stopRecording(title);
      if (!s) return setError('nothing arrived while recording');
      setLast(s);
      downloadScenario(s);
    } catch (e) {
      setError((e as Error).message);
    }
  };
  return (
    <section className="panel" aria-labelledby="record-h">
      <h2 id="record-h">Record live</h2>
      <div className="row">
        <input type="text" placeholder="Title (e.g. 'Tuesday's disk incident')" value={title} onChange={(e) => setTitle(e.target.value)} aria-label="Recording title" maxLength={200} />
        {rec.recording ? (
          <button type="button" onClick={stop} data-act="stop-recording">
            ■ Stop and download
          </button>
        ) : (
          <button type="button" onClick={() => startRecording()} data-act="start-recording">
            ● Record
          </button>
        )}
      </div>
      {rec.recording && (
        <p className="recording" role="status">
          Recording: {rec.events} events, {clockOf(performance.now() - rec.since)}
        </p>
      )}
      {rec.full && <p className="training-error">{rec.full}</p>}
      {error && <p className="training-error">{error}</p>}
      {last && (
        <p>
          Saved <code>{last.id}.json</code> ({last.events.length} events, {clockOf(last.durationSeconds * 1000)}).{' '}
          <button type="button" onClick={() => startTraining(last)}>
            Replay it
          </button>{' '}
          <button type="button" onClick={() => downloadScenario(last)}>
            Download again
          </button>
        </p>
      )}
    </section>
  );
}
