// PromQL voices (src/app/promql-voices.ts): fan-out per series within the budget,
// stable voice ids, and voices that fade when their series go away.
import { describe, expect, it } from 'vitest';
import { PromVoices, selectorOf } from '../../src/app/promql-voices';
import type { MetricVoiceSpec, Score } from '../../src/domain/score/types';
import type { QueryResult } from '../../src/sources/prometheus';

const spec = (id: string, source: MetricVoiceSpec['source']): MetricVoiceSpec => ({
  id, source, normalise: { kind: 'fixed', min: 0, max: 1 }, timbre: 'sine',
  pitch: { kind: 'scale', scale: 'pentatonic', base: 220, octaves: 2, follows: 'value' },
  loudness: { min: 0.1, max: 0.1, follows: 'value' }, smoothingSeconds: 0.1, pan: 0,
});
const score = (metrics: MetricVoiceSpec[]) => ({ metrics }) as unknown as Score;

function fakeEngine(max = 16) {
  const voices = new Set<string>();
  const set: string[] = [];
  const removed: string[] = [];
  return {
    voices, set, removed,
    engine: {
      addMetricVoice: (s: MetricVoiceSpec) => {
        if (voices.has(s.id)) return true;
        if (voices.size >= max) return false;
        voices.add(s.id);
        return true;
      },
      removeMetricVoice: (id: string) => {
        voices.delete(id);
        removed.push(id);
      },
      setMetric: (id: string) => set.push(id),
    },
  };
}

const ok = (...series: [Record<string, string>, number][]): QueryResult => ({ ok: true, series: series.map(([labels, value]) => ({ labels, value })) });

describe('PromVoices', () => {
  it('one series sounds on the score\'s own voice id; several fan out by what tells them apart', () => {
    const f = fakeEngine();
    const v = new PromVoices({ engine: () => f.engine, maxVoices: 16 });
    v.setScore(score([spec('load', { promql: 'node_load1' })]));
    expect(v.queries()).toEqual(['node_load1']);
    const one = v.update(new Map([['node_load1', ok([{ job: 'n', instance: 'a' }, 0.5])]]), 1, 1000);
    expect(one.metrics.map((m) => m.name)).toEqual(['load']);
    expect(one.status.get('load')).toEqual({ query: 'node_load1', series: 1, voiced: 1 });
    const two = v.update(new Map([['node_load1', ok([{ job: 'n', instance: 'b' }, 0.2], [{ job: 'n', instance: 'a' }, 0.5])]]), 2, 2000);
    expect(two.metrics.map((m) => m.name)).toEqual(['load{instance="a"}', 'load{instance="b"}']);
    expect(f.removed).toEqual(['load']); // the single voice gave way to the fan-out
    expect(two.removed).toEqual(['load']); // and leaves the list
    expect([...f.voices].sort()).toEqual(['load{instance="a"}', 'load{instance="b"}']);
    // A series that goes away fades out; an unanswered query keeps its voices.
    v.update(new Map([['node_load1', ok([{ job: 'n', instance: 'a' }, 0.5])]]), 3, 3000);
    expect([...f.voices].sort()).toEqual(['load']);
    v.update(new Map(), 4, 4000);
    expect([...f.voices]).toEqual(['load']);
  });

  it('fans out within the voice budget: topic voices first, then each PromQL voice, then the spare', () => {
    const f = fakeEngine();
    const v = new PromVoices({ engine: () => f.engine, maxVoices: 5 });
    v.setScore(score([spec('cpu', { topic: 'metrics/cpu' }), spec('a', { promql: 'qa' }), spec('b', { promql: 'qb' })]));
    const many = (n: number) => ok(...Array.from({ length: n }, (_, i) => [{ instance: `i${i}` }, i / n] as [Record<string, string>, number]));
    const u = v.update(new Map([['qa', many(6)], ['qb', many(3)]]), 1, 1);
    // 5 voices: cpu + a + b leave 2 spare, all taken by the first query's fan-out.
    expect(u.status.get('a')).toEqual({ query: 'qa', series: 6, voiced: 3 });
    expect(u.status.get('b')).toEqual({ query: 'qb', series: 3, voiced: 1 });
  });

  it('reports a query\'s error and sounds nothing for it', () => {
    const f = fakeEngine();
    const v = new PromVoices({ engine: () => f.engine, maxVoices: 16 });
    v.setScore(score([spec('x', { promql: 'bad(' })]));
    const u = v.update(new Map([['bad(', { ok: false, error: 'HTTP 400: parse error' }]]), 1, 1);
    expect(u.metrics).toEqual([]);
    expect(u.status.get('x')).toMatchObject({ error: 'HTTP 400: parse error' });
  });

  it('selectors read like PromQL', () => {
    expect(selectorOf({ zone: 'b', instance: 'db-3' })).toBe('{instance="db-3",zone="b"}');
  });
});
