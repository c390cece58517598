import { describe, expect, it } from 'vitest';
import { healthModel, histogramBars } from '../../src/ui/health/health-model';
import { defineSelfMetrics } from '../../src/telemetry/self-metrics';

describe('health model: what the Health view shows is what is pushed', () => {
  it('turns cumulative buckets back into one bar per bucket, in ms', () => {
    const m = defineSelfMetrics();
    for (const s of [0.004, 0.006, 0.006, 0.2, 5]) m.eventToSound.observe(undefined, s);
    const { bars, count, sum } = histogramBars(m.registry.collect().find((f) => f.name === 'singing_pager_event_to_sound_seconds'));
    expect(count).toBe(5);
    expect(sum).toBeCloseTo(5.216, 9);
    expect(bars.reduce((n, b) => n + b.count, 0)).toBe(5);
    expect(bars.find((b) => b.label === '≤5')?.count).toBe(1);
    expect(bars.find((b) => b.label === '≤7.5')?.count).toBe(2);
    expect(bars.find((b) => b.label === '≤250')?.count).toBe(1);
    expect(bars.at(-1)).toEqual({ label: '>1000', count: 1 });
  });

  it('collects events, rejections, sources, voices and audio from the families', () => {
    const m = defineSelfMetrics();
    m.events.set({ source: 'mqtt', kind: 'alert' }, 4);
    m.events.set({ source: 'mqtt', kind: 'metric' }, 9);
    m.rejected.set({ reason: 'not_json' }, 2);
    m.sourceUp.set({ source: 'mqtt' }, 1);
    m.sourceReconnects.inc({ source: 'mqtt' }, 3);
    m.voicesActive.set(undefined, 2);
    m.audioRunning.set(undefined, 1);
    m.eventToSound.observe(undefined, 0.01);
    const h = healthModel(m.registry.collect());
    expect(h.events).toEqual([{ source: 'mqtt', alert: 4, metric: 9 }]);
    expect(h.rejected).toEqual([{ reason: 'not_json', count: 2 }]);
    expect(h.sources).toEqual([{ source: 'mqtt', up: true, reconnects: 3 }]);
    expect(h).toMatchObject({ voicesActive: 2, voicesDropped: 0, audioRunning: true, latencyCount: 1, sentCount: 0 });
    expect(h.latencyMeanMs).toBeCloseTo(10, 9);
    expect(h.sentMeanMs).toBeUndefined();
    expect(h.version).toMatch(/^\d+\.\d+\.\d+/);
  });
});
