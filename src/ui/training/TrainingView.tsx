// The Training view: pick or rebuild a scenario, replay it (or take the quiz) with
// the transport, record live events, keep results. Everything here reads
// training's own stores; the live console is untouched.
import type { MouseEvent } from 'react';
import { closeTraining } from '../../app/training-control';
import { settingsStore } from '../../store/settings';
import { trainingStore } from '../../store/training';
import { runAction } from '../actions';
import { useSlice } from '../hooks';
import { showView, viewHref } from '../view';
import { ExportWav } from './ExportWav';
import { clockOf } from './format';
import { PromHistoryForm } from './PromHistoryForm';
import { QuizPanel } from './QuizPanel';
import { RecordPanel } from './RecordPanel';
import { ResultsPanel } from './ResultsPanel';
import { ScenarioPicker } from './ScenarioPicker';
import { TrainingAlerts, TrainingVoices } from './TrainingAlerts';
import { Transport } from './Transport';
import './training.css';

function Heard() {
  const heard = useSlice(trainingStore, (s) => s.heard);
  if (heard.length === 0) return <p className="empty">Nothing heard yet.</p>;
  return (
    <ol className="heard" aria-label="Heard in the replay">
      {heard.slice(0, 8).map((h) => (
        <li key={h.seq} className={`ch-${h.channel}`}>
          <span className="heard-time">{clockOf(h.atMs)}</span> {h.channel} · {h.reason}
        </li>
      ))}
    </ol>
  );
}

function Session() {
  const session = useSlice(trainingStore, (s) => s.session);
  if (!session) return null;
  const quiz = session.mode === 'quiz';
  return (
    <section className="panel session" aria-labelledby="session-h" data-session={session.id} data-mode={session.mode}>
      <div className="session-head">
        <h2 id="session-h">{session.title}</h2>
        <span className={`mode-badge ${session.mode}`}>{quiz ? 'Quiz' : 'Replay'}</span>
        <ExportWav />
        <button type="button" onClick={closeTraining} data-act="close-training">
          Close
        </button>
      </div>
      {session.description && <p className="session-desc">{session.description}</p>}
      <Transport />
      <div className="session-body">
        <div>
          {quiz && <QuizPanel />}
          <h3>Alerts in the replay</h3>
          <TrainingAlerts />
        </div>
        <aside>
          <h3>Voices</h3>
          <TrainingVoices />
          {!quiz && (
            <>
              <h3>Heard</h3>
              <Heard />
            </>
          )}
        </aside>
      </div>
    </section>
  );
}

function SoundButton() {
  const audio = useSlice(settingsStore, (s) => s.audio);
  if (audio === 'running') return <span className="sound-on">♪ sound on</span>;
  return (
    <button type="button" className="enable-sound" onClick={() => runAction('enable-sound')}>
      Enable sound
    </button>
  );
}

export function TrainingView() {
  const error = useSlice(trainingStore, (s) => s.error);
  const back = (e: MouseEvent<HTMLAnchorElement>) => {
    if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    showView('console');
  };
  return (
    <>
      <header className="top training-top">
        <h1>
          Singing Pager <span className="training-badge">Training</span>
        </h1>
        <span className="connections" />
        <a className="view-toggle" href={viewHref('console')} onClick={back} data-view-link="console" title="Back to the live console (t)">
          Live console
        </a>
        <SoundButton />
      </header>
      {error && (
        <p className="training-error banner" role="alert">
          {error}
        </p>
      )}
      <main className="training">
        <Session />
        <div className="training-sources">
          <ScenarioPicker />
          <div className="side">
            <RecordPanel />
            <ResultsPanel />
          </div>
          <PromHistoryForm />
        </div>
      </main>
    </>
  );
}
