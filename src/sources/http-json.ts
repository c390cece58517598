// One JSON GET that never throws anything but a readable Error: HTTP errors (with
// Prometheus's own error text when it sent one), HTML, truncated or wrong-shaped JSON.
import type { z } from 'zod';
import { describeZod, promErrorSchema } from '../domain/prom-api';

export type FetchFn = (url: string, init: RequestInit) => Promise<Response>;

/** Bigger answers are a misconfiguration (or an attack), not telemetry. */
export const MAX_RESPONSE_CHARS = 8 * 1024 * 1024;

/** A base that is a path ("/prometheus") stays on the console's origin. */
export function joinUrl(base: string, path: string): string {
  return base.replace(/\/+$/, '') + path;
}

export class HttpError extends Error {
  constructor(
    message: string,
    /** 4xx with the server's own error body: the request was wrong, the server is fine. */
    readonly answered: boolean,
  ) {
    super(message);
  }
}

export async function getJson<S extends z.ZodType>(fetchFn: FetchFn, url: string, schema: S, what: string, signal: AbortSignal): Promise<z.infer<S>> {
  let res: Response;
  try {
    res = await fetchFn(url, { signal, headers: { accept: 'application/json' }, cache: 'no-store' });
  } catch (err) {
    if (signal.aborted) throw err;
    // Browsers say only "Failed to fetch": connection refused, DNS, CORS all look alike.
    throw new Error(`cannot reach ${what}: ${err instanceof Error ? err.message : String(err)}`);
  }
  const body = await res.text();
  if (body.length > MAX_RESPONSE_CHARS) throw new Error(`${what}: answer too large (${body.length} characters)`);
  let data: unknown;
  try {
    data = JSON.parse(body);
  } catch {
    const start = body.trimStart().slice(0, 40).replace(/\s+/g, ' ');
    const kind = start.startsWith('<') ? 'HTML' : body.trim() === '' ? 'an empty body' : `not JSON ("${start}…")`;
    throw new Error(`${what}: HTTP ${res.status}, ${kind}`);
  }
  if (!res.ok) {
    const e = promErrorSchema.safeParse(data);
    const detail = e.success && e.data.error ? `: ${e.data.error}` : '';
    throw new HttpError(`${what}: HTTP ${res.status}${detail}`, e.success && res.status >= 400 && res.status < 500);
  }
  const parsed = schema.safeParse(data);
  if (!parsed.success) throw new Error(describeZod(parsed.error, `${what} answer`));
  return parsed.data;
}
