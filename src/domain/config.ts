// Configuration in three layers, later wins: public/config.json < URL < saved settings.
// A bad value is reported with a specific error and the rest still applies.

export type SourceMode = 'live' | 'demo';

export interface Config {
  readonly mqtt?: string;
  readonly prometheus?: string;
  readonly alertmanager?: string;
  /** Absolute URL, or a path on the console's own origin (its proxy to the Pushgateway). */
  readonly pushgateway?: string;
  /** Seconds between pushes of the console's own metrics (default 10). */
  readonly pushInterval?: number;
  /** Seconds between polls of Prometheus and Alertmanager (default 2). */
  readonly pollInterval?: number;
  readonly source: SourceMode;
  readonly kiosk: boolean;
}

export type ConfigLayer = 'file' | 'url' | 'saved';

export interface ConfigError {
  readonly layer: ConfigLayer;
  readonly key: string;
  readonly message: string;
}

export const DEFAULT_CONFIG: Config = { source: 'live', kiosk: false };

export const URL_KEYS = ['mqtt', 'prometheus', 'alertmanager', 'pushgateway'] as const;
export type UrlKey = (typeof URL_KEYS)[number];

const SCHEMES: Record<UrlKey, readonly string[]> = {
  mqtt: ['ws:', 'wss:'],
  prometheus: ['http:', 'https:'],
  alertmanager: ['http:', 'https:'],
  pushgateway: ['http:', 'https:'],
};

/** A raw layer: whatever a JSON file, a query string or storage held. */
export type RawLayer = Readonly<Record<string, unknown>>;

export function validateUrl(key: UrlKey, raw: unknown): { ok: true; value: string } | { ok: false; message: string } {
  if (typeof raw !== 'string' || raw.trim() === '') return { ok: false, message: `${key} must be a non-empty URL` };
  // A path is the console's own same-origin proxy (for auth, or the Pushgateway's missing CORS).
  if (key !== 'mqtt' && raw.trim().startsWith('/')) return validatePath(key, raw.trim());
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return { ok: false, message: `${key}: "${raw.slice(0, 100)}" is not a URL` };
  }
  const allowed = SCHEMES[key];
  if (!allowed.includes(url.protocol)) {
    return { ok: false, message: `${key}: scheme ${url.protocol} is not allowed; use ${allowed.map((s) => s + '//').join(' or ')}` };
  }
  // Trailing slashes make path joins ambiguous; keep one canonical form.
  return { ok: true, value: url.href.replace(/\/+$/, '') };
}

/** A same-origin path such as /pushgateway; "//host" would leave the origin, so it is refused. */
function validatePath(key: UrlKey, raw: string): { ok: true; value: string } | { ok: false; message: string } {
  if (/^\/[/\\]/.test(raw) || /[?#]/.test(raw)) return { ok: false, message: `${key}: "${raw.slice(0, 100)}" is not a path on this origin` };
  return { ok: true, value: new URL(raw, 'http://same-origin.invalid').pathname.replace(/\/+$/, '') || '/' };
}

function applyLayer(base: Config, layer: RawLayer, name: ConfigLayer, errors: ConfigError[]): Config {
  const next: { -readonly [K in keyof Config]: Config[K] } = { ...base };
  for (const key of URL_KEYS) {
    if (!(key in layer) || layer[key] === undefined || layer[key] === '') continue;
    const result = validateUrl(key, layer[key]);
    if (result.ok) next[key] = result.value;
    else errors.push({ layer: name, key, message: result.message });
  }
  if ('source' in layer && layer.source !== undefined) {
    if (layer.source === 'demo' || layer.source === 'live') next.source = layer.source;
    else errors.push({ layer: name, key: 'source', message: `source must be "demo" or "live", not ${describe(layer.source)}` });
  }
  if ('kiosk' in layer && layer.kiosk !== undefined) {
    const k = parseFlag(layer.kiosk);
    if (k === undefined) errors.push({ layer: name, key: 'kiosk', message: 'kiosk must be 1 or 0' });
    else next.kiosk = k;
  }
  if ('pushInterval' in layer && layer.pushInterval !== undefined && layer.pushInterval !== '') {
    const v = layer.pushInterval;
    const n = typeof v === 'number' || typeof v === 'string' ? Number(v) : NaN;
    if (n >= 1 && n <= 3600) next.pushInterval = n;
    else errors.push({ layer: name, key: 'pushInterval', message: 'pushInterval must be a number of seconds from 1 to 3600' });
  }
  if ('pollInterval' in layer && layer.pollInterval !== undefined && layer.pollInterval !== '') {
    const v = layer.pollInterval;
    const n = typeof v === 'number' || typeof v === 'string' ? Number(v) : NaN;
    if (n >= 0.25 && n <= 600) next.pollInterval = n;
    else errors.push({ layer: name, key: 'pollInterval', message: 'pollInterval must be a number of seconds from 0.25 to 600' });
  }
  return next;
}

/** A value for an error message; never calls the value's own toString (it may be anything a file held). */
function describe(v: unknown): string {
  if (typeof v === 'string') return `"${v.slice(0, 40)}"`;
  if (typeof v === 'number' || typeof v === 'boolean' || v === null) return String(v);
  return Array.isArray(v) ? 'a list' : typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}

function parseFlag(v: unknown): boolean | undefined {
  if (v === true || v === 1 || v === '1' || v === 'true') return true;
  if (v === false || v === 0 || v === '0' || v === 'false') return false;
  return undefined;
}

export interface ResolvedConfig {
  readonly config: Config;
  readonly errors: readonly ConfigError[];
}

export function resolveConfig(file: RawLayer, url: RawLayer, saved: RawLayer): ResolvedConfig {
  const errors: ConfigError[] = [];
  let config = applyLayer(DEFAULT_CONFIG, file, 'file', errors);
  config = applyLayer(config, url, 'url', errors);
  config = applyLayer(config, saved, 'saved', errors);
  return { config, errors };
}
