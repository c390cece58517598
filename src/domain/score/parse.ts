// YAML text → compiled score, or errors that name the line and the field.
// A bad score never replaces a good one: callers keep the last good score.
import { LineCounter, isMap, isNode, isScalar, parseDocument } from 'yaml';
import type { Document } from 'yaml';
import type { z } from 'zod';
import { scoreSchema } from './schema';
import type { ScoreError } from './score-error';
import type { Score } from './types';

export { formatScoreError, type ScoreError } from './score-error';

export type ScoreResult = { readonly ok: true; readonly score: Score } | { readonly ok: false; readonly errors: readonly ScoreError[] };

export const MAX_SCORE_BYTES = 256 * 1024;

export function fieldPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((acc, k) => (typeof k === 'number' ? `${acc}[${k}]` : acc ? `${acc}.${String(k)}` : String(k)), '');
}

/** The line of the deepest node that exists along `path`. */
function locate(doc: Document, lc: LineCounter, path: readonly PropertyKey[], atKey = false): { line: number; column: number } {
  if (atKey) {
    // The key's own line: its value may sit on the next one, or be absent.
    const parent = doc.getIn(path.slice(0, -1) as (string | number)[], true);
    const pair = isMap(parent) ? parent.items.find((p) => isScalar(p.key) && p.key.value === path.at(-1)) : undefined;
    if (pair && isNode(pair.key) && pair.key.range) {
      const pos = lc.linePos(pair.key.range[0]);
      return { line: pos.line, column: pos.col };
    }
  }
  for (let depth = path.length; depth >= 0; depth--) {
    const node = doc.getIn(path.slice(0, depth) as (string | number)[], true);
    if (isNode(node) && node.range) {
      const pos = lc.linePos(node.range[0]);
      return { line: pos.line, column: pos.col };
    }
  }
  return { line: 0, column: 0 };
}

/** A union reports every branch's issues; the branch that came closest says what is wrong. */
function closestIssue(issue: z.core.$ZodIssue): z.core.$ZodIssue {
  if (issue.code !== 'invalid_union' || issue.errors.length === 0) return issue;
  const rank = (b: z.core.$ZodIssue[]) => b.length * 2 - (b.some((i) => i.code === 'custom') ? 1 : 0);
  const best = issue.errors.filter((b) => b.length > 0).sort((a, b) => rank(a) - rank(b))[0];
  return best ? closestIssue({ ...best[0]!, path: [...issue.path, ...best[0]!.path] }) : issue;
}

export function parseScore(text: string): ScoreResult {
  if (text.length > MAX_SCORE_BYTES) {
    return { ok: false, errors: [{ line: 0, column: 0, field: '', message: `the score is ${text.length} characters; the limit is ${MAX_SCORE_BYTES}` }] };
  }
  const lc = new LineCounter();
  let doc: Document;
  try {
    // logLevel 'error': a hostile score must not flood the console with the library's warnings.
    doc = parseDocument(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: true, logLevel: 'error' });
  } catch (err) {
    return { ok: false, errors: [{ line: 0, column: 0, field: '', message: `not YAML: ${(err as Error).message}` }] };
  }
  if (doc.errors.length > 0) {
    return {
      ok: false,
      errors: doc.errors.map((e) => {
        // linePos is only filled in with prettyErrors; the line counter knows either way.
        const pos = e.linePos?.[0] ?? lc.linePos(e.pos[0]);
        return { line: pos?.line ?? 0, column: pos?.col ?? 0, field: '', message: e.message.split('\n')[0] ?? 'YAML error' };
      }),
    };
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 50 });
  } catch (err) {
    return { ok: false, errors: [{ line: 0, column: 0, field: '', message: `not YAML: ${(err as Error).message}` }] };
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    return { ok: false, errors: [{ line: 1, column: 1, field: '', message: 'a score is a YAML mapping with at least a name' }] };
  }
  const parsed = scoreSchema.safeParse(data);
  if (parsed.success) return { ok: true, score: parsed.data };
  return {
    ok: false,
    errors: parsed.error.issues.slice(0, 50).map((raw) => {
      const issue = closestIssue(raw);
      // An unknown key is best shown at the key itself.
      const keys = issue.code === 'unrecognized_keys' ? issue.keys : [];
      const path = keys.length ? [...issue.path, keys[0]!] : issue.path;
      return { ...locate(doc, lc, path, keys.length > 0), field: fieldPath(path), message: issue.message };
    }),
  };
}
