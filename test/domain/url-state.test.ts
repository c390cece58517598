import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Config, UrlKey } from '../../src/domain/config';
import { DEFAULT_CONFIG, resolveConfig, validateUrl } from '../../src/domain/config';
import type { View } from '../../src/domain/url-state';
import { decodeQuery, decodeView, encodeQuery, withView } from '../../src/domain/url-state';

describe('decodeQuery', () => {
  it('keeps only the keys the console understands', () => {
    expect(decodeQuery('?mqtt=ws%3A%2F%2Fb%3A9001&source=demo&kiosk=1&view=health&instance=abc&evil=1&__proto__=x')).toEqual({
      mqtt: 'ws://b:9001',
      source: 'demo',
      kiosk: '1',
      view: 'health',
      instance: 'abc',
    });
    expect(decodeQuery('')).toEqual({});
  });

  it('feeds resolveConfig as the url layer, over the file layer', () => {
    const { config, errors } = resolveConfig({ mqtt: 'ws://file:9001', source: 'live' }, decodeQuery('?mqtt=wss://url&source=demo&kiosk=1'), {});
    expect(errors).toEqual([]);
    expect(config).toEqual({ mqtt: 'wss://url', source: 'demo', kiosk: true });
  });

  it('a bad query value is reported against the url layer', () => {
    const { config, errors } = resolveConfig({ prometheus: 'http://p' }, decodeQuery('?prometheus=ws://p&kiosk=maybe'), {});
    expect(config.prometheus).toBe('http://p');
    expect(errors.map((e) => `${e.layer}:${e.key}`)).toEqual(['url:prometheus', 'url:kiosk']);
  });
});

describe('encodeQuery', () => {
  it('encodes nothing for defaults', () => {
    expect(encodeQuery({ config: DEFAULT_CONFIG })).toBe('');
    expect(encodeQuery({ config: {}, view: 'console' })).toBe('');
  });

  it('encodes what differs, in a stable key order', () => {
    const q = encodeQuery({
      config: { kiosk: true, source: 'demo', prometheus: 'http://p:9090', mqtt: 'ws://b:9001' },
      view: 'health',
    });
    expect(q).toBe('?mqtt=ws%3A%2F%2Fb%3A9001&prometheus=http%3A%2F%2Fp%3A9090&source=demo&kiosk=1&view=health');
  });

  it('encodes pushInterval and a same-origin pushgateway path, and reads them back', () => {
    const q = encodeQuery({ config: { pushgateway: '/pushgateway', pushInterval: 5 } });
    expect(q).toBe('?pushgateway=%2Fpushgateway&pushInterval=5');
    expect(resolveConfig({}, decodeQuery(q), {})).toEqual({ config: { ...DEFAULT_CONFIG, pushgateway: '/pushgateway', pushInterval: 5 }, errors: [] });
  });

  it('withView changes only the view and keeps every other parameter', () => {
    expect(withView('?mqtt=ws://b:1&instance=k1', 'health')).toBe('?mqtt=ws%3A%2F%2Fb%3A1&instance=k1&view=health');
    expect(decodeQuery(withView('?mqtt=ws://b:1&instance=k1&view=health', 'console'))).toEqual({ mqtt: 'ws://b:1', instance: 'k1' });
    expect(withView('?view=health', 'console')).toBe('');
    expect(decodeView(withView('', 'health'))).toBe('health');
  });

  it('decodeView defaults to console', () => {
    expect(decodeView('?view=health')).toBe('health');
    expect(decodeView('?view=other')).toBe('console');
    expect(decodeView('')).toBe('console');
  });
});

describe('round trip', () => {
  const host = fc.stringMatching(/^[a-z][a-z0-9-]{0,10}(\.[a-z]{2,5})?$/);
  const path = fc.stringMatching(/^(\/[a-zA-Z0-9_~-]{1,8}){0,2}$/);
  const query = fc.option(fc.stringMatching(/^[a-z]{1,5}=[a-zA-Z0-9 &%+]{0,8}$/), { nil: undefined });
  const url = (key: UrlKey, schemes: string[]) =>
    fc
      .tuple(fc.constantFrom(...schemes), host, fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined }), path, query)
      .map(([s, h, port, p, q]) => validateUrl(key, `${s}//${h}${port ? `:${port}` : ''}${p}${q ? `?${encodeURIComponent(q)}` : ''}`))
      // Valid configs only, in canonical form: validateUrl is the canonicaliser.
      .filter((r) => r.ok)
      .map((r) => (r.ok ? r.value : ''));
  const config: fc.Arbitrary<Config> = fc.record(
    {
      mqtt: url('mqtt', ['ws:', 'wss:']),
      prometheus: url('prometheus', ['http:', 'https:']),
      alertmanager: url('alertmanager', ['http:', 'https:']),
      pushgateway: url('pushgateway', ['http:', 'https:']),
      source: fc.constantFrom('live' as const, 'demo' as const),
      kiosk: fc.boolean(),
    },
    { requiredKeys: ['source', 'kiosk'] },
  );
  const view = fc.constantFrom<View>('console', 'health');

  it('property: decode(encode(config)) resolves to the same config and view', () => {
    fc.assert(
      fc.property(config, view, (c, v) => {
        const search = encodeQuery({ config: c, view: v });
        const { config: back, errors } = resolveConfig({}, decodeQuery(search), {});
        expect(errors).toEqual([]);
        expect(back).toEqual(c);
        expect(decodeView(search)).toBe(v);
      }),
      { numRuns: 2000 },
    );
  });

  it('property: encode is stable under decode → resolve → encode', () => {
    fc.assert(
      fc.property(config, view, (c, v) => {
        const search = encodeQuery({ config: c, view: v });
        const { config: back } = resolveConfig({}, decodeQuery(search), {});
        expect(encodeQuery({ config: back, view: decodeView(search) })).toBe(search);
      }),
      { numRuns: 2000 },
    );
  });
});
