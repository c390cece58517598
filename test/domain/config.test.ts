import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, URL_KEYS, resolveConfig, validateUrl } from '../../src/domain/config';

const MQTT_FILE = 'ws://file.example:9001';
const MQTT_URL = 'wss://url.example:9001/mqtt';
const MQTT_SAVED = 'wss://saved.example';

describe('resolveConfig layering: file < url < saved', () => {
  it('names a bad source without calling its toString (found by fuzzing: {"toString": ""} threw)', () => {
    const { config, errors } = resolveConfig({}, {}, { source: { toString: '' } });
    expect(config.source).toBe(DEFAULT_CONFIG.source);
    expect(errors).toEqual([{ layer: 'saved', key: 'source', message: 'source must be "demo" or "live", not an object' }]);
    expect(resolveConfig({ source: 'x' }, {}, {}).errors[0]!.message).toBe('source must be "demo" or "live", not "x"');
  });

  it('uses defaults with no layers', () => {
    expect(resolveConfig({}, {}, {})).toEqual({ config: DEFAULT_CONFIG, errors: [] });
    expect(DEFAULT_CONFIG).toEqual({ source: 'live', kiosk: false });
  });

  it('later layers win, key by key', () => {
    const file = { mqtt: MQTT_FILE, prometheus: 'http://prom.file:9090', alertmanager: 'http://am.file:9093', source: 'live' };
    const url = { mqtt: MQTT_URL, prometheus: 'https://prom.url', source: 'demo' };
    const saved = { mqtt: MQTT_SAVED };
    const { config, errors } = resolveConfig(file, url, saved);
    expect(errors).toEqual([]);
    expect(config).toEqual({
      mqtt: MQTT_SAVED,
      prometheus: 'https://prom.url',
      alertmanager: 'http://am.file:9093',
      source: 'demo',
      kiosk: false,
    });
  });

  it('each layer alone applies', () => {
    expect(resolveConfig({ mqtt: MQTT_FILE }, {}, {}).config.mqtt).toBe(MQTT_FILE);
    expect(resolveConfig({}, { mqtt: MQTT_URL }, {}).config.mqtt).toBe(MQTT_URL);
    expect(resolveConfig({}, {}, { mqtt: MQTT_SAVED }).config.mqtt).toBe(MQTT_SAVED);
    expect(resolveConfig({ mqtt: MQTT_FILE }, { mqtt: MQTT_URL }, {}).config.mqtt).toBe(MQTT_URL);
  });

  it('empty strings (public/config.json ships them) and undefined do not override', () => {
    const { config, errors } = resolveConfig({ mqtt: MQTT_FILE }, { mqtt: '' }, { mqtt: undefined, source: undefined, kiosk: undefined });
    expect(errors).toEqual([]);
    expect(config.mqtt).toBe(MQTT_FILE);
    expect(resolveConfig({ mqtt: '', prometheus: '', alertmanager: '', pushgateway: '' }, {}, {})).toEqual({ config: DEFAULT_CONFIG, errors: [] });
  });

  it('canonicalises URLs (no trailing slash, trimmed)', () => {
    expect(resolveConfig({ prometheus: '  http://prom:9090/  ' }, {}, {}).config.prometheus).toBe('http://prom:9090');
    expect(resolveConfig({ mqtt: 'ws://broker:9001/mqtt/' }, {}, {}).config.mqtt).toBe('ws://broker:9001/mqtt');
  });
});

describe('a bad value is reported specifically and the valid lower layer still applies', () => {
  it('not a URL in the url layer', () => {
    const { config, errors } = resolveConfig({ mqtt: MQTT_FILE }, { mqtt: 'not a url' }, {});
    expect(config.mqtt).toBe(MQTT_FILE);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ layer: 'url', key: 'mqtt' });
    expect(errors[0]!.message).toMatch(/not a URL/);
    expect(errors[0]!.message).toContain('not a url');
  });

  it('http:// for mqtt', () => {
    const { config, errors } = resolveConfig({ mqtt: MQTT_FILE }, {}, { mqtt: 'http://broker:9001' });
    expect(config.mqtt).toBe(MQTT_FILE);
    expect(errors).toEqual([{ layer: 'saved', key: 'mqtt', message: expect.stringMatching(/scheme http: is not allowed; use ws:\/\/ or wss:\/\//) }]);
  });

  it('ws:// for prometheus', () => {
    const { config, errors } = resolveConfig({ prometheus: 'http://prom:9090' }, { prometheus: 'ws://prom:9090' }, {});
    expect(config.prometheus).toBe('http://prom:9090');
    expect(errors).toEqual([{ layer: 'url', key: 'prometheus', message: expect.stringMatching(/ws:.*http:\/\/ or https:\/\//) }]);
  });

  it('a bad file value leaves the key unset and later good layers still apply', () => {
    const { config, errors } = resolveConfig({ alertmanager: 'ftp://am', mqtt: 'mqtt://broker:1883' }, { alertmanager: 'https://am.example' }, {});
    expect(config.alertmanager).toBe('https://am.example');
    expect(config.mqtt).toBeUndefined();
    expect(errors.map((e) => [e.layer, e.key])).toEqual([
      ['file', 'mqtt'],
      ['file', 'alertmanager'],
    ]);
  });

  it('non-string values are errors, not crashes', () => {
    const { config, errors } = resolveConfig({ pushgateway: 42, mqtt: { url: 'x' } }, {}, {});
    expect(config).toEqual(DEFAULT_CONFIG);
    expect(errors.map((e) => e.key).sort()).toEqual(['mqtt', 'pushgateway']);
    for (const e of errors) expect(e.layer).toBe('file');
  });

  it('errors from several layers are all reported, in layer order', () => {
    const { errors } = resolveConfig({ mqtt: 'nope' }, { mqtt: 'http://x' }, { mqtt: 'https://y' });
    expect(errors.map((e) => e.layer)).toEqual(['file', 'url', 'saved']);
  });
});

describe('source and kiosk', () => {
  it('source accepts demo and live only', () => {
    expect(resolveConfig({}, { source: 'demo' }, {}).config.source).toBe('demo');
    expect(resolveConfig({ source: 'demo' }, { source: 'live' }, {}).config.source).toBe('live');
    const { config, errors } = resolveConfig({ source: 'demo' }, { source: 'replay' }, {});
    expect(config.source).toBe('demo');
    expect(errors).toEqual([{ layer: 'url', key: 'source', message: expect.stringContaining('"replay"') }]);
  });

  it.each([
    ['1', true], ['true', true], [true, true], [1, true],
    ['0', false], ['false', false], [false, false], [0, false],
  ] as const)('kiosk %j → %s', (raw, expected) => {
    const { config, errors } = resolveConfig({ kiosk: !expected }, { kiosk: raw }, {});
    expect(errors).toEqual([]);
    expect(config.kiosk).toBe(expected);
  });

  it('a bad kiosk flag is an error and keeps the lower value', () => {
    const { config, errors } = resolveConfig({ kiosk: true }, {}, { kiosk: 'yes' });
    expect(config.kiosk).toBe(true);
    expect(errors).toEqual([{ layer: 'saved', key: 'kiosk', message: 'kiosk must be 1 or 0' }]);
  });
});

describe('validateUrl', () => {
  it('allows the right schemes per key', () => {
    for (const key of URL_KEYS) {
      const good = key === 'mqtt' ? ['ws://h:1', 'wss://h'] : ['http://h:1', 'https://h'];
      const bad = key === 'mqtt' ? ['http://h', 'mqtt://h', 'tcp://h'] : ['ws://h', 'file:///etc/passwd', 'javascript:alert(1)'];
      for (const u of good) expect(validateUrl(key, u)).toEqual({ ok: true, value: u });
      for (const u of bad) expect(validateUrl(key, u).ok).toBe(false);
    }
  });

  it('rejects blanks and non-strings with a message naming the key', () => {
    for (const raw of ['', '   ', null, 3, undefined]) {
      const r = validateUrl('prometheus', raw);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.message).toMatch(/^prometheus/);
    }
  });
});

describe('pushgateway as a same-origin path (the console proxy)', () => {
  it('accepts a path starting with a single "/", canonicalised', () => {
    expect(validateUrl('pushgateway', '/pushgateway')).toEqual({ ok: true, value: '/pushgateway' });
    expect(validateUrl('pushgateway', '  /pushgateway/  ')).toEqual({ ok: true, value: '/pushgateway' });
    expect(validateUrl('pushgateway', '/a b/./c/../pgw')).toEqual({ ok: true, value: '/a%20b/pgw' });
    expect(validateUrl('pushgateway', '/')).toEqual({ ok: true, value: '/' });
    expect(resolveConfig({}, { pushgateway: '/pushgateway' }, {}).config.pushgateway).toBe('/pushgateway');
  });

  it('refuses what would leave the origin or carry a query, and a path for mqtt', () => {
    for (const raw of ['//evil.example/x', '/\\evil.example', '/p?token=1', '/p#x', 'pushgateway']) {
      expect(validateUrl('pushgateway', raw).ok, raw).toBe(false);
    }
    expect(validateUrl('mqtt', '/proxy').ok).toBe(false); // a broker needs ws(s)://
    const { config, errors } = resolveConfig({ pushgateway: 'http://pgw:9091' }, { pushgateway: '//evil.example' }, {});
    expect(config.pushgateway).toBe('http://pgw:9091');
    expect(errors).toEqual([{ layer: 'url', key: 'pushgateway', message: expect.stringMatching(/not a path on this origin/) }]);
  });
});

describe('pushInterval', () => {
  it('takes seconds from 1 to 3600, as a number or a string', () => {
    expect(resolveConfig({ pushInterval: 30 }, {}, {}).config.pushInterval).toBe(30);
    expect(resolveConfig({ pushInterval: 30 }, { pushInterval: '2.5' }, {}).config.pushInterval).toBe(2.5);
    expect(resolveConfig({}, { pushInterval: '' }, {}).config.pushInterval).toBeUndefined();
  });

  it('reports anything else and keeps the lower layer', () => {
    for (const bad of ['0', '-1', '3601', 'soon', true, null, 'Infinity']) {
      const { config, errors } = resolveConfig({ pushInterval: 20 }, { pushInterval: bad }, {});
      expect(config.pushInterval, String(bad)).toBe(20);
      expect(errors).toEqual([{ layer: 'url', key: 'pushInterval', message: 'pushInterval must be a number of seconds from 1 to 3600' }]);
    }
  });
});

describe('pollInterval and proxied Prometheus/Alertmanager', () => {
  it('takes seconds from 0.25 to 600 from config.json or the URL, and reports anything else', () => {
    expect(resolveConfig({ pollInterval: 5 }, {}, {}).config.pollInterval).toBe(5);
    expect(resolveConfig({ pollInterval: 5 }, { pollInterval: '0.5' }, {}).config.pollInterval).toBe(0.5);
    for (const bad of ['0', '0.1', '601', 'often', true]) {
      const { config, errors } = resolveConfig({ pollInterval: 2 }, { pollInterval: bad }, {});
      expect(config.pollInterval, String(bad)).toBe(2);
      expect(errors).toEqual([{ layer: 'url', key: 'pollInterval', message: 'pollInterval must be a number of seconds from 0.25 to 600' }]);
    }
  });

  it('Prometheus and Alertmanager may be paths on this origin (an authenticating proxy)', () => {
    expect(resolveConfig({}, { prometheus: '/prometheus', alertmanager: '/alertmanager/' }, {}).config).toMatchObject({ prometheus: '/prometheus', alertmanager: '/alertmanager' });
    expect(validateUrl('prometheus', '//evil.example').ok).toBe(false);
  });
});
