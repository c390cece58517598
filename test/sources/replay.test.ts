// The replay source on a fake clock: the same scenario and speed give the same
// events (snapshotted: the events, not the audio), time compression is exact, and
// pause, speed changes and seeks land where they should.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../src/domain/scenario';
import type { Scenario } from '../../src/domain/scenario';
import { createReplayPlayer } from '../../src/sources/replay';
import type { ReplayBatch, ReplayStatus } from '../../src/sources/replay';
import { createFakeClock } from '../helpers/fake-clock';

function load(id: string): Scenario {
  const r = parseScenario(JSON.parse(readFileSync(`public/scenarios/${id}.json`, 'utf8')));
  if (!r.ok) throw new Error(r.error);
  return r.scenario;
}

interface Emitted {
  wall: number;
  batch: ReplayBatch;
}

function run(s: Scenario, speed: number, drive: (p: ReturnType<typeof createReplayPlayer>, clock: ReturnType<typeof createFakeClock>) => void = (p, c) => (p.play(), c.advance((s.durationSeconds * 1000) / speed + 1))) {
  const clock = createFakeClock(1_000_000);
  const emitted: Emitted[] = [];
  const statuses: ReplayStatus[] = [];
  const seeks: { atMs: number; before: number }[] = [];
  const p = createReplayPlayer({
    scenario: s,
    speed,
    timers: clock,
    clock: clock.now,
    onBatch: (batch) => emitted.push({ wall: clock.now() - 1_000_000, batch }),
    onSeek: (atMs, before) => seeks.push({ atMs, before: before.length }),
    onStatus: (st) => statuses.push(st),
  });
  drive(p, clock);
  return { emitted, statuses, seeks, p, clock };
}

/** One line per event: what the pipeline is handed, in order. */
function lines(emitted: readonly Emitted[]): string[] {
  return emitted.flatMap(({ batch }) => batch.events.map((e) => (e.kind === 'alert' ? `${batch.atMs} alert ${e.name} ${e.severity} ${e.state} ${e.id}` : `${batch.atMs} metric ${e.name} ${e.value}`)));
}

describe('replay determinism', () => {
  const s = load('db-disk-filling');

  it('the same scenario and speed give the same event sequence (snapshot)', () => {
    const a = lines(run(s, 20).emitted);
    const b = lines(run(s, 20).emitted);
    expect(a).toEqual(b);
    expect(a).toHaveLength(s.events.length);
    const alerts = a.filter((l) => l.includes(' alert '));
    expect({ alerts, events: a.length, sha256: createHash('sha256').update(a.join('\n')).digest('hex') }).toMatchSnapshot();
  });

  it('the sequence does not depend on the speed; only the times do', () => {
    expect(lines(run(s, 1).emitted)).toEqual(lines(run(s, 60).emitted));
  });

  it.each([1, 7, 20, 60])('time compression is exact at %i×: each batch leaves at its scenario time / speed', (speed) => {
    const { emitted, statuses, p } = run(s, speed);
    for (const { wall, batch } of emitted) expect(Math.abs(wall - batch.atMs / speed)).toBeLessThan(1e-6);
    expect(statuses).toEqual(['playing', 'ended']);
    expect(p.position()).toBe(900_000);
  });

  it('stamps receivedAt with the clock at emission', () => {
    const { emitted } = run(s, 10);
    for (const { wall, batch } of emitted) for (const e of batch.events) expect(e.receivedAt - 1_000_000).toBeCloseTo(wall, 6);
  });
});

describe('transport', () => {
  const s = load('cpu-storm-fleet');

  it('pause holds the position and emits nothing; play resumes exactly', () => {
    const { emitted, statuses, p } = run(s, 10, (p, c) => {
      p.play();
      c.advance(10_000); // 100 s of scenario
      p.pause();
      expect(p.position()).toBe(100_000);
      c.advance(60_000);
      expect(p.position()).toBe(100_000);
      p.play();
      c.advance(1_000); // to 110 s
    });
    expect(statuses).toEqual(['playing', 'paused', 'playing']);
    expect(Math.max(...emitted.map((e) => e.batch.atMs))).toBe(110_000);
    expect(p.position()).toBe(110_000);
    // Nothing at all while paused.
    expect(emitted.filter((e) => e.wall > 10_000 && e.wall < 70_000)).toEqual([]);
  });

  it('changing speed mid-way keeps the position and compresses the rest by the new speed', () => {
    const { emitted } = run(s, 2, (p, c) => {
      p.play();
      c.advance(50_000); // 100 s at 2×
      p.setSpeed(50);
      c.advance(10_000); // +500 s at 50× → the end (600 s)
    });
    const after = emitted.filter((e) => e.batch.atMs > 100_000);
    for (const { wall, batch } of after) expect(wall).toBeCloseTo(50_000 + (batch.atMs - 100_000) / 50, 6);
    expect(emitted.at(-1)!.batch.atMs).toBe(600_000);
  });

  it('clamps speed to 1×–60×', () => {
    const { p } = run(s, 500, () => {});
    expect(p.speed()).toBe(60);
    p.setSpeed(0);
    expect(p.speed()).toBe(1);
  });

  it('seek lands just before the target: earlier batches handed over for the state, later ones played from there', () => {
    const { emitted, seeks, p } = run(s, 20, (p, c) => {
      p.play();
      c.advance(1000); // 20 s
      p.seek(300_000); // the rollback starts at exactly 300 s
      c.advance(0);
    });
    expect(seeks).toEqual([{ atMs: 300_000, before: 60 }]); // batches at 0, 5, …, 295 s
    const after = emitted.filter((e) => e.batch.atMs >= 300_000);
    // The batch at exactly the target plays at once, on resuming from there.
    expect(after[0]!.batch.atMs).toBe(300_000);
    expect(after[0]!.batch.events.some((e) => e.kind === 'alert' && e.name === 'RollbackStarted')).toBe(true);
    expect(p.position()).toBe(300_000);
  });

  it('seeking back replays from there; play after the end starts again', () => {
    const { emitted, statuses, p, clock } = run(s, 60);
    expect(p.status()).toBe('ended');
    const n = emitted.length;
    p.play();
    clock.advance(10_000);
    expect(statuses.slice(-3)).toEqual(['paused', 'playing', 'ended']);
    expect(lines(emitted.slice(n))).toEqual(lines(emitted.slice(0, n)));
  });

  it('dispose stops the clock for good', () => {
    const { emitted, p, clock } = run(s, 10, (p, c) => {
      p.play();
      c.advance(1000);
      p.dispose();
    });
    const n = emitted.length;
    clock.advance(100_000);
    expect(emitted.length).toBe(n);
    expect(clock.pending()).toBe(0);
    expect(p.position()).toBe(10_000);
  });
});
