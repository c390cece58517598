// Recording live events into a scenario: what boot hands captureLive() becomes a
// valid, replayable scenario with a quiz; metrics at most once a second each.
import { beforeEach, describe, expect, it } from 'vitest';
import { captureLive, recordingStore, startRecording, stopRecording } from '../../src/app/training-record';
import type { TelemetryEvent } from '../../src/domain/events';

const alert = (at: number, name: string, severity: string, state: 'firing' | 'resolved', labels: Record<string, string> = {}): TelemetryEvent => ({ kind: 'alert', id: name, name, severity, state, labels, annotations: { summary: `${name}!` }, source: 'mqtt', receivedAt: at });
const metric = (at: number, name: string, value: number): TelemetryEvent => ({ kind: 'metric', name, value, source: 'mqtt', receivedAt: at });

beforeEach(() => stopRecording('', '', 0));

describe('recording live events', () => {
  it('ignores events while not recording', () => {
    captureLive([alert(5, 'A', 'critical', 'firing')]);
    expect(recordingStore.getState()).toMatchObject({ recording: false, events: 0 });
  });

  it('turns what arrived into a scenario: times from the start, metrics thinned to 1/s, a quiz from the firings', () => {
    startRecording(10_000);
    captureLive([metric(10_000, 'cpu', 0.3), metric(10_400, 'cpu', 0.4), metric(11_000, 'cpu', 0.5)]);
    captureLive([alert(12_500, 'DiskFull', 'critical', 'firing', { instance: 'db-3', service: 'postgres', ['x'.repeat(300)]: 'long key' })]);
    captureLive([alert(14_000, 'HighLatency', 'warning', 'firing'), alert(20_000, 'DiskFull', 'critical', 'resolved', { instance: 'db-3', service: 'postgres' })]);
    expect(recordingStore.getState()).toMatchObject({ recording: true, events: 6 - 1 });
    const s = stopRecording('Tuesday', 'disk again', 25_000)!;
    expect(recordingStore.getState().recording).toBe(false);
    expect(s.id).toMatch(/^recorded-\d{4}-\d\d-\d\d-/);
    expect(s.title).toBe('Tuesday');
    expect(s.durationSeconds).toBe(15);
    expect(s.events.map((e) => `${e.at} ${e.kind} ${e.name}${e.kind === 'alert' ? ` ${e.state}` : ''}`)).toEqual([
      '0 metric cpu',
      '1 metric cpu',
      '2.5 alert DiskFull firing',
      '4 alert HighLatency firing',
      '10 alert DiskFull resolved',
    ]);
    expect(s.quiz).toEqual({ ask: 'alert', choices: ['DiskFull', 'HighLatency'], expected: [{ at: 2.5, severity: 'critical', answer: 'DiskFull' }, { at: 4, severity: 'warning', answer: 'HighLatency' }] });
    expect(Object.keys(s.events[2]!.kind === 'alert' ? s.events[2]!.labels : {}).every((k) => k.length <= 128)).toBe(true);
  });

  it('keeps nothing once stopped: the scenario owns the events', () => {
    startRecording(0);
    captureLive([alert(100, 'A', 'critical', 'firing')]);
    expect(stopRecording('one', '', 1000)!.events).toHaveLength(1);
    expect(stopRecording('again', '', 2000)).toBeNull();
  });

  it('nothing heard, nothing to save', () => {
    startRecording(0);
    expect(stopRecording('x', '', 1000)).toBeNull();
  });
});
