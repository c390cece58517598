import { describe, expect, it } from 'vitest';
import type { AlertEvent, MetricEvent, TelemetryEvent } from '../../src/domain/events';
import type { ConnectionReport } from '../../src/sources/connection';
import { INCIDENT, startDemoSource } from '../../src/sources/demo';
import { createFakeClock } from '../helpers/fake-clock';

/** mulberry32: a small seeded PRNG, so runs are reproducible. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const RANGES: Record<string, [number, number]> = {
  cpu: [0, 1],
  memory: [0, 1],
  latency: [0.01, 2],
  disk: [0, 1],
  queue: [0, 500],
};

function run(seed: number, ticks: number, tickMs = 250, incidentEvery?: number) {
  const clock = createFakeClock(0);
  const batches: { t: number; events: TelemetryEvent[] }[] = [];
  const states: ConnectionReport[] = [];
  const source = startDemoSource({
    onEvents: (events) => batches.push({ t: clock.now(), events }),
    onState: (r) => states.push(r),
    timers: clock,
    rng: seeded(seed),
    clock: () => clock.now(),
    tickMs,
    ...(incidentEvery !== undefined && { incidentEvery }),
  });
  clock.advance(ticks * tickMs);
  return { batches, states, source, clock };
}
const alertsIn = (batches: { t: number; events: TelemetryEvent[] }[]) =>
  batches.flatMap((b) => b.events.filter((e): e is AlertEvent => e.kind === 'alert').map((e) => ({ t: b.t, e })));

describe('startDemoSource', () => {
  it('reports live at once and emits nothing before the first tick', () => {
    const clock = createFakeClock(0);
    const states: ConnectionReport[] = [];
    const got: TelemetryEvent[][] = [];
    startDemoSource({ onEvents: (e) => got.push(e), onState: (s) => states.push(s), timers: clock, rng: seeded(1), clock: clock.now });
    expect(states).toEqual([{ status: 'live', attempt: 0 }]);
    expect(got).toEqual([]);
    clock.advance(249);
    expect(got).toEqual([]);
    clock.advance(1);
    expect(got).toHaveLength(1);
  });

  it('emits a metric event for every voice each tick', () => {
    const { batches } = run(7, 40);
    expect(batches).toHaveLength(40);
    batches.forEach((b, i) => {
      expect(b.t).toBe((i + 1) * 250);
      const metrics = b.events.filter((e): e is MetricEvent => e.kind === 'metric');
      expect(metrics.map((m) => m.name)).toEqual(Object.keys(RANGES));
      for (const m of metrics) expect(m).toMatchObject({ source: 'demo', receivedAt: b.t });
    });
  });

  it('values stay within range over 10,000 ticks, and actually move', () => {
    const { batches } = run(12345, 10_000);
    expect(batches).toHaveLength(10_000);
    const seen = new Map<string, Set<number>>();
    for (const b of batches) {
      for (const e of b.events) {
        if (e.kind !== 'metric') continue;
        const [min, max] = RANGES[e.name]!;
        expect(Number.isFinite(e.value)).toBe(true);
        if (e.value < min || e.value > max) throw new Error(`${e.name}=${e.value} outside [${min}, ${max}]`);
        (seen.get(e.name) ?? seen.set(e.name, new Set()).get(e.name)!).add(e.value);
      }
    }
    for (const name of Object.keys(RANGES)) expect(seen.get(name)!.size).toBeGreaterThan(20);
  });

  it('the scripted incident fires DiskFilling and DiskFull on db-3 and resolves them, in order', () => {
    const { batches } = run(99, 45 * 4);
    const incident = alertsIn(batches).filter(({ e }) => e.labels.instance === 'db-3');
    const script = INCIDENT.filter((s) => s.alert).map((s) => ({ t: s.at * 1000, name: s.alert!.name, state: s.alert!.state }));
    expect(incident.map(({ t, e }) => ({ t, name: e.name, state: e.state }))).toEqual(script);
    expect(script.map((s) => `${s.name}:${s.state}`)).toEqual(['DiskFilling:firing', 'DiskFull:firing', 'DiskFull:resolved', 'DiskFilling:resolved']);
    const [filling, full, fullResolved, fillingResolved] = incident.map(({ e }) => e);
    expect(full!.severity).toBe('critical');
    expect(filling!.severity).toBe('warning');
    expect(fullResolved!.id).toBe(full!.id);
    expect(fillingResolved!.id).toBe(filling!.id);
    expect(full!.id).not.toBe(filling!.id);
  });

  it('the disk metric follows the incident', () => {
    const { batches } = run(5, 45 * 4);
    const diskAt = (s: number) => (batches[s * 4 - 1]!.events.find((e) => e.kind === 'metric' && e.name === 'disk') as MetricEvent).value;
    expect(diskAt(20)).toBeGreaterThan(0.9);
    expect(diskAt(38)).toBeLessThan(diskAt(20));
  });

  it('the incident comes back every incidentEvery seconds', () => {
    const { batches } = run(3, 4 * 60 * 3, 250, 60);
    const fulls = alertsIn(batches).filter(({ e }) => e.name === 'DiskFull' && e.state === 'firing');
    expect(fulls.map(({ t }) => t)).toEqual([16_000, 76_000, 136_000]);
  });

  it('background alerts alternate firing and resolved per alert', () => {
    const { batches } = run(2024, 10_000);
    const bg = alertsIn(batches).filter(({ e }) => e.labels.instance !== 'db-3');
    expect(bg.length).toBeGreaterThan(10);
    const last = new Map<string, string>();
    for (const { e } of bg) {
      expect(e.state).toBe(last.get(e.name) === 'firing' ? 'resolved' : 'firing');
      last.set(e.name, e.state);
    }
  });

  it('is deterministic for the same seed and differs for another', () => {
    const a = run(42, 2000).batches;
    const b = run(42, 2000).batches;
    const c = run(43, 2000).batches;
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    expect(JSON.stringify(c)).not.toBe(JSON.stringify(a));
  });

  it('stop() stops the ticks', () => {
    const { batches, source, clock } = run(1, 10);
    source.stop();
    clock.advance(10_000);
    expect(batches).toHaveLength(10);
    expect(clock.pending()).toBe(0);
  });

  it('stop() from inside onEvents stops the ticks too', () => {
    const clock = createFakeClock(0);
    let n = 0;
    const source = startDemoSource({
      onEvents: () => {
        if (++n === 3) source.stop();
      },
      onState: () => {},
      timers: clock,
      rng: seeded(1),
      clock: clock.now,
    });
    clock.advance(10_000);
    expect(n).toBe(3);
    expect(clock.pending()).toBe(0);
  });
});
