// Scenario files (training replays), 10,000 cases (FUZZ_RUNS): a small valid scenario
// with a quiz, mutated one step, plus random JSON and broken text. parseScenario never
// throws; a refusal names the path and the reason; what it accepts replays cleanly.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseScenario, timelineOf, toTelemetry } from '../../../src/domain/scenario';
import { RUNS, asText, json, nearValid, prototypeIsClean } from './arbitraries';

const VALID = {
  version: 1,
  id: 'db-disk',
  title: 'A disk filling',
  description: 'd',
  durationSeconds: 120,
  events: [
    { at: 0, kind: 'metric', name: 'disk', value: 0.7 },
    { at: 10, kind: 'alert', name: 'DiskFull', severity: 'critical', state: 'firing', labels: { instance: 'db-3', service: 'postgres' }, annotations: { summary: 's' }, value: 0.95 },
    { at: 60, kind: 'alert', name: 'DiskFull', state: 'resolved', labels: { instance: 'db-3', service: 'postgres' } },
  ],
  quiz: { ask: 'alert', choices: ['DiskFull', 'HighCPU'], expected: [{ at: 10, severity: 'critical', answer: 'DiskFull' }] },
};

/** As a fetched file would be: text, maybe broken, then JSON.parse like training-control does. */
const input = fc.oneof(
  { weight: 6, arbitrary: asText(nearValid([VALID, { ...VALID, quiz: undefined }])) },
  { weight: 1, arbitrary: asText(json) },
);

describe('fuzz: scenario files (parseScenario)', () => {
  it('never throws; refusals name the field; accepted scenarios replay', () => {
    let ok = 0;
    let refused = 0;
    fc.assert(
      fc.property(input, (text) => {
        let data: unknown;
        try {
          data = JSON.parse(text);
        } catch {
          return; // training-control reports this as "not JSON" before parsing
        }
        const r = parseScenario(data);
        if (r.ok) {
          ok++;
          for (const batch of timelineOf(r.scenario)) for (const e of batch.events) expect(toTelemetry(e, 0).name.length).toBeGreaterThan(0);
        } else {
          refused++;
          expect(r.error).toMatch(/^scenario: .+: .+/s);
        }
      }),
      RUNS,
    );
    expect(ok).toBeGreaterThan(0);
    expect(refused).toBeGreaterThan(0);
    expect(prototypeIsClean()).toBe(true);
  });
});
