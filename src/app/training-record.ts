// Records live events into a scenario, to replay or to hand to someone else as a
// file. boot.ts hands every accepted live batch to captureLive(); it costs one
// branch while nothing is recording. Metrics are kept at most once a second per
// metric, and the recording is bounded.
import { createStore } from 'zustand/vanilla';
import type { TelemetryEvent } from '../domain/events';
import type { Scenario, ScenarioEvent } from '../domain/scenario';
import { MAX_SCENARIO_EVENTS, MAX_SCENARIO_SECONDS, autoQuiz, parseScenario } from '../domain/scenario';
import { downloadJson } from './download';

export interface RecordingState {
  readonly recording: boolean;
  /** performance.now() ms the recording began. */
  readonly since: number;
  readonly events: number;
  /** Why it stopped by itself, if it did. */
  readonly full?: string;
}

export const recordingStore = createStore<RecordingState>()(() => ({ recording: false, since: 0, events: 0 }));

let startPerf = 0;
let events: ScenarioEvent[] = [];
const lastMetricAt = new Map<string, number>();

const round3 = (x: number) => Math.round(x * 1000) / 1000;
/** Within the scenario schema's limits, whatever a live payload carried. */
const clip = (m: Readonly<Record<string, string>>) => Object.fromEntries(Object.entries(m).map(([k, v]) => [k.slice(0, 128), v.slice(0, 1024)]));

export function startRecording(now = performance.now()): void {
  startPerf = now;
  events = [];
  lastMetricAt.clear();
  recordingStore.setState({ recording: true, since: now, events: 0, full: undefined });
}

export function captureLive(batch: readonly TelemetryEvent[]): void {
  if (!recordingStore.getState().recording) return;
  const before = events.length;
  for (const e of batch) {
    const at = round3(Math.max(0, e.receivedAt - startPerf) / 1000);
    if (at > MAX_SCENARIO_SECONDS || events.length >= MAX_SCENARIO_EVENTS) {
      recordingStore.setState({ recording: false, full: at > MAX_SCENARIO_SECONDS ? 'a day recorded: stopped' : `${MAX_SCENARIO_EVENTS} events recorded: stopped` });
      break;
    }
    if (e.kind === 'metric') {
      const last = lastMetricAt.get(e.name);
      if (last !== undefined && at - last < 1) continue;
      lastMetricAt.set(e.name, at);
      events.push({ at, kind: 'metric', name: e.name.slice(0, 256), value: e.value });
    } else {
      events.push({
        at,
        kind: 'alert',
        name: e.name.slice(0, 256),
        severity: e.severity.slice(0, 32),
        state: e.state,
        labels: clip(e.labels),
        annotations: clip(e.annotations),
        ...(e.value !== undefined && { value: e.value }),
      });
    }
  }
  if (events.length !== before) recordingStore.setState({ events: events.length });
}

/** Stops and returns the recording as a validated scenario (null when nothing was heard). */
export function stopRecording(title: string, description = '', now = performance.now()): Scenario | null {
  recordingStore.setState({ recording: false });
  // The scenario owns the events from here: the recorder keeps nothing between recordings.
  const taken = events;
  events = [];
  lastMetricAt.clear();
  if (taken.length === 0) return null;
  const durationSeconds = Math.min(MAX_SCENARIO_SECONDS, Math.max(1, round3((now - startPerf) / 1000), taken[taken.length - 1]!.at));
  const quiz = autoQuiz(taken);
  const stamp = new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-');
  const r = parseScenario({
    id: `recorded-${stamp}`.toLowerCase(),
    title: title.trim().slice(0, 200) || `Recorded ${stamp}`,
    description: description.slice(0, 4000),
    durationSeconds,
    events: taken,
    ...(quiz && { quiz }),
  });
  if (!r.ok) throw new Error(r.error);
  return r.scenario;
}

export function downloadScenario(s: Scenario): void {
  downloadJson(s, `${s.id}.json`);
}
