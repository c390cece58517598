// The replay source: plays a scenario's timeline as telemetry, on an injected clock,
// compressed by `speed`. It emits the same events a live source would; what they
// sound like is the pipeline's business, exactly as for live events. One timer is
// outstanding at a time (the next batch, or the end), so timing is exact on a fake
// clock and a paused replay costs nothing.
import type { TelemetryEvent } from '../domain/events';
import type { Scenario, TimelineBatch } from '../domain/scenario';
import { timelineOf, toTelemetry } from '../domain/scenario';
import type { Timers } from './connection';
import { realTimers } from './connection';

export const MIN_SPEED = 1;
export const MAX_SPEED = 60;
/** Float slack when comparing scenario times reached by arithmetic. */
const EPS_MS = 1e-3;

export type ReplayStatus = 'ready' | 'playing' | 'paused' | 'ended';

export interface ReplayBatch {
  /** Scenario ms of the batch. */
  readonly atMs: number;
  readonly events: readonly TelemetryEvent[];
}

export interface ReplayOptions {
  readonly scenario: Scenario;
  readonly speed?: number;
  readonly timers?: Timers;
  /** The clock stamped on events as receivedAt (default performance.now()). */
  readonly clock?: () => number;
  readonly onBatch: (batch: ReplayBatch) => void;
  /** After a seek: every batch strictly before `atMs`, so the state there can be rebuilt silently. */
  readonly onSeek?: (atMs: number, before: readonly ReplayBatch[]) => void;
  readonly onStatus?: (status: ReplayStatus) => void;
}

export interface ReplayPlayer {
  readonly durationMs: number;
  play(): void;
  pause(): void;
  /** Lands just before `ms`: events at exactly `ms` are played when playback resumes. */
  seek(ms: number): void;
  setSpeed(speed: number): void;
  /** Scenario ms now. */
  position(): number;
  status(): ReplayStatus;
  speed(): number;
  dispose(): void;
}

export function clampSpeed(n: number): number {
  return Number.isFinite(n) ? Math.min(MAX_SPEED, Math.max(MIN_SPEED, n)) : MIN_SPEED;
}

export function createReplayPlayer(o: ReplayOptions): ReplayPlayer {
  const timers = o.timers ?? realTimers;
  const clock = o.clock ?? (() => performance.now());
  const batches: readonly TimelineBatch[] = timelineOf(o.scenario);
  const durationMs = Math.round(o.scenario.durationSeconds * 1000);
  let speed = clampSpeed(o.speed ?? 1);
  let status: ReplayStatus = 'ready';
  let next = 0; // index of the next batch to emit
  let anchorPos = 0; // scenario ms at anchorWall
  let anchorWall = 0;
  let timer: unknown = null;
  let generation = 0; // bumped by every control call, so a callback cannot race one

  const position = () => (status === 'playing' ? Math.min(durationMs, anchorPos + (timers.now() - anchorWall) * speed) : anchorPos);
  const setStatus = (s: ReplayStatus) => {
    if (s === status) return;
    status = s;
    o.onStatus?.(s);
  };
  const cancel = () => {
    if (timer !== null) timers.clearTimeout(timer);
    timer = null;
  };
  const toEvents = (b: TimelineBatch): ReplayBatch => {
    const at = clock();
    return { atMs: b.atMs, events: b.events.map((e) => toTelemetry(e, at)) };
  };

  const run = () => {
    timer = null;
    const gen = generation;
    const pos = position();
    while (next < batches.length && batches[next]!.atMs <= pos + EPS_MS) {
      o.onBatch(toEvents(batches[next++]!));
      if (gen !== generation) return; // the listener paused, seeked or disposed
    }
    if (next >= batches.length && pos >= durationMs - EPS_MS) {
      anchorPos = durationMs;
      setStatus('ended');
      return;
    }
    const target = next < batches.length ? batches[next]!.atMs : durationMs;
    timer = timers.setTimeout(run, Math.max(0, (target - pos) / speed));
  };

  const seek = (ms: number) => {
    generation++;
    cancel();
    const target = Math.min(durationMs, Math.max(0, Number.isFinite(ms) ? ms : 0));
    anchorPos = target;
    anchorWall = timers.now();
    next = batches.findIndex((b) => b.atMs >= target);
    if (next < 0) next = batches.length;
    o.onSeek?.(target, batches.slice(0, next).map(toEvents));
    if (status === 'playing') run();
    else if (status === 'ended') setStatus('paused');
  };

  return {
    durationMs,
    play() {
      if (status === 'playing') return;
      if (status === 'ended') seek(0);
      generation++;
      anchorWall = timers.now();
      setStatus('playing');
      run();
    },
    pause() {
      if (status !== 'playing') return;
      generation++;
      anchorPos = position();
      cancel();
      setStatus('paused');
    },
    seek,
    setSpeed(n) {
      const s = clampSpeed(n);
      if (s === speed) return;
      if (status === 'playing') {
        generation++;
        anchorPos = position();
        anchorWall = timers.now();
        speed = s;
        cancel();
        run();
      } else speed = s;
    },
    position,
    status: () => status,
    speed: () => speed,
    dispose() {
      generation++;
      anchorPos = position();
      cancel();
      status = 'paused';
    },
  };
}
