// Presets compiled at build time (scripts/precompiled-scores.ts) are exactly what the
// parser makes of their text, and the loader uses them without loading the parser.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as ambient from '../../../src/presets/ambient.yaml?score';
import * as classic from '../../../src/presets/classic.yaml?score';
import * as sonar from '../../../src/presets/sonar.yaml?score';
import deployed from 'virtual:deployed-score';
import { parseScore } from '../../../src/domain/score/parse';
import { compiledScoreModule, scoreLiteral } from '../../../scripts/precompiled-scores.mjs';
import { PRESETS, applyScoreText, defaultScore, onScoreChange } from '../../../src/app/score-loader';
import { scoreStore } from '../../../src/store/score';

const parsed = (text: string) => {
  const r = parseScore(text);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.score;
};

describe('scores compiled at build time', () => {
  it.each([
    ['ambient', ambient],
    ['classic', classic],
    ['sonar', sonar],
  ])('%s: the text as written, and the very score parseScore makes of it', (name, m) => {
    expect(m.text).toBe(readFileSync(`src/presets/${name}.yaml`, 'utf8'));
    expect(m.score()).toStrictEqual(parsed(m.text));
    expect(m.score()).not.toBe(m.score()); // fresh objects each time, as a parse gives
  });

  it('public/score.yaml is compiled as well', () => {
    expect(deployed).not.toBeNull();
    expect(deployed!.text).toBe(readFileSync('public/score.yaml', 'utf8'));
    expect(deployed!.score()).toStrictEqual(parsed(deployed!.text));
  });

  it('keeps regex matchers as regexes, whatever their characters', async () => {
    const text = 'name: r\nalerts:\n  routes:\n    - match: [\'job=~"a/b|c\\\\.d"\', \'x!~"\\\\n/$"\']\n';
    const score = parsed(text);
    const code = await compiledScoreModule(text, 'test.yaml');
    const fn = new Function(`${code.replace(/^export /gm, '')}; return score();`) as () => unknown;
    expect(fn()).toStrictEqual(score);
    expect(scoreLiteral(/a\/b/)).toBe('/a\\/b/');
  });

  it('refuses to compile a bad score, naming its line and field', async () => {
    await expect(compiledScoreModule('name: x\nvolume: 3\n', 'bad.yaml')).rejects.toThrow(/bad\.yaml: line 2, volume:/);
  });

  it('refuses values that have no literal', () => {
    expect(() => scoreLiteral({ a: new Map() })).toThrow(/Map/);
    expect(() => scoreLiteral(Number.NaN)).toThrow();
  });
});

describe('score loader', () => {
  it('serves the presets and the default from the compiled scores', () => {
    expect(PRESETS.classic).toBe(classic.text);
    expect(defaultScore()).toStrictEqual({ score: parsed(ambient.text), text: ambient.text });
  });

  it('parses any other text (loading the parser), and refuses a bad one with its errors', async () => {
    const heard: string[] = [];
    const stop = onScoreChange((s) => heard.push(s.name));
    await expect(applyScoreText('name: typed\n', 'custom')).resolves.toBe(true);
    expect(scoreStore.getState().active).toStrictEqual(parsed('name: typed\n'));
    await expect(applyScoreText('name: typed\nvolume: 3\n', 'custom')).resolves.toBe(false);
    expect(scoreStore.getState().errors[0]).toMatchObject({ line: 2, field: 'volume' });
    expect(scoreStore.getState().active?.name).toBe('typed');
    await expect(applyScoreText(sonar.text, 'file')).resolves.toBe(true);
    expect(heard).toEqual(['typed', parsed(sonar.text).name]);
    stop();
  });
});
