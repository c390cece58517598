// Choosing what to replay: the shipped scenarios, or a scenario file (one
// recorded here, or sent by someone else).
import { useEffect, useState } from 'react';
import type { ChangeEvent } from 'react';
import { loadScenario, loadScenarioIndex, playTraining, scenarioFrom, startTraining } from '../../app/training-control';
import type { Scenario, ScenarioIndexEntry } from '../../domain/scenario';
import type { TrainingMode } from '../../store/training';
import { clockOf } from './format';
import { SPEEDS } from './Transport';

export function ScenarioPicker() {
  const [index, setIndex] = useState<ScenarioIndexEntry[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [speed, setSpeed] = useState(1);
  useEffect(() => {
    loadScenarioIndex().then(setIndex, (e: Error) => setError(e.message));
  }, []);

  const start = async (load: () => Promise<Scenario>, mode: TrainingMode) => {
    setError(null);
    try {
      startTraining(await load(), { speed, mode });
      await playTraining();
    } catch (e) {
      setError((e as Error).message);
    }
  };
  const fromFile = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    e.target.value = '';
    if (!file) return;
    if (file.size > 16 * 1024 * 1024) return setError('that file is over 16 MB; a scenario is much smaller');
    await start(async () => scenarioFrom(JSON.parse(await file.text())), 'replay');
  };

  return (
    <section className="panel" aria-labelledby="scenarios-h">
      <h2 id="scenarios-h">Scenarios</h2>
      <div className="row">
        <label className="row-label" htmlFor="start-speed">
          Speed
        </label>
        <select id="start-speed" value={speed} onChange={(e) => setSpeed(Number(e.target.value))}>
          {SPEEDS.map((s) => (
            <option key={s} value={s}>
              {s}×
            </option>
          ))}
        </select>
        <span className="hint">A quiz is best at 1×: you answer as each alert sounds.</span>
      </div>
      {error && <p className="training-error" role="alert">{error}</p>}
      {index === null && !error && <p className="empty">Loading scenarios…</p>}
      <ul className="scenario-list">
        {index?.map((s) => (
          <li key={s.id} className="scenario-card" data-scenario={s.id}>
            <div>
              <h3>{s.title}</h3>
              {s.description && <p>{s.description}</p>}
              {typeof s.durationSeconds === 'number' && <span className="hint">{clockOf(s.durationSeconds * 1000)} at 1×</span>}
            </div>
            <div className="scenario-actions">
              <button type="button" onClick={() => void start(() => loadScenario(s.id), 'replay')} data-start="replay">
                Replay
              </button>
              <button type="button" onClick={() => void start(() => loadScenario(s.id), 'quiz')} data-start="quiz">
                Quiz
              </button>
            </div>
          </li>
        ))}
      </ul>
      <label className="file-load">
        Replay a scenario file… <input type="file" accept="application/json,.json" onChange={(e) => void fromFile(e)} />
      </label>
    </section>
  );
}
