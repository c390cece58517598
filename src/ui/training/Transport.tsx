// The replay's transport: play / pause, speed, the current scenario time, and a
// progress bar marked where the incident's alerts start and end (click or arrow
// keys to seek; not in a quiz, where skipping would skip questions).
import { useEffect, useState } from 'react';
import type { KeyboardEvent, MouseEvent } from 'react';
import { getTrainingSession, playTraining } from '../../app/training-control';
import { trainingStore } from '../../store/training';
import { useSlice } from '../hooks';
import { clockOf } from './format';

export const SPEEDS = [1, 2, 5, 10, 20, 30, 60] as const;
const NO_MARKERS: readonly never[] = [];

/** The player's position, read ten times a second (the store holds it only per batch). */
export function useReplayPosition(everyMs = 100): number {
  const stored = useSlice(trainingStore, (s) => s.positionMs);
  const status = useSlice(trainingStore, (s) => s.status);
  const [pos, setPos] = useState(stored);
  useEffect(() => {
    setPos(getTrainingSession()?.player.position() ?? stored);
    if (status !== 'playing') return;
    const id = setInterval(() => setPos(getTrainingSession()?.player.position() ?? 0), everyMs);
    return () => clearInterval(id);
  }, [stored, status, everyMs]);
  return pos;
}

function ProgressBar({ pos, durationMs, quiz }: { pos: number; durationMs: number; quiz: boolean }) {
  const markers = useSlice(trainingStore, (s) => s.session?.markers ?? NO_MARKERS);
  // A marker's colour is its severity: an answer, until the quiz is scored.
  const hide = useSlice(trainingStore, (s) => quiz && s.result === null);
  const seekTo = (ms: number) => getTrainingSession()?.seek(ms);
  const onClick = (e: MouseEvent<HTMLDivElement>) => {
    if (quiz) return;
    const r = e.currentTarget.getBoundingClientRect();
    seekTo(((e.clientX - r.left) / r.width) * durationMs);
  };
  const onKey = (e: KeyboardEvent<HTMLDivElement>) => {
    if (quiz) return;
    const step = e.shiftKey ? durationMs / 10 : durationMs / 50;
    if (e.key === 'ArrowRight') seekTo(pos + step);
    else if (e.key === 'ArrowLeft') seekTo(pos - step);
    else if (e.key === 'Home') seekTo(0);
    else return;
    e.preventDefault();
  };
  const pct = (ms: number) => `${Math.min(100, Math.max(0, (ms / durationMs) * 100))}%`;
  return (
    <div
      className={`progress${quiz ? ' locked' : ''}`}
      role="slider"
      tabIndex={0}
      aria-label="Scenario position"
      aria-valuemin={0}
      aria-valuemax={Math.round(durationMs / 1000)}
      aria-valuenow={Math.round(pos / 1000)}
      aria-valuetext={`${clockOf(pos)} of ${clockOf(durationMs)}`}
      aria-disabled={quiz}
      data-position-ms={Math.round(pos)}
      onClick={onClick}
      onKeyDown={onKey}
    >
      <div className="progress-fill" style={{ width: pct(pos) }} />
      {markers.map((m, i) => (
        <span
          key={i}
          className={`marker ${m.kind} ${hide ? 'hidden-sev' : `sev-${m.severity}`}`}
          style={{ left: pct(m.atMs) }}
          title={hide ? clockOf(m.atMs) : `${clockOf(m.atMs)} ${m.name} ${m.kind}`}
          data-marker={m.kind}
        />
      ))}
      <div className="progress-head" style={{ left: pct(pos) }} />
    </div>
  );
}

export function Transport() {
  const session = useSlice(trainingStore, (s) => s.session);
  const status = useSlice(trainingStore, (s) => s.status);
  const speed = useSlice(trainingStore, (s) => s.speed);
  const pos = useReplayPosition();
  if (!session) return null;
  const quiz = session.mode === 'quiz';
  const playing = status === 'playing';
  return (
    <div className="transport" data-status={status}>
      <div className="transport-row">
        <button type="button" className="play" onClick={() => (playing ? getTrainingSession()?.pause() : void playTraining())} title="Play / pause (p)" data-act="play-pause">
          {playing ? '❚❚ Pause' : status === 'ended' ? '↻ Play again' : '▶ Play'}
        </button>
        <span className="scenario-time" aria-live="off" data-scenario-time>
          {clockOf(pos)} <span className="of">/ {clockOf(session.durationMs)}</span>
        </span>
        <div className="speeds" role="group" aria-label="Speed">
          {SPEEDS.map((s) => (
            <button key={s} type="button" aria-pressed={s === speed} onClick={() => getTrainingSession()?.setSpeed(s)} data-speed={s}>
              {s}×
            </button>
          ))}
        </div>
      </div>
      <ProgressBar pos={pos} durationMs={session.durationMs} quiz={quiz} />
    </div>
  );
}
