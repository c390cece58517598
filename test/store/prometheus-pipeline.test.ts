// Prometheus alerts through the real pipeline and stores: pending builds up quietly,
// firing sounds the route's earcon, absence resolves, and the same alert from MQTT
// and from Prometheus is one alert, one sound.
import { readFileSync } from 'node:fs';
import { beforeEach, describe, expect, it } from 'vitest';
import type { AudioEngine, PlayedSound } from '../../src/audio/engine';
import { createPipeline } from '../../src/app/pipeline';
import type { AlertEvent } from '../../src/domain/events';
import { parseMessage } from '../../src/domain/payload';
import { amFingerprint } from '../../src/domain/fingerprint';
import { fromPromAlert } from '../../src/domain/prom-api';
import { parseScore } from '../../src/domain/score/parse';
import type { EarconSound } from '../../src/domain/score/sounds';
import { AbsenceTracker } from '../../src/sources/absence';
import { alertsStore, resetAlerts } from '../../src/store/alerts';
import { resetIngest } from '../../src/store/ingest';
import { resetMetrics } from '../../src/store/metrics';

const r = parseScore(readFileSync('src/presets/ambient.yaml', 'utf8'));
if (!r.ok) throw new Error('ambient');
const ambient = r.score;

function setup() {
  const played: EarconSound[] = [];
  const engine = {
    play: (sound: EarconSound): PlayedSound => (played.push(sound), { sound, at: 0 }),
    setMetric() {},
    setStorm() {},
    setMetricVoices() {},
    tick() {},
  } as unknown as AudioEngine;
  let t = 1_000_000;
  const pipeline = createPipeline({ engine: () => engine, score: ambient, now: () => (t += 10) });
  return { played, pipeline };
}

const labels = { alertname: 'DiskFull', instance: 'db-3', job: 'sp_demo', severity: 'critical' };
const prom = (state: 'pending' | 'firing'): AlertEvent => fromPromAlert({ labels, annotations: { summary: 'full' }, state, value: '9.5e-01' }, 5)!;

beforeEach(() => {
  resetAlerts();
  resetMetrics();
  resetIngest();
});

describe('Prometheus alerts in the pipeline', () => {
  it('pending builds up quietly on the system channel, then firing strikes, then absence plays the all-clear', () => {
    const { played, pipeline } = setup();
    const tracker = new AbsenceTracker();
    pipeline.ingest(tracker.update([prom('pending')], 1));
    expect(played.map((s) => [s.earcon, s.channel, s.reason])).toEqual([['build', 'system', 'pending']]);
    expect([...alertsStore.getState().byId.values()][0]?.state).toBe('pending');
    pipeline.ingest(tracker.update([prom('pending')], 2)); // unchanged: nothing emitted
    pipeline.ingest(tracker.update([prom('firing')], 3));
    expect(played.map((s) => s.earcon)).toEqual(['build', 'strike']);
    pipeline.ingest(tracker.update([], 4));
    expect(played.map((s) => s.earcon)).toEqual(['build', 'strike', 'rise']);
    expect([...alertsStore.getState().byId.values()][0]?.state).toBe('resolved');
  });

  it('a pending alert that goes away without firing leaves no trace and no sound', () => {
    const { played, pipeline } = setup();
    const tracker = new AbsenceTracker();
    pipeline.ingest(tracker.update([prom('pending')], 1));
    pipeline.ingest(tracker.update([], 2));
    expect(played.map((s) => s.earcon)).toEqual(['build']);
    expect(alertsStore.getState().byId.size).toBe(0);
  });

  it('the same alert over MQTT (flat, or a webhook with its real fingerprint) and from Prometheus is one alert and one sound', () => {
    const { played, pipeline } = setup();
    pipeline.ingest([prom('firing')]);
    const fromMqtt = (body: unknown) => {
      const p = parseMessage(JSON.stringify(body), { topic: 'alerts/critical', receivedAt: 9, source: 'mqtt' });
      if (!p.ok) throw new Error(p.rejection.detail);
      return p.events;
    };
    pipeline.ingest(fromMqtt({ alerts: [{ status: 'firing', labels, fingerprint: amFingerprint(labels) }] }));
    pipeline.ingest(fromMqtt({ name: 'DiskFull', labels: { instance: 'db-3', job: 'sp_demo', severity: 'critical' } }));
    expect(alertsStore.getState().byId.size).toBe(1);
    expect(played.map((s) => s.earcon)).toEqual(['strike']);
  });
});
