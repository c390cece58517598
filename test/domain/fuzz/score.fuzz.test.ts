// The score YAML, 10,000 cases (FUZZ_RUNS): the presets mutated line by line and as
// documents, YAML of random values, and plain noise. parseScore never throws; every
// refusal names a field or line and says why.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { parseScore } from '../../../src/domain/score/parse';
import { RUNS, json, nearValid, prototypeIsClean, str } from './arbitraries';

const dir = join(import.meta.dirname, '../../../src/presets');
const PRESETS = ['ambient', 'classic', 'sonar'].map((p) => readFileSync(join(dir, `${p}.yaml`), 'utf8'));
// Small documents keep 10,000 cases quick (a preset takes ~1 ms to parse here).
const SMALL = [
  'name: t\nvolume: 0.5\nbudgets: { global: 8, critical: 4, warning: 3, info: 2 }\n',
  "name: t\nalerts:\n  routes:\n    - match: ['severity=\"critical\"', 'instance=~\"db-.*\"']\n      earcon: strike\n      repeat: until acknowledged every 1m\n",
  'name: t\nmetrics:\n  - id: cpu\n    source: { topic: cpu }\n    normalise: { baseline: 10m }\n',
];
const TEXTS = [...SMALL, ...SMALL, ...PRESETS];
const DOCS = TEXTS.map((t) => parse(t) as unknown);

/** A preset with one line deleted, duplicated, re-indented or with a value replaced. */
const lineMutation = fc
  .tuple(fc.nat({ max: TEXTS.length - 1 }), fc.nat(), fc.constantFrom('delete', 'duplicate', 'indent', 'value', 'tab'), str)
  .map(([p, n, op, v]) => {
    const lines = TEXTS[p]!.split('\n');
    const i = n % lines.length;
    const line = lines[i]!;
    if (op === 'delete') lines.splice(i, 1);
    else if (op === 'duplicate') lines.splice(i, 0, line);
    else if (op === 'indent') lines[i] = ` ${line}`;
    else if (op === 'tab') lines[i] = `\t${line}`;
    else lines[i] = line.includes(':') ? `${line.slice(0, line.indexOf(':') + 1)} ${JSON.stringify(v)}` : v;
    return lines.join('\n');
  });
const docMutation = nearValid(DOCS).map((d) => stringify(d));

const text = fc.oneof(
  { weight: 4, arbitrary: lineMutation },
  { weight: 4, arbitrary: docMutation },
  { weight: 1, arbitrary: json.map((v) => stringify(v)) },
  { weight: 1, arbitrary: fc.oneof(str, fc.constantFrom('&a [*a]', '!!js/function "x"', '<<: *x', '? [a]\n: b', 'a: !!binary x', '%YAML 9.9\n---', '---\n---\n', 'a: &x 1\nb: *y')) },
);

describe('fuzz: score YAML (parseScore)', () => {
  it('never throws; refusals say where and why', () => {
    let ok = 0;
    let refused = 0;
    fc.assert(
      fc.property(text, (t) => {
        const r = parseScore(t);
        if (r.ok) {
          ok++;
          expect(Array.isArray(r.score.routes)).toBe(true);
        } else {
          refused++;
          expect(r.errors.length).toBeGreaterThan(0);
          for (const e of r.errors) {
            expect(e.message.length).toBeGreaterThan(0);
            expect(Number.isInteger(e.line) && e.line >= 0).toBe(true);
          }
        }
      }),
      RUNS,
    );
    expect(ok).toBeGreaterThan(0);
    expect(refused).toBeGreaterThan(0);
    expect(prototypeIsClean()).toBe(true);
  });
});
