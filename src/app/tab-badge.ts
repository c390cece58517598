// The live firing count in the tab title and the favicon, coloured by the worst
// severity firing, so a console in a background tab (or a kiosk's task bar) still
// says how things are. Live alerts only: a training replay never shows here.
// Recomputed at most twice a second, off the hot path.
import type { SeverityFamily } from '../domain/events';
import { severityFamily } from '../domain/events';
import type { AlertsState } from '../store/alerts';
import { alertsStore } from '../store/alerts';

const COLOURS: Record<SeverityFamily | 'ok', string> = { critical: '#f87171', warning: '#fbbf24', info: '#60a5fa', ok: '#6ee7b7' };
const RANK: Record<SeverityFamily, number> = { critical: 0, warning: 1, info: 2 };

export function badgeTitle(base: string, firing: number): string {
  return firing > 0 ? `(${firing > 999 ? '999+' : firing}) ${base}` : base;
}

export function summarise(s: AlertsState): { firing: number; worst: SeverityFamily | null } {
  let firing = 0;
  let worst: SeverityFamily | null = null;
  for (const a of s.byId.values()) {
    if (a.state !== 'firing') continue;
    firing++;
    const f = severityFamily(a.severity);
    if (worst === null || RANK[f] < RANK[worst]) worst = f;
  }
  return { firing, worst };
}

/** The app's wave mark when all is well; a count on the worst severity's colour otherwise. */
export function badgeIcon(firing: number, worst: SeverityFamily | null): string {
  const svg =
    firing === 0 || worst === null
      ? `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="7" fill="#12161f"/><path d="M6 18c3-8 5-8 7 0s4 8 7 0 4-8 6-2" fill="none" stroke="${COLOURS.ok}" stroke-width="2.5" stroke-linecap="round"/></svg>`
      : `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="7" fill="${COLOURS[worst]}"/><text x="16" y="22.5" font-family="sans-serif" font-size="${firing > 99 ? 12 : 17}" font-weight="700" text-anchor="middle" fill="#12161f">${firing > 99 ? '99+' : firing}</text></svg>`;
  return `data:image/svg+xml,${encodeURIComponent(svg)}`;
}

export function startTabBadge(doc: Document = document, everyMs = 500): () => void {
  const base = doc.title || 'Singing Pager';
  let link = doc.querySelector<HTMLLinkElement>('link[rel="icon"]');
  if (!link) {
    link = doc.createElement('link');
    link.rel = 'icon';
    doc.head.append(link);
  }
  const icon = link;
  let shown = '';
  let timer: ReturnType<typeof setTimeout> | null = null;
  const update = () => {
    timer = null;
    const { firing, worst } = summarise(alertsStore.getState());
    const key = `${firing}:${worst}`;
    if (key === shown) return;
    shown = key;
    doc.title = badgeTitle(base, firing);
    icon.type = 'image/svg+xml';
    icon.href = badgeIcon(firing, worst);
  };
  const unsub = alertsStore.subscribe(() => {
    timer ??= setTimeout(update, everyMs);
  });
  update();
  return () => {
    unsub();
    if (timer) clearTimeout(timer);
  };
}
