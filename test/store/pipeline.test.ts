// The app pipeline (src/app/pipeline.ts) against the real stores, the ambient
// preset and a fake engine. It lives here because the unit project does not include test/app.
import { readFileSync } from 'node:fs';
import { beforeEach, describe, expect, it } from 'vitest';
import type { AudioEngine, PlayedSound } from '../../src/audio/engine';
import { createPipeline } from '../../src/app/pipeline';
import type { AlertEvent, TelemetryEvent } from '../../src/domain/events';
import { parseMessage } from '../../src/domain/payload';
import type { VoiceParams } from '../../src/domain/score/metric-mapper';
import { parseScore } from '../../src/domain/score/parse';
import type { EarconSound, StormState } from '../../src/domain/score/sounds';
import type { Score } from '../../src/domain/score/types';
import { alertsStore, resetAlerts } from '../../src/store/alerts';
import { ingestStore, resetIngest } from '../../src/store/ingest';
import { metricsStore, resetMetrics } from '../../src/store/metrics';

function preset(name: string): Score {
  const r = parseScore(readFileSync(`src/presets/${name}.yaml`, 'utf8'));
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.score;
}
const ambient = preset('ambient');

function fakeEngine() {
  const played: EarconSound[] = [];
  const metrics: { id: string; p: VoiceParams }[] = [];
  const storms: StormState[] = [];
  const engine = {
    play(sound: EarconSound): PlayedSound {
      played.push(sound);
      return { sound, at: played.length };
    },
    setMetric(id: string, p: VoiceParams) {
      metrics.push({ id, p });
    },
    setStorm(s: StormState) {
      storms.push(s);
    },
    setMetricVoices() {},
    tick() {},
  };
  return { played, metrics, storms, engine: engine as unknown as AudioEngine };
}

function events(topic: string, body: unknown, receivedAt = 7): TelemetryEvent[] {
  const r = parseMessage(JSON.stringify(body), { topic, receivedAt, source: 'mqtt' });
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
  it('new critical → its earcon; a repeat message → nothing; resolve → the all-clear', () => {
    const f = fakeEngine();
    const onPlayed: PlayedSound[] = [];
    let now = 1000;
    const p = createPipeline({ engine: () => f.engine, score: ambient, onPlayed: (x) => onPlayed.push(x), now: () => now });
    p.ingest(diskFull('firing'));
    const id = (diskFull('firing')[0] as AlertEvent).id;
    expect(f.played).toHaveLength(1);
    expect(f.played[0]).toMatchObject({ earcon: 'strike', channel: 'critical', subject: id, reason: 'new', receivedAt: 7 });
    now += 500;
    p.ingest(diskFull('firing'));
    expect(f.played).toHaveLength(1);
    now += 3000;
    p.ingest(diskFull('resolved'));
    expect(f.played[1]).toMatchObject({ earcon: 'rise', channel: 'clear', reason: 'resolved', subject: id });
    expect(onPlayed.map((x) => x.sound.reason)).toEqual(['new', 'resolved']);
  });

  it('repeats a critical alert every 5 minutes while firing, per the ambient score', () => {
    const f = fakeEngine();
    let now = 0;
    const p = createPipeline({ engine: () => f.engine, score: ambient, now: () => now });
    p.ingest(diskFull('firing'));
    now = 4 * 60_000;
    p.tick();
    expect(f.played).toHaveLength(1);
    now = 5 * 60_000;
    p.tick();
    expect(f.played.map((s) => s.reason)).toEqual(['new', 'repeat']);
    p.acknowledge((diskFull('firing')[0] as AlertEvent).id);
    now = 11 * 60_000;
    p.tick();
    expect(f.played).toHaveLength(2);
  });

  it('each severity family gets its own earcon', () => {
    const f = fakeEngine();
    const p = createPipeline({ engine: () => f.engine, score: ambient });
    p.ingest([...events('alerts/warning', { name: 'HighLatency' }), ...events('alerts/info', { name: 'BackupSlow' }), ...events('alerts/page', { name: 'Outage' })]);
    expect(f.played.map((s) => [s.channel, s.earcon])).toEqual([
      ['warning', 'fall'],
      ['info', 'bell'],
      ['critical', 'strike'],
    ]);
  });

  it('a webhook storm stays within the warning budget and folds the rest into the storm', () => {
    const f = fakeEngine();
    const folded: number[] = [];
    const p = createPipeline({ engine: () => f.engine, score: ambient, onFolded: (n) => folded.push(n), now: () => 0 });
    const alerts = Array.from({ length: 30 }, (_, i) => ({ status: 'firing', labels: { alertname: 'X', instance: `h${i}`, severity: 'warning' } }));
    p.ingest(events('alerts/am', { alerts }));
    p.ingest(events('alerts/am', { alerts })); // all repeats
    expect(f.played).toHaveLength(ambient.budgets.warning);
    expect(folded).toEqual([30 - ambient.budgets.warning]);
    expect(f.storms.at(-1)).toMatchObject({ active: true, firing: 30, folded: 30 - ambient.budgets.warning });
    expect(alertsStore.getState().byId.size).toBe(30);
  });

  it('metric voices get parameters from the score; unscored metrics are only shown', () => {
    const f = fakeEngine();
    const p = createPipeline({ engine: () => f.engine, score: ambient });
    p.ingest(events('metrics/cpu', 0.2));
    p.ingest(events('metrics/cpu', 0.9));
    p.ingest(events('metrics/queue', { value: 250 }));
    expect(f.metrics.map((m) => m.id)).toEqual(['cpu', 'cpu']);
    expect(f.metrics[1]!.p.frequency).toBeGreaterThan(f.metrics[0]!.p.frequency);
    expect(metricsStore.getState().byName.get('cpu')).toMatchObject({ value: 0.9, level: 0.9 });
    expect(metricsStore.getState().byName.get('queue')?.value).toBe(250);
  });

  it('a batch with many samples of one metric: one voice update with the latest, every sample counted', () => {
    const f = fakeEngine();
    const p = createPipeline({ engine: () => f.engine, score: ambient });
    const batch = [0.1, 0.5, 0.3, 0.8].flatMap((v) => events('metrics/cpu', v));
    p.ingest([...batch, ...events('metrics/queue', 5), ...events('metrics/queue', 250), ...events('metrics/queue', 7)]);
    expect(f.metrics).toHaveLength(1);
    expect(f.metrics[0]!.p.level).toBe(0.8);
    expect(metricsStore.getState().byName.get('cpu')?.value).toBe(0.8);
    // The unscored metric's display range saw the 250 that the batch dropped: 7 sits low in it.
    expect(metricsStore.getState().byName.get('queue')).toMatchObject({ value: 7, level: 7 / 250 });
    expect(ingestStore.getState().accepted).toBe(7);
  });
});

describe('pipeline without an engine (audio not started)', () => {
  it('events still land in the stores', () => {
    const p = createPipeline({ engine: () => null, score: ambient });
    p.ingest([...diskFull('firing'), ...events('metrics/cpu', { value: 0.5 }), ...events('metrics/disk', 0.9)]);
    expect([...alertsStore.getState().byId.values()][0]).toMatchObject({ name: 'DiskFull', state: 'firing' });
    expect(metricsStore.getState().byName.get('cpu')?.value).toBe(0.5);
    expect(ingestStore.getState().accepted).toBe(3);
  });

  it('an engine that arrives later only hears what happens after', () => {
    let engine: AudioEngine | null = null;
    const f = fakeEngine();
    const p = createPipeline({ engine: () => engine, score: ambient });
    p.ingest(diskFull('firing'));
    engine = f.engine;
    p.ingest(diskFull('firing'));
    expect(f.played).toEqual([]);
    p.ingest(diskFull('resolved'));
    expect(f.played.map((s) => s.reason)).toEqual(['resolved']);
  });

  it('switching score re-routes what is firing without replaying it', () => {
    const f = fakeEngine();
    const p = createPipeline({ engine: () => f.engine, score: ambient });
    p.ingest(diskFull('firing'));
    p.setScore(preset('classic'));
    p.ingest(diskFull('resolved'));
    expect(f.played.map((s) => s.earcon)).toEqual(['strike', 'rise']);
    p.ingest(diskFull('firing'));
    expect(f.played.at(-1)?.earcon).toBe('classic-critical');
  });
});
