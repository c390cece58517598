// index.html ships a static baseline CSP (scripts from this origin only, no plugins,
// no <base> tricks, connections to any http(s)/ws(s) origin) because a static page
// cannot know the sources a deploy configures. Once the config is resolved, boot adds
// a second policy naming them: policies intersect, so from then on the page can only
// connect to its own origin and its configured sources.
import type { Config } from '../domain/config';
import { URL_KEYS } from '../domain/config';

/** Origins of the configured absolute URLs (paths are this origin, already 'self'). */
export function connectOrigins(config: Partial<Config>, extra: readonly (string | undefined)[] = []): string[] {
  const out = new Set<string>();
  for (const raw of [...URL_KEYS.map((k) => config[k]), ...extra]) {
    if (!raw || raw.startsWith('/')) continue;
    try {
      const u = new URL(raw);
      // Only plain scheme://host[:port] reaches the policy: nothing that could add a directive.
      if (/^(https?|wss?):$/.test(u.protocol) && /^[a-z0-9.-]+(:\d+)?$/i.test(u.host)) out.add(`${u.protocol}//${u.host}`);
    } catch {
      /* not a URL: a preset name, or already reported as a config error */
    }
  }
  return [...out].sort();
}

export function connectPolicy(origins: readonly string[]): string {
  return `connect-src 'self'${origins.map((o) => ` ${o}`).join('')}`;
}

/** Adds the stricter policy once; later calls cannot loosen it (policies only intersect). */
export function restrictConnections(config: Partial<Config>, extra: readonly (string | undefined)[] = [], doc: Document = document): string {
  const policy = connectPolicy(connectOrigins(config, extra));
  if (!doc.head.querySelector('meta[data-sp-csp="connect"]')) {
    const meta = doc.createElement('meta');
    meta.httpEquiv = 'Content-Security-Policy';
    meta.content = policy;
    meta.dataset.spCsp = 'connect';
    doc.head.append(meta);
  }
  return policy;
}
