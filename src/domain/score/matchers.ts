// Alertmanager-style label matchers: name="v", name!="v", name=~"re", name!~"re".
// Regexes are anchored, as in Alertmanager.

export type MatchOp = '=' | '!=' | '=~' | '!~';

export interface Matcher {
  readonly label: string;
  readonly op: MatchOp;
  readonly value: string;
  readonly re?: RegExp;
}

const MATCHER = /^\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)\s*(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)'|([^\s"']*))\s*$/;

export type MatcherResult = { ok: true; matcher: Matcher } | { ok: false; message: string };

export function parseMatcher(text: string): MatcherResult {
  const m = MATCHER.exec(text);
  if (!m) return { ok: false, message: `"${text}" is not a matcher; write label="value", label!="value", label=~"regex" or label!~"regex"` };
  const [, label, op, dq, sq, bare] = m;
  const raw = dq ?? sq ?? bare ?? '';
  // As Alertmanager: \" \' \\ and \n are escapes; any other backslash is kept, so "db\.prod" stays a regex escape.
  const value = raw.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c === '"' || c === "'" || c === '\\' ? c : `\\${c}`));
  if (op === '=~' || op === '!~') {
    try {
      return { ok: true, matcher: { label: label!, op, value, re: new RegExp(`^(?:${value})$`) } };
    } catch (err) {
      return { ok: false, message: `"${text}": bad regex: ${(err as Error).message}` };
    }
  }
  return { ok: true, matcher: { label: label!, op: op as MatchOp, value } };
}

/** A missing label matches as the empty string, as in Alertmanager. */
export function matchesOne(m: Matcher, labels: Readonly<Record<string, string>>): boolean {
  const v = Object.prototype.hasOwnProperty.call(labels, m.label) ? (labels[m.label] ?? '') : '';
  switch (m.op) {
    case '=':
      return v === m.value;
    case '!=':
      return v !== m.value;
    case '=~':
      return m.re!.test(v);
    case '!~':
      return !m.re!.test(v);
  }
}

export function matchesAll(matchers: readonly Matcher[], labels: Readonly<Record<string, string>>): boolean {
  return matchers.every((m) => matchesOne(m, labels));
}
