// Every kind of bad score is reported at its line and field; the presets all parse.
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatScoreError, MAX_SCORE_BYTES, parseScore } from '../../../src/domain/score/parse';
import type { ScoreError } from '../../../src/domain/score/parse';

const METRIC = '  - id: cpu\n    source: { topic: metrics/cpu }\n';

/** The one error of a score that must not parse. */
function errorOf(text: string): ScoreError {
  const r = parseScore(text);
  if (r.ok) throw new Error('expected the score to be rejected');
  expect(r.errors).toHaveLength(1);
  return r.errors[0]!;
}

describe('parseScore errors name the line and the field', () => {
  it('YAML syntax error: the line where the parser gave up', () => {
    const e = errorOf('name: t\nvolume: 0.5\nbudgets: { global: 8, critical: 4\nmetrics: []\n');
    expect(e).toMatchObject({ line: 4, field: '' });
    expect(e.message).toMatch(/flow map/i);
    expect(errorOf('name: t\ndescription: "never closed\nvolume: 0.5\n')).toMatchObject({ line: 4, field: '' });
  });

  it('duplicate YAML key: the second one', () => {
    expect(errorOf('name: t\nvolume: 1\nname: u\n')).toMatchObject({ line: 3, field: '', message: expect.stringMatching(/unique/) });
  });

  it('unknown key, at top level and nested, at the key itself', () => {
    expect(errorOf('name: t\nvolum: 0.5\n')).toMatchObject({ line: 2, column: 1, field: 'volum', message: expect.stringMatching(/volum/) });
    const nested = 'name: t\nalerts:\n  routes:\n    - match: [\'a="b"\']\n      earcon: strike\n      colour: red\n';
    expect(errorOf(nested)).toMatchObject({ line: 6, column: 7, field: 'alerts.routes[0].colour' });
    // Its value on the next line, or none at all: still the key's line.
    expect(errorOf('name: t\ncolours:\n  - red\n')).toMatchObject({ line: 2, field: 'colours' });
    expect(errorOf('name: t\nbudgets: { global: 8, critical: 4, warning: 3, info: 2, page: }\n')).toMatchObject({ line: 2, field: 'budgets.page' });
  });

  it('wrong type', () => {
    expect(errorOf('name: t\nvolume: loud\n')).toMatchObject({ line: 2, field: 'volume', message: expect.stringMatching(/number/) });
    expect(errorOf('name: t\nbudgets: { global: 2.5, critical: 1, warning: 1, info: 1 }\n')).toMatchObject({ line: 2, field: 'budgets.global' });
  });

  it('bad matcher', () => {
    const e = errorOf('name: t\nalerts:\n  routes:\n    - match:\n        - \'severity~"x"\'\n');
    expect(e).toMatchObject({ line: 5, field: 'alerts.routes[0].match[0]', message: expect.stringMatching(/not a matcher/) });
  });

  it('bad regex', () => {
    const e = errorOf('name: t\nalerts:\n  routes:\n    - match: [\'a="b"\']\n    - match:\n        - \'instance=~"(db"\'\n');
    expect(e).toMatchObject({ line: 6, field: 'alerts.routes[1].match[0]', message: expect.stringMatching(/bad regex/) });
  });

  it('bad duration, including inside a union (baseline)', () => {
    expect(errorOf(`name: t\nmetrics:\n${METRIC}    smoothing: 5 parsecs\n`)).toMatchObject({ line: 5, field: 'metrics[0].smoothing', message: expect.stringMatching(/not a duration/) });
    expect(errorOf(`name: t\nmetrics:\n${METRIC}    normalise: { baseline: 10x }\n`)).toMatchObject({ line: 5, field: 'metrics[0].normalise.baseline', message: expect.stringMatching(/"10x" is not a duration/) });
  });

  it('bad repeat policy, and one that repeats too often', () => {
    expect(errorOf('name: t\nalerts:\n  default:\n    repeat: sometimes\n')).toMatchObject({ line: 4, field: 'alerts.default.repeat', message: expect.stringMatching(/repeat policy/) });
    expect(errorOf('name: t\nalerts:\n  default:\n    repeat: every 100ms while firing\n')).toMatchObject({ line: 4, field: 'alerts.default.repeat' });
  });

  it('unknown earcon: says which exist', () => {
    const e = errorOf('name: t\nalerts:\n  default:\n    earcon: kazoo\n');
    expect(e).toMatchObject({ line: 4, field: 'alerts.default.earcon' });
    expect(e.message).toMatch(/unknown earcon.*strike/);
    expect(errorOf('name: t\nfeeds: { lost: kazoo }\n')).toMatchObject({ line: 2, field: 'feeds.lost' });
  });

  it('duplicate metric id: at the second', () => {
    const e = errorOf(`name: t\nmetrics:\n${METRIC}  - id: cpu\n    source: { topic: metrics/cpu2 }\n`);
    expect(e).toMatchObject({ line: 5, field: 'metrics[1].id', message: expect.stringMatching(/duplicate metric id "cpu"/) });
  });

  it('metric topic not under metrics/', () => {
    expect(errorOf('name: t\nmetrics:\n  - id: cpu\n    source: { topic: alerts/cpu }\n')).toMatchObject({ line: 4, field: 'metrics[0].source.topic', message: expect.stringMatching(/metrics\/<name>/) });
  });

  it('normalise with max ≤ min', () => {
    for (const [min, max] of [[1, 1], [2, 1]]) {
      const e = errorOf(`name: t\nmetrics:\n${METRIC}    normalise: { min: ${min}, max: ${max} }\n`);
      expect(e).toMatchObject({ line: 5, field: 'metrics[0].normalise', message: 'max must be greater than min' });
    }
  });

  it('too large: refused before parsing', () => {
    const e = errorOf(`name: t\n# ${'x'.repeat(MAX_SCORE_BYTES)}\n`);
    expect(e).toMatchObject({ line: 0, field: '', message: expect.stringMatching(/limit/) });
    expect(formatScoreError(e)).toMatch(/^score: /);
  });

  it('not a mapping, or no name', () => {
    expect(errorOf('- a\n- b\n')).toMatchObject({ line: 1, field: '' });
    expect(errorOf('volume: 0.5\n')).toMatchObject({ line: 1, field: 'name' });
  });

  it('formats an error for people', () => {
    expect(formatScoreError({ line: 4, column: 13, field: 'alerts.default.repeat', message: 'no' })).toBe('line 4, alerts.default.repeat: no');
  });
});

describe('presets', () => {
  const dir = 'src/presets';
  const names = readdirSync(dir).filter((f) => f.endsWith('.yaml'));

  it('there are the three documented presets', () => {
    expect(names.sort()).toEqual(['ambient.yaml', 'classic.yaml', 'sonar.yaml']);
  });

  for (const f of names) {
    it(`${f} parses, with its metrics on metrics/ topics`, () => {
      const r = parseScore(readFileSync(`${dir}/${f}`, 'utf8'));
      if (!r.ok) throw new Error(r.errors.map(formatScoreError).join('\n'));
      expect(r.score.name).toBe(f.replace('.yaml', ''));
      for (const m of r.score.metrics) expect('topic' in m.source && m.source.topic.startsWith('metrics/')).toBe(true);
    });
  }

  it('classic compiles to the seed mapping', () => {
    const r = parseScore(readFileSync(`${dir}/classic.yaml`, 'utf8'));
    if (!r.ok) throw new Error('classic');
    expect(r.score.routes.map((x) => x.earcon)).toEqual(['classic-critical', 'classic-warning', 'classic-info']);
    const [cpu, memory] = r.score.metrics;
    expect(cpu?.pitch).toEqual({ kind: 'linear', base: 440, range: 440, follows: 'value' });
    expect(memory).toMatchObject({ timbre: 'pink-noise', loudness: { min: 0.1, max: 1, follows: 'value' } });
  });

  it('defaults fill in what a minimal score leaves out', () => {
    const r = parseScore('name: minimal\n');
    if (!r.ok) throw new Error('minimal');
    expect(r.score).toMatchObject({ volume: 0.8, budgets: { global: 8, critical: 4, warning: 3, info: 2 }, routes: [], feedLost: 'feed-lost', feedBack: 'feed-back', metrics: [] });
    expect(r.score.defaultRoute).toMatchObject({ name: 'default', earcon: 'auto', resolve: 'rise', repeat: { kind: 'once' }, pan: { label: 'instance' } });
  });
});
