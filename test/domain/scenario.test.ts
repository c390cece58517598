// Scenarios: the schema (with its quiz cross-checks), the shipped files, and the
// helpers the replay and the progress bar use.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { autoQuiz, incidentMarkers, parseScenario, scenarioIndexSchema, timelineOf, toTelemetry } from '../../src/domain/scenario';
import type { Scenario } from '../../src/domain/scenario';

const dir = 'public/scenarios';
const index = scenarioIndexSchema.parse(JSON.parse(readFileSync(`${dir}/index.json`, 'utf8')));

function shipped(id: string): Scenario {
  const r = parseScenario(JSON.parse(readFileSync(`${dir}/${id}.json`, 'utf8')));
  if (!r.ok) throw new Error(r.error);
  return r.scenario;
}

const tiny = {
  id: 'tiny',
  title: 'Tiny',
  durationSeconds: 10,
  events: [
    { at: 2, kind: 'alert', name: 'DiskFull', severity: 'critical', labels: { instance: 'db-3', service: 'postgres' } },
    { at: 0, kind: 'metric', name: 'disk', value: 0.9 },
    { at: 2, kind: 'metric', name: 'disk', value: 0.97 },
    { at: 8, kind: 'alert', name: 'DiskFull', severity: 'critical', state: 'resolved', labels: { instance: 'db-3', service: 'postgres' } },
  ],
  quiz: { choices: ['DiskFull', 'HighCPU'], expected: [{ at: 2, severity: 'critical', answer: 'DiskFull' }] },
};

describe('shipped scenarios', () => {
  it('has an index of at least four, each with its file', () => {
    expect(index.length).toBeGreaterThanOrEqual(4);
    expect(index.map((e) => e.id)).toEqual(expect.arrayContaining(['db-disk-filling', 'cpu-storm-fleet', 'flapping-mqtt-broker', 'cascading-latency']));
  });

  it.each(index.map((e) => e.id))('%s is valid, has a quiz, and its index entry matches', (id) => {
    const s = shipped(id);
    const entry = index.find((e) => e.id === id)!;
    expect(s.id).toBe(id);
    expect(entry.title).toBe(s.title);
    expect(s.description.length).toBeGreaterThan(40);
    expect(s.quiz!.expected.length).toBeGreaterThanOrEqual(4);
    // Realistic: alerts that fire and resolve, and metric voices the presets have.
    const markers = incidentMarkers(s);
    expect(markers.some((m) => m.kind === 'firing')).toBe(true);
    expect(markers.some((m) => m.kind === 'resolved')).toBe(true);
    const metrics = new Set(s.events.flatMap((e) => (e.kind === 'metric' ? [e.name] : [])));
    expect([...metrics].sort()).toEqual(['cpu', 'disk', 'latency', 'memory']);
  });
});

describe('scenario schema', () => {
  it('accepts a minimal scenario, fills defaults and sorts events by time (stable)', () => {
    const r = parseScenario(tiny);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.scenario.version).toBe(1);
    expect(r.scenario.events.map((e) => `${e.at}:${e.kind}`)).toEqual(['0:metric', '2:alert', '2:metric', '8:alert']);
    expect(r.scenario.events[1]).toMatchObject({ state: 'firing', annotations: {} });
    expect(r.scenario.quiz!.ask).toBe('alert');
  });

  it.each([
    ['an event after the end', { ...tiny, events: [...tiny.events, { at: 11, kind: 'metric', name: 'cpu', value: 1 }] }, /events\.4\.at: after the end/],
    ['an answer not among the choices', { ...tiny, quiz: { choices: ['HighCPU'], expected: [{ at: 2, severity: 'critical', answer: 'DiskFull' }] } }, /not among the choices/],
    ['an answer no alert gives', { ...tiny, quiz: { ...tiny.quiz, expected: [{ at: 3, severity: 'critical', answer: 'DiskFull' }] } }, /no critical alert "DiskFull" fires at 3 s/],
    ['a wrong severity', { ...tiny, quiz: { ...tiny.quiz, expected: [{ at: 2, severity: 'warning', answer: 'DiskFull' }] } }, /no warning alert/],
    ['one alert answered twice', { ...tiny, quiz: { ...tiny.quiz, expected: [{ at: 2, severity: 'critical', answer: 'DiskFull' }, { at: 2, severity: 'critical', answer: 'DiskFull' }] } }, /quiz\.expected\.1/],
    ['a path as id', { ...tiny, id: '../etc' }, /^scenario: id:/],
    ['an unknown key', { ...tiny, extra: 1 }, /scenario: \(root\)/],
    ['a non-finite value', { ...tiny, events: [{ at: 0, kind: 'metric', name: 'cpu', value: 'NaN' }] }, /events\.0\.value/],
  ])('rejects %s, saying where', (_, data, message) => {
    const r = parseScenario(data);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(message);
  });

  it('answers by service when the quiz asks for the service', () => {
    const r = parseScenario({ ...tiny, quiz: { ask: 'service', choices: ['postgres', 'api'], expected: [{ at: 2, severity: 'critical', answer: 'postgres' }] } });
    expect(r.ok).toBe(true);
  });
});

describe('timeline helpers', () => {
  const s = (parseScenario(tiny) as { ok: true; scenario: Scenario }).scenario;

  it('batches events at the same time, in ms', () => {
    expect(timelineOf(s).map((b) => [b.atMs, b.events.length])).toEqual([[0, 1], [2000, 2], [8000, 1]]);
  });

  it('produces the one event model, with the live identity and source "replay"', () => {
    const e = toTelemetry(s.events[1]!, 123);
    expect(e).toEqual({ kind: 'alert', id: 'n:DiskFull{"instance"="db-3","service"="postgres"}', name: 'DiskFull', severity: 'critical', state: 'firing', labels: { instance: 'db-3', service: 'postgres' }, annotations: {}, source: 'replay', receivedAt: 123 });
  });

  it('marks where alerts start and end, ignoring repeats and resolves of nothing', () => {
    const withNoise = (parseScenario({ ...tiny, events: [...tiny.events, { at: 3, kind: 'alert', name: 'DiskFull', severity: 'critical', labels: { instance: 'db-3', service: 'postgres' } }, { at: 4, kind: 'alert', name: 'Other', state: 'resolved' }] }) as { ok: true; scenario: Scenario }).scenario;
    expect(incidentMarkers(withNoise)).toEqual([
      { atMs: 2000, kind: 'firing', severity: 'critical', name: 'DiskFull' },
      { atMs: 8000, kind: 'resolved', severity: 'critical', name: 'DiskFull' },
    ]);
  });

  it('builds a quiz from the first firing of each alert', () => {
    expect(autoQuiz(s.events)).toEqual({ ask: 'alert', choices: ['DiskFull'], expected: [{ at: 2, severity: 'critical', answer: 'DiskFull' }] });
    expect(autoQuiz(s.events, 'service')?.expected[0]?.answer).toBe('postgres');
    expect(autoQuiz([])).toBeUndefined();
  });
});

describe('scenario errors', () => {
  it('a huge key never crowds the reason out of the message', () => {
    const r = parseScenario({ ...tiny, events: [{ at: 0, kind: 'alert', name: 'A', labels: { ['x'.repeat(5000)]: 1 } }] });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error).toMatch(/^scenario: events\.0\.labels\.x{40}: .+/);
      expect(r.error.length).toBeLessThan(300);
    }
  });
});
