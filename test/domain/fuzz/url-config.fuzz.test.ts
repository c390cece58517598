// URL parameters, 10,000 cases (FUZZ_RUNS): random query strings over the keys the
// console knows (and others), with URL-ish, numeric and hostile values, percent-
// encoded or not. decodeQuery + resolveConfig + decodePlayback + decodeView never
// throw; every refused value is an error that names its key and says why.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { URL_KEYS, resolveConfig, validateUrl } from '../../../src/domain/config';
import { decodePlayback, decodeQuery, decodeView, encodeQuery } from '../../../src/domain/url-state';
import { RUNS, prototypeIsClean, str } from './arbitraries';

const KEYS = [...URL_KEYS, 'source', 'kiosk', 'pushInterval', 'pollInterval', 'view', 'instance', 'score', 'preset', 'volume', 'replay', 'speed', 'staleReload', '__proto__', 'constructor', 'x'];
const value = fc.oneof(
  str,
  fc.constantFrom('ws://127.0.0.1:9001', 'wss://u:p@b.example/mqtt', 'http://prom:9090/', '/prometheus', '//evil.example', '/a?b', 'javascript:alert(1)', 'file:///etc/passwd', 'demo', 'live', '1', 'true', '0', 'health', 'training', 'NaN', '-1', '1e9', '0.5', 'db-disk-filling'),
  fc.double().map(String),
  fc.webUrl(),
);
/** Percent-encoded properly, not at all, or half-way (stray and partial escapes). */
function encode(s: string, how: number): string {
  if (how === 1) return s;
  if (how === 2) return s.replace(/./gu, (c) => (c.charCodeAt(0) % 3 ? c : `%${c.charCodeAt(0).toString(16)}`));
  try {
    return encodeURIComponent(s);
  } catch {
    return s; // a lone surrogate cannot be encoded: send it raw
  }
}
const search = fc
  .array(fc.tuple(fc.constantFrom(...KEYS), value, fc.nat({ max: 2 })), { maxLength: 8 })
  .map((pairs) => `?${pairs.map(([k, v, how]) => `${k}=${encode(v, how)}`).join('&')}`);
const query = fc.oneof({ weight: 5, arbitrary: search }, { weight: 1, arbitrary: str.map((s) => `?${s}`) });

describe('fuzz: URL parameters (decodeQuery + resolveConfig)', () => {
  it('never throws; accepted URLs are valid, refused ones are named errors', () => {
    let errors = 0;
    fc.assert(
      fc.property(query, (q) => {
        const raw = decodeQuery(q);
        const { config, errors: errs } = resolveConfig({}, raw, {});
        for (const k of URL_KEYS) {
          const v = config[k];
          if (v !== undefined) expect(validateUrl(k, v)).toEqual({ ok: true, value: v });
        }
        expect(['live', 'demo']).toContain(config.source);
        for (const e of errs) {
          expect(e.key.length).toBeGreaterThan(0);
          expect(e.message.length).toBeGreaterThan(0);
        }
        errors += errs.length;
        const p = decodePlayback(q);
        for (const m of p.errors) expect(m).toMatch(/^(volume|speed|staleReload|replay) must be/);
        if (p.volume !== undefined) expect(p.volume >= 0 && p.volume <= 1).toBe(true);
        expect(['console', 'health', 'training']).toContain(decodeView(q));
        // What is shared again decodes to the same configuration.
        const again = resolveConfig({}, decodeQuery(encodeQuery({ config })), {}).config;
        for (const k of URL_KEYS) if (config[k] && !/@/.test(config[k]!)) expect(again[k]).toBe(config[k]);
      }),
      RUNS,
    );
    expect(errors).toBeGreaterThan(0);
    expect(prototypeIsClean()).toBe(true);
  });
});
