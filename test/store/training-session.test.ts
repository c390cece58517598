// A training session (src/app/training.ts) on a fake clock with a fake engine: the
// replay goes through the one pipeline into training's stores only, holds the
// engine from live while it plays, seeks to the right state without a sound, and
// scores a quiz. Lives here because the unit project does not include test/app.
import { readFileSync } from 'node:fs';
import { beforeEach, describe, expect, it } from 'vitest';
import type { AudioEngine, PlayedSound } from '../../src/audio/engine';
import { createTrainingSession } from '../../src/app/training';
import type { SessionDeps } from '../../src/app/training';
import type { QuizResult } from '../../src/domain/quiz';
import { parseScenario } from '../../src/domain/scenario';
import type { Scenario } from '../../src/domain/scenario';
import { parseScore } from '../../src/domain/score/parse';
import type { EarconSound } from '../../src/domain/score/sounds';
import type { Score } from '../../src/domain/score/types';
import { alertsStore, resetAlerts } from '../../src/store/alerts';
import { ingestStore, resetIngest } from '../../src/store/ingest';
import { metricsStore, resetMetrics } from '../../src/store/metrics';
import { resetTraining, trainingAlertsStore, trainingMetricsStore, trainingStore } from '../../src/store/training';
import { createFakeClock } from '../helpers/fake-clock';

const ambient = (() => {
  const r = parseScore(readFileSync('src/presets/ambient.yaml', 'utf8'));
  if (!r.ok) throw new Error('ambient');
  return r.score;
})();

function load(id: string): Scenario {
  const r = parseScenario(JSON.parse(readFileSync(`public/scenarios/${id}.json`, 'utf8')));
  if (!r.ok) throw new Error(r.error);
  return r.scenario;
}

function rig(scenario: Scenario, speed: number, mode: 'replay' | 'quiz' = 'replay') {
  const clock = createFakeClock(0);
  const played: EarconSound[] = [];
  const calls: string[] = [];
  const holds: boolean[] = [];
  const results: QuizResult[] = [];
  const engine = {
    play(sound: EarconSound): PlayedSound {
      played.push(sound);
      return { sound, at: 0 };
    },
    setMetric: () => {},
    setStorm: () => {},
    setMetricVoices: () => calls.push('voices'),
    tick: () => {},
  } as unknown as AudioEngine;
  const deps: SessionDeps = {
    engine: () => engine,
    score: (): Score => ambient,
    hold: (h) => {
      holds.push(h);
      calls.push(`hold:${h}`);
    },
    timers: clock,
    clock: clock.now,
    now: clock.now,
    onResult: (r) => results.push(r),
  };
  const session = createTrainingSession(scenario, { speed, mode }, deps);
  return { clock, played, calls, holds, results, session };
}

const states = () => Object.fromEntries([...trainingAlertsStore.getState().byId.values()].map((a) => [a.name, a.state]));

beforeEach(() => {
  resetTraining();
  resetAlerts();
  resetMetrics();
  resetIngest();
});

describe('a replay through the one pipeline', () => {
  it('sounds through the engine, fills training stores only, and holds the engine only while it plays', () => {
    const s = load('db-disk-filling');
    const r = rig(s, 60);
    expect(r.holds).toEqual([]);
    r.session.play();
    expect(r.calls.slice(0, 2)).toEqual(['hold:true', 'voices']); // the live bed is rebuilt, no live hum under the replay
    r.clock.advance(900_000 / 60 + 100);
    expect(trainingStore.getState().status).toBe('ended');
    expect(r.holds).toEqual([true, false]);
    expect(r.calls.slice(-1)).toEqual(['voices']); // … and rebuilt for live at the end
    // Every alert start and end is heard (budgets allow this one's pace)…
    const earcons = r.played.map((p) => `${p.reason}:${p.channel}`);
    expect(earcons.filter((e) => e.startsWith('new:'))).toHaveLength(6);
    expect(earcons.filter((e) => e.startsWith('resolved:'))).toHaveLength(6);
    expect(earcons).toContain('pending:system');
    expect(trainingStore.getState().heard.length).toBeGreaterThan(0);
    // … and shown in training's stores, at scenario time; the live stores saw nothing.
    expect(Object.values(states()).every((st) => st === 'resolved')).toBe(true);
    expect(trainingAlertsStore.getState().byId.size).toBe(6);
    const diskFull = [...trainingAlertsStore.getState().byId.values()].find((a) => a.name === 'DiskFull')!;
    expect([diskFull.since, diskFull.resolvedAt, diskFull.source]).toEqual([480_000, 650_000, 'replay']);
    expect(trainingMetricsStore.getState().byName.get('disk')?.updatedAt).toBe(900_000);
    expect(alertsStore.getState().byId.size).toBe(0);
    expect(metricsStore.getState().byName.size).toBe(0);
    expect(ingestStore.getState().accepted).toBe(0);
  });

  it('a paused replay is silent and keeps holding the engine; close gives it back', () => {
    const r = rig(load('cpu-storm-fleet'), 10);
    r.session.play();
    r.clock.advance(5000);
    r.session.pause();
    const n = r.played.length;
    r.clock.advance(60_000);
    expect(r.played.length).toBe(n);
    expect(r.holds).toEqual([true]);
    r.session.close();
    expect(r.holds).toEqual([true, false]);
    expect(r.clock.pending()).toBe(0);
  });
});

describe('seeking lands on the right state', () => {
  const s = load('db-disk-filling');

  it('without a sound, equal to playing up to just before the target', () => {
    const straight = rig(s, 20);
    straight.session.play();
    straight.clock.advance(499_999 / 20);
    const expected = states();
    const expectedDisk = trainingMetricsStore.getState().byName.get('disk')?.value;
    straight.session.close();

    resetTraining();
    const r = rig(s, 20);
    r.session.play();
    r.clock.advance(1000); // 20 s in: nothing has fired yet
    r.session.pause();
    const before = r.played.length;
    r.session.seek(500_000);
    expect(r.played.length).toBe(before); // the 480 s skipped made no sound
    expect(states()).toEqual(expected);
    expect(states()).toEqual({ BackupSlow: 'resolved', WALArchiveFailing: 'firing', DiskFilling: 'firing', ReplicationLag: 'firing', DiskFull: 'firing' });
    expect(trainingMetricsStore.getState().byName.get('disk')?.value).toBe(expectedDisk);
    expect(trainingStore.getState().positionMs).toBe(500_000);
    // Playing on from there: HighLatency (at exactly 500 s) sounds at once, then the resolves.
    r.session.play();
    expect(r.played.slice(before).map((p) => p.reason)).toEqual(['new']);
    r.clock.advance(300_000 / 20 + 100);
    expect(Object.values(states()).every((st) => st === 'resolved')).toBe(true);
  });

  it('seeking back rebuilds the earlier state from scratch', () => {
    const r = rig(s, 60);
    r.session.play();
    r.clock.advance(900_000 / 60 + 1);
    r.session.seek(130_000);
    expect(states()).toEqual({ BackupSlow: 'firing', WALArchiveFailing: 'firing' });
    expect(trainingStore.getState().status).toBe('paused');
  });
});

describe('the quiz through a session', () => {
  it('opens a question as each expected alert sounds and scores scripted answers', () => {
    const s = load('flapping-mqtt-broker');
    const r = rig(s, 60, 'quiz');
    expect(trainingStore.getState().session?.mode).toBe('quiz');
    r.session.play();
    // Answer each question one (fake) second after it opens; the second one wrongly.
    const script: [string, 'critical' | 'warning' | 'info', string][] = [
      ['MQTTConnection', 'critical', 'MQTTConnection'],
      ['ConsumerLag', 'critical', 'ConsumerLag'],
      ['ClientReconnectStorm', 'warning', 'BrokerMemoryHigh'],
    ];
    for (const [i, [answer, severity, choice]] of script.entries()) {
      const q = trainingStore.getState().quiz!.questions[i]!;
      expect(q.answer).toBe(answer);
      r.clock.advance(q.atMs / 60 - r.clock.now());
      expect(trainingStore.getState().quiz!.openedAt[i]).toBeCloseTo(q.atMs / 60, 6);
      r.clock.advance(1000);
      r.session.answer(severity, choice);
    }
    // The last one is still open when the replay ends: the trainee may still answer it.
    r.clock.advance(600_000 / 60);
    expect(trainingStore.getState().status).toBe('ended');
    expect(trainingStore.getState().result).toBeNull();
    r.clock.advance(2000);
    r.session.answer('warning', 'BrokerMemoryHigh');
    const result = trainingStore.getState().result!;
    expect([result.points, result.maxPoints, result.answered, result.percent]).toEqual([6, 8, 4, 75]);
    expect(result.questions.map((q) => [q.severityRight, q.answerRight])).toEqual([[true, true], [false, true], [true, false], [true, true]]);
    // Detection is measured in real (clock) time from the sound: one second for the first three.
    for (const q of result.questions.slice(0, 3)) expect(q.detectionMs).toBeCloseTo(1000, 6);
    expect(result.questions[3]!.detectionMs).toBeCloseTo(250_000 / 60 + 1000 + 10_000 + 2000 - 330_000 / 60, 6);
    expect(r.results).toEqual([result]); // handed over once, to be kept
    expect(r.session.finish()).toEqual(result);
    expect(r.results).toHaveLength(1);
  });
});
