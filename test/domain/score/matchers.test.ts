// Alertmanager-style matchers: parsing, escaping, anchoring, and the laws that hold
// for any label set (= and != are complements, so are =~ and !~; missing is "").
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { matchesAll, matchesOne, parseMatcher } from '../../../src/domain/score/matchers';
import type { Matcher } from '../../../src/domain/score/matchers';

function m(text: string): Matcher {
  const r = parseMatcher(text);
  if (!r.ok) throw new Error(r.message);
  return r.matcher;
}

/** A value as it is written inside double quotes. */
const quote = (v: string) => v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');

const labelName = fc.stringMatching(/^[a-zA-Z_][a-zA-Z0-9_]{0,8}$/);
const value = fc.string({ maxLength: 12 });
/** Label sets over a few names, so a matcher's label is sometimes there and sometimes not. */
const labels = fc.dictionary(fc.constantFrom('severity', 'instance', 'job', 'x'), fc.string({ maxLength: 6 }), { maxKeys: 4 });
const someRegex = fc.oneof(
  fc.constantFrom('.*', '.+', 'db-[0-9]+', 'critical|page', 'a?', '(x|y)z*', ''),
  value.map(escapeRe),
);

describe('parseMatcher', () => {
  it('reads the four operators, with double, single or no quotes', () => {
    expect(m('severity="critical"')).toMatchObject({ label: 'severity', op: '=', value: 'critical' });
    expect(m("instance!='db-3'")).toMatchObject({ label: 'instance', op: '!=', value: 'db-3' });
    expect(m('  job =~ "node|db"  ')).toMatchObject({ label: 'job', op: '=~', value: 'node|db' });
    expect(m('env!~prod')).toMatchObject({ label: 'env', op: '!~', value: 'prod' });
    expect(m('team=')).toMatchObject({ op: '=', value: '' });
  });

  it('rejects what is not a matcher, naming it', () => {
    for (const bad of ['severity', 'severity~"x"', '1abc="x"', 'a="unterminated', 'a=="x"', 'a="x" b="y"', '']) {
      const r = parseMatcher(bad);
      expect(r.ok, bad).toBe(false);
      if (!r.ok) expect(r.message).toContain('not a matcher');
    }
  });

  it('rejects a bad regex with the reason', () => {
    const r = parseMatcher('instance=~"(db"');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(/bad regex/);
  });

  it('unescapes \\" \\\\ and \\n as Alertmanager does, and keeps any other backslash', () => {
    expect(m('summary="say \\"hi\\""').value).toBe('say "hi"');
    expect(m('path="C:\\\\temp"').value).toBe('C:\\temp');
    expect(m('msg="a\\nb"').value).toBe('a\nb');
    expect(m("name='it\\'s'").value).toBe("it's");
    // A regex escape survives, so \. means a literal dot.
    const dot = m('instance=~"db\\.prod"');
    expect(matchesOne(dot, { instance: 'db.prod' })).toBe(true);
    expect(matchesOne(dot, { instance: 'dbXprod' })).toBe(false);
    expect(matchesOne(m('severity=~"p\\d"'), { severity: 'p1' })).toBe(true);
  });

  it('any value survives quoting: quotes, backslashes, newlines (property)', () => {
    fc.assert(
      fc.property(labelName, fc.string({ maxLength: 20 }), (l, v) => {
        expect(m(`${l}="${quote(v)}"`)).toMatchObject({ label: l, op: '=', value: v });
      }),
    );
  });
});

describe('matchesOne', () => {
  it('regexes are anchored at both ends', () => {
    expect(matchesOne(m('instance=~"db"'), { instance: 'db' })).toBe(true);
    expect(matchesOne(m('instance=~"db"'), { instance: 'db-3' })).toBe(false);
    expect(matchesOne(m('instance=~"db"'), { instance: 'mydb' })).toBe(false);
    expect(matchesOne(m('severity=~"critical|page"'), { severity: 'page' })).toBe(true);
    expect(matchesOne(m('severity=~"critical|page"'), { severity: 'paged' })).toBe(false);
  });

  it('a missing label matches as "", even one named like an Object property', () => {
    expect(matchesOne(m('team=""'), {})).toBe(true);
    expect(matchesOne(m('team!=""'), {})).toBe(false);
    expect(matchesOne(m('team=~".*"'), {})).toBe(true);
    expect(matchesOne(m('team=~".+"'), {})).toBe(false);
    expect(matchesOne(m('constructor=""'), {})).toBe(true);
    expect(matchesOne(m('toString!~".+"'), {})).toBe(true);
  });

  it('matchesAll: every matcher must hold; none is always true', () => {
    const ms = [m('severity="critical"'), m('instance=~"db-.*"')];
    expect(matchesAll(ms, { severity: 'critical', instance: 'db-3' })).toBe(true);
    expect(matchesAll(ms, { severity: 'critical', instance: 'web-1' })).toBe(false);
    expect(matchesAll([], {})).toBe(true);
  });

  it('= and != are complements (property)', () => {
    fc.assert(
      fc.property(fc.constantFrom('severity', 'instance', 'job', 'x'), value, labels, (l, v, ls) => {
        expect(matchesOne(m(`${l}="${quote(v)}"`), ls)).toBe(!matchesOne(m(`${l}!="${quote(v)}"`), ls));
      }),
    );
  });

  it('=~ and !~ are complements (property)', () => {
    fc.assert(
      fc.property(fc.constantFrom('severity', 'instance', 'job', 'x'), someRegex, labels, (l, re, ls) => {
        expect(matchesOne(m(`${l}=~"${quote(re)}"`), ls)).toBe(!matchesOne(m(`${l}!~"${quote(re)}"`), ls));
      }),
    );
  });

  it('a missing label behaves exactly as the empty string (property)', () => {
    const opAndValue = fc.oneof(fc.tuple(fc.constantFrom('=', '!='), value), fc.tuple(fc.constantFrom('=~', '!~'), someRegex));
    fc.assert(
      fc.property(opAndValue, ([op, v]) => {
        const matcher = m(`x${op}"${quote(v)}"`);
        expect(matchesOne(matcher, {})).toBe(matchesOne(matcher, { x: '' }));
      }),
    );
  });

  it('an escaped literal regex matches exactly its text, nothing around it (property)', () => {
    fc.assert(
      fc.property(value, fc.string({ minLength: 1, maxLength: 4 }), (s, extra) => {
        const matcher = m(`x=~"${quote(escapeRe(s))}"`);
        expect(matchesOne(matcher, { x: s })).toBe(true);
        expect(matchesOne(matcher, { x: s + extra })).toBe(false);
        expect(matchesOne(matcher, { x: extra + s })).toBe(false);
      }),
    );
  });
});
