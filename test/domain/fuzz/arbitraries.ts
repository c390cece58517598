// Shared generators for the fuzz tests: cheap random input, plus "almost valid" input
// made by mutating a valid document one step, so the decoders' deep paths get hit.
import fc from 'fast-check';
import { vi } from 'vitest';

/** Cases per parser: 10,000 in `npm test`; `npm run fuzz` sets FUZZ_RUNS (e.g. 200000). */
export const FUZZ_RUNS = Math.max(1, Number(process.env.FUZZ_RUNS) || 10_000);
export const RUNS = { numRuns: FUZZ_RUNS };
// A long fuzz run must not hit the default test timeout; seconds per 10,000 cases, generously.
vi.setConfig({ testTimeout: Math.max(60_000, (FUZZ_RUNS / 10_000) * 60_000) });

export const HOSTILE_KEYS = ['__proto__', 'constructor', 'prototype'] as const;

const weird = fc.constantFrom(
  '', ' ', 'null', 'NaN', 'Infinity', '-0', '1e999', '\u0000', '\u202e', '\ud800', '<script>alert(1)</script>', '"', '\\', '%', '%zz',
  '{', '[', '{"a":', '</', '${x}', '..', '../..', 'javascript:alert(1)', 'ws://', 'http://', '*', '&&', '\n\t', 'x'.repeat(300),
);
/** Short strings, with the usual suspects mixed in. */
export const str = fc.oneof({ weight: 3, arbitrary: fc.string({ maxLength: 16 }) }, { weight: 1, arbitrary: weird }, { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 8 }) });
export const num = fc.oneof(fc.integer(), fc.double(), fc.constantFrom(0, -1, 1e308, -1e308, Number.MAX_SAFE_INTEGER, 1e11, 1.7e12));
export const json = fc.jsonValue({ maxDepth: 3 });
export const anyValue = fc.oneof(json, str, num, fc.constantFrom(null, true, false, [], {}));

type Json = unknown;

/** Paths to every node of a JSON value. */
function paths(v: Json, at: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  out.push(at);
  if (Array.isArray(v)) v.forEach((x, i) => paths(x, [...at, i], out));
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) paths(x, [...at, k], out);
  return out;
}

export type Mutation = 'replace' | 'delete' | 'hostile' | 'add' | 'duplicate';

/** One mutation of a deep copy of `valid`: replace/delete a node, add a key, or add a hostile key. */
export function mutate(valid: Json, pick: number, op: Mutation, value: Json, key: string): Json {
  const doc: Json = structuredClone(valid);
  const all = paths(doc);
  const path = all[pick % all.length]!;
  if (path.length === 0) return op === 'replace' ? value : doc;
  const parent = path.slice(0, -1).reduce<any>((o, k) => o[k], doc);
  const last = path.at(-1)!;
  const target = parent[last];
  switch (op) {
    case 'replace':
      parent[last] = value;
      break;
    case 'delete':
      if (Array.isArray(parent)) parent.splice(Number(last), 1);
      else delete parent[last];
      break;
    case 'add':
      if (target && typeof target === 'object' && !Array.isArray(target)) target[key] = value;
      else if (Array.isArray(target)) target.push(value);
      break;
    case 'duplicate':
      if (Array.isArray(target) && target.length) for (let i = 0; i < 3; i++) target.push(structuredClone(target[0]));
      break;
    case 'hostile':
      // Set as an own property, as JSON.parse would make it.
      if (target && typeof target === 'object' && !Array.isArray(target)) Object.defineProperty(target, HOSTILE_KEYS[pick % 3]!, { value, enumerable: true, configurable: true, writable: true });
      break;
  }
  return doc;
}

/** Near-valid variants of any of `valids`. */
export function nearValid(valids: readonly Json[]): fc.Arbitrary<Json> {
  return fc
    .tuple(fc.nat({ max: valids.length - 1 }), fc.nat(), fc.constantFrom<Mutation>('replace', 'replace', 'delete', 'hostile', 'add', 'duplicate'), anyValue, str)
    .map(([i, pick, op, value, key]) => mutate(valids[i], pick, op, value, key));
}

/** JSON text of v, or a truncated / corrupted rendering of it. */
export function asText(v: fc.Arbitrary<Json>): fc.Arbitrary<string> {
  return fc.tuple(v, fc.nat(), fc.constantFrom('whole', 'whole', 'whole', 'truncate', 'flip')).map(([x, n, how]) => {
    const t = JSON.stringify(x) ?? 'undefined';
    if (how === 'truncate') return t.slice(0, n % (t.length + 1));
    if (how === 'flip') {
      const i = n % Math.max(1, t.length);
      return t.slice(0, i) + '"{[}],:\\'[n % 8] + t.slice(i + 1);
    }
    return t;
  });
}

/** Object.prototype is what a pollution would change. */
export function prototypeIsClean(): boolean {
  const probe = {} as Record<string, unknown>;
  return Object.keys(Object.prototype).length === 0 && probe.polluted === undefined && probe.isAdmin === undefined;
}
