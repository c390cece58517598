// The app pipeline (src/app/pipeline.ts) against the real stores and a fake engine.
// It lives here because the unit project does not include test/app.
import { beforeEach, describe, expect, it } from 'vitest';
import type { AudioEngine, PlayedSound } from '../../src/audio/engine';
import { createPipeline } from '../../src/app/pipeline';
import type { AlertEvent, TelemetryEvent } from '../../src/domain/events';
import { parseMessage } from '../../src/domain/payload';
import type { SoundEvent } from '../../src/domain/score';
import { alertsStore, resetAlerts } from '../../src/store/alerts';
import { ingestStore, resetIngest } from '../../src/store/ingest';
import { metricsStore, resetMetrics } from '../../src/store/metrics';

interface FakeEngine {
  played: SoundEvent[];
  metrics: { name: string; level: number; pan: number }[];
  engine: AudioEngine;
}

function fakeEngine(): FakeEngine {
  const played: SoundEvent[] = [];
  const metrics: FakeEngine['metrics'] = [];
  const engine = {
    play(sound: SoundEvent): PlayedSound {
      played.push(sound);
      return { sound, at: played.length };
    },
    setMetric(name: string, level: number, pan = 0): void {
      metrics.push({ name, level, pan });
    },
  };
  return { played, metrics, engine: engine as unknown as AudioEngine };
}

function events(topic: string, body: unknown): TelemetryEvent[] {
  const r = parseMessage(JSON.stringify(body), { topic, receivedAt: 7, source: 'mqtt' });
  if (!r.ok) throw new Error(r.rejection.detail);
  return r.events;
}
const diskFull = (state: 'firing' | 'resolved') => events('alerts/critical', { name: 'DiskFull', state, labels: { instance: 'db-3' } });

beforeEach(() => {
  resetAlerts();
  resetMetrics();
  resetIngest();
});

describe('pipeline with an engine', () => {
  it('a new critical alert plays one critical earcon; a repeat plays nothing; a resolve plays the all-clear', () => {
    const f = fakeEngine();
    const onPlayed: PlayedSound[] = [];
    const p = createPipeline({ engine: () => f.engine, onPlayed: (x) => onPlayed.push(x) });

    p.ingest(diskFull('firing'));
    expect(f.played).toHaveLength(1);
    const id = (diskFull('firing')[0] as AlertEvent).id;
    expect(f.played[0]).toMatchObject({ kind: 'earcon', family: 'critical', alertId: id });
    expect(onPlayed).toHaveLength(1);

    p.ingest(diskFull('firing'));
    expect(f.played).toHaveLength(1);

    p.ingest(diskFull('resolved'));
    expect(f.played).toHaveLength(2);
    expect(f.played[1]).toMatchObject({ kind: 'all-clear', alertId: id });
    expect(onPlayed.map((x) => x.sound.kind)).toEqual(['earcon', 'all-clear']);
  });

  it('each severity family gets its own earcon', () => {
    const f = fakeEngine();
    const p = createPipeline({ engine: () => f.engine });
    p.ingest([
      ...events('alerts/warning', { name: 'HighLatency' }),
      ...events('alerts/info', { name: 'BackupSlow' }),
      ...events('alerts/page', { name: 'Outage' }),
    ]);
    expect(f.played.map((s) => (s.kind === 'earcon' ? s.family : s.kind))).toEqual(['warning', 'info', 'critical']);
  });

  it('a resolve for something never seen plays nothing', () => {
    const f = fakeEngine();
    createPipeline({ engine: () => f.engine }).ingest(diskFull('resolved'));
    expect(f.played).toEqual([]);
  });

  it('a webhook storm plays one earcon per new alert', () => {
    const f = fakeEngine();
    const p = createPipeline({ engine: () => f.engine });
    const alerts = Array.from({ length: 30 }, (_, i) => ({ status: 'firing', labels: { alertname: 'X', instance: `h${i}`, severity: 'warning' } }));
    p.ingest(events('alerts/am', { alerts }));
    p.ingest(events('alerts/am', { alerts })); // all repeats
    expect(f.played).toHaveLength(30);
    expect(alertsStore.getState().byId.size).toBe(30);
  });

  it('metrics call setMetric with a level in [0, 1]', () => {
    const f = fakeEngine();
    const p = createPipeline({ engine: () => f.engine });
    const samples = [0.4, 12, 250, -3, 1e9, 0];
    for (const v of samples) p.ingest(events('metrics/queue', { value: v }));
    p.ingest(events('metrics/cpu', 0.37));
    expect(f.metrics).toHaveLength(samples.length + 1);
    for (const m of f.metrics) {
      expect(m.level).toBeGreaterThanOrEqual(0);
      expect(m.level).toBeLessThanOrEqual(1);
      expect(m.pan).toBeGreaterThanOrEqual(-1);
      expect(m.pan).toBeLessThanOrEqual(1);
    }
    expect(f.metrics.at(-1)).toMatchObject({ name: 'cpu', level: 0.37 });
    expect(f.metrics[2]).toMatchObject({ name: 'queue', level: 1 }); // 250 is the top of [0, 250]
    expect(metricsStore.getState().byName.get('queue')?.value).toBe(0);
  });
});

describe('pipeline without an engine (audio not started)', () => {
  it('events still land in the stores', () => {
    const p = createPipeline({ engine: () => null });
    p.ingest([...diskFull('firing'), ...events('metrics/cpu', { value: 0.5 }), ...events('metrics/disk', 0.9)]);
    const a = alertsStore.getState().byId;
    expect(a.size).toBe(1);
    expect([...a.values()][0]).toMatchObject({ name: 'DiskFull', state: 'firing' });
    expect(metricsStore.getState().byName.get('cpu')?.value).toBe(0.5);
    expect(metricsStore.getState().byName.get('disk')?.value).toBe(0.9);
    expect(ingestStore.getState().accepted).toBe(3);

    p.ingest(diskFull('resolved'));
    expect([...alertsStore.getState().byId.values()][0]).toMatchObject({ state: 'resolved' });
  });

  it('an engine that arrives later only hears what happens after', () => {
    let engine: AudioEngine | null = null;
    const f = fakeEngine();
    const p = createPipeline({ engine: () => engine });
    p.ingest(diskFull('firing'));
    engine = f.engine;
    p.ingest(diskFull('firing')); // a repeat: still quiet
    expect(f.played).toEqual([]);
    p.ingest(diskFull('resolved'));
    expect(f.played.map((s) => s.kind)).toEqual(['all-clear']);
  });

  it('empty batches and rejections touch only the counters', () => {
    const p = createPipeline({ engine: () => null });
    p.ingest([]);
    p.reject({ reason: 'not_json', detail: 'nope', topic: 'alerts/x' });
    expect(ingestStore.getState()).toMatchObject({ accepted: 0, rejectedByReason: { not_json: 1 } });
    expect(alertsStore.getState().byId.size).toBe(0);
    expect(metricsStore.getState().byName.size).toBe(0);
  });
});
