import { beforeEach, describe, expect, it } from 'vitest';
import type { AlertEvent, MetricEvent } from '../../src/domain/events';
import { resetConnections, setConnection } from '../../src/store/connections';
import { countAcceptedBy, countRejected, resetIngest } from '../../src/store/ingest';
import { resetSettings, setAudioStatus } from '../../src/store/settings';
import { bindStores, numberProp } from '../../src/telemetry/collect';
import { defineSelfMetrics } from '../../src/telemetry/self-metrics';
import { createSoundLatency } from '../../src/telemetry/sound-latency';

const alert = (id: string): AlertEvent => ({
  kind: 'alert', id, name: id, severity: 'info', state: 'firing', labels: {}, annotations: {}, source: 'mqtt', receivedAt: 0,
});
const metric: MetricEvent = { kind: 'metric', name: 'cpu', value: 0.5, source: 'demo', receivedAt: 0 };

const lines = (text: string) => text.split('\n').filter((l) => l && !l.startsWith('#'));

beforeEach(() => {
  resetConnections();
  resetIngest();
  resetSettings();
});

describe('collecting from the stores', () => {
  it('reads totals, sources, audio and the engine at collect time', () => {
    const m = defineSelfMetrics();
    let engine: object | null = null;
    const unbind = bindStores(m, { engine: () => engine });
    setConnection('mqtt', { status: 'live', attempt: 0, url: 'wss://user:pw@broker.example/mqtt' });
    setConnection('demo', { status: 'down', attempt: 6 });
    countAcceptedBy([alert('a'), alert('b'), metric]);
    countRejected({ reason: 'not_json', detail: 'x', topic: 'alerts/x' });
    setAudioStatus('running');
    engine = { activeVoices: 3, droppedVoices: 7 };
    const text = m.registry.serialize();
    const got = lines(text);
    expect(got).toContain('singing_pager_events_total{source="mqtt",kind="alert"} 2');
    expect(got).toContain('singing_pager_events_total{source="mqtt",kind="metric"} 0');
    expect(got).toContain('singing_pager_events_total{source="demo",kind="metric"} 1');
    expect(got).toContain('singing_pager_events_rejected_total{reason="not_json"} 1');
    expect(got).toContain('singing_pager_events_rejected_total{reason="too_large"} 0'); // pre-filled for increase()
    expect(got).toContain('singing_pager_source_up{source="mqtt"} 1');
    expect(got).toContain('singing_pager_source_up{source="demo"} 0');
    expect(got).toContain('singing_pager_audio_running 1');
    expect(got).toContain('singing_pager_voices_active 3');
    expect(got).toContain('singing_pager_voices_dropped_total 7');
    expect(text).not.toMatch(/broker\.example|pw@/); // connection URLs never become labels
    unbind();
  });

  it('counts each reconnect attempt once, however often the store changes', () => {
    const m = defineSelfMetrics();
    const unbind = bindStores(m, { engine: () => null });
    setConnection('mqtt', { status: 'connecting', attempt: 0 });
    setConnection('mqtt', { status: 'live', attempt: 0 });
    setConnection('mqtt', { status: 'retrying', attempt: 1 });
    setConnection('mqtt', { status: 'connecting', attempt: 1 });
    setConnection('mqtt', { status: 'connecting', attempt: 1, error: 'same attempt, new detail' });
    setConnection('mqtt', { status: 'retrying', attempt: 2 });
    setConnection('mqtt', { status: 'connecting', attempt: 2 });
    setConnection('mqtt', { status: 'live', attempt: 0 });
    expect(m.sourceReconnects.get({ source: 'mqtt' })).toBe(2);
    unbind();
    setConnection('mqtt', { status: 'connecting', attempt: 3 });
    expect(m.sourceReconnects.get({ source: 'mqtt' })).toBe(2);
  });

  it('leaves voices_dropped_total to the pipeline when the engine keeps no total', () => {
    const m = defineSelfMetrics();
    const unbind = bindStores(m, { engine: () => ({ activeVoices: 1 }) });
    m.voicesDropped.inc(undefined, 4);
    expect(m.registry.serialize()).toContain('singing_pager_voices_dropped_total 4');
    unbind();
  });

  it('reads optional engine counters only when they are finite numbers', () => {
    expect(numberProp(null, 'activeVoices')).toBe(0);
    expect(numberProp({}, 'activeVoices')).toBe(0);
    expect(numberProp({ activeVoices: '3' }, 'activeVoices')).toBe(0);
    expect(numberProp({ activeVoices: NaN }, 'activeVoices')).toBe(0);
    expect(numberProp({ get activeVoices() { return 5; } }, 'activeVoices')).toBe(5);
    class Engine {
      n = 2;
      activeVoices() {
        return this.n + 1;
      }
    }
    expect(numberProp(new Engine(), 'activeVoices')).toBe(3);
    expect(numberProp({ activeVoices() { throw new Error('disposed'); } }, 'activeVoices')).toBe(0);
  });
});

describe('sound latency', () => {
  function timer() {
    const m = defineSelfMetrics();
    const recorded: number[] = [];
    const clock = { wall: 10_000, perf: 500 };
    const t = createSoundLatency({ record: (ms) => recorded.push(ms), sentToSound: m.sentToSound, now: () => clock.wall, perfNow: () => clock.perf });
    return { m, recorded, clock, t };
  }

  it('times event → sound and payload timestamp → sound for sounds an event caused', () => {
    const { m, recorded, clock, t } = timer();
    // Received 3 ms ago, scheduled 5 ms ahead: 8 ms. Sent at wall 9 900: onset at 10 005, so 105 ms.
    t.played({ reason: 'new', receivedAt: clock.perf - 3, sentAt: 9_900 }, clock.perf + 5);
    t.played({ reason: 'resolved', receivedAt: clock.perf - 1 }, clock.perf + 5); // no timestamp: event → sound only
    t.played({ receivedAt: clock.perf }, clock.perf + 5); // no reason (older sound shape): timed
    expect(recorded).toEqual([8, 6, 5]);
    const h = m.sentToSound.get();
    expect(h.count).toBe(1);
    expect(h.sum).toBeCloseTo(0.105, 9);
  });

  it('does not time repeats or system sounds: their message is old or absent', () => {
    const { m, recorded, clock, t } = timer();
    for (const reason of ['repeat', 'feed-lost', 'feed-back', 'preview']) t.played({ reason, receivedAt: clock.perf - 300_000, sentAt: 0 }, clock.perf + 5);
    expect(recorded).toEqual([]);
    expect(m.sentToSound.get().count).toBe(0);
  });

  it('reads a few ms below zero as 0 (clock mapping), drops a sender clock that runs ahead', () => {
    const { m, clock, t } = timer();
    t.played({ reason: 'new', receivedAt: clock.perf, sentAt: clock.wall + 20 }, clock.perf + 5); // -15 ms → 0
    t.played({ reason: 'new', receivedAt: clock.perf, sentAt: clock.wall + 5_000 }, clock.perf + 5); // -4.995 s: skew
    t.played({ reason: 'new', receivedAt: clock.perf, sentAt: NaN }, clock.perf + 5);
    t.played({ reason: 'new', receivedAt: clock.perf, sentAt: 1 }, NaN);
    const h = m.sentToSound.get();
    expect(h.count).toBe(1);
    expect(h.sum).toBe(0);
  });
});
