// Reads the three configuration layers from where they live in the browser.
import type { RawLayer, ResolvedConfig } from '../domain/config';
import { resolveConfig } from '../domain/config';
import { decodeQuery } from '../domain/url-state';

export const SAVED_SETTINGS_KEY = 'singing-pager.settings.v1';

export async function loadFileLayer(fetchFn: typeof fetch = fetch): Promise<{ layer: RawLayer; error?: string }> {
  try {
    const res = await fetchFn(new URL('config.json', document.baseURI).href, { cache: 'no-store' });
    if (!res.ok) return { layer: {}, error: `config.json: HTTP ${res.status}` };
    const data: unknown = await res.json();
    if (typeof data !== 'object' || data === null || Array.isArray(data)) return { layer: {}, error: 'config.json must hold a JSON object' };
    return { layer: data as RawLayer };
  } catch (err) {
    return { layer: {}, error: `config.json could not be read: ${(err as Error).message}` };
  }
}

export function loadSavedLayer(storage: Pick<Storage, 'getItem'> = localStorage): { layer: RawLayer; error?: string } {
  try {
    const raw = storage.getItem(SAVED_SETTINGS_KEY);
    if (!raw) return { layer: {} };
    const data: unknown = JSON.parse(raw);
    if (typeof data !== 'object' || data === null || Array.isArray(data)) return { layer: {}, error: 'saved settings are not an object; ignored' };
    return { layer: data as RawLayer };
  } catch {
    return { layer: {}, error: 'saved settings are not valid JSON; ignored' };
  }
}

export async function loadConfig(search: string): Promise<ResolvedConfig> {
  const file = await loadFileLayer();
  const saved = loadSavedLayer();
  const resolved = resolveConfig(file.layer, decodeQuery(search), saved.layer);
  const extra = [
    ...(file.error ? [{ layer: 'file' as const, key: 'config.json', message: file.error }] : []),
    ...(saved.error ? [{ layer: 'saved' as const, key: 'settings', message: saved.error }] : []),
  ];
  return { config: resolved.config, errors: [...extra, ...resolved.errors] };
}
