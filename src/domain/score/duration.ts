// Prometheus-style durations: 500ms, 30s, 15m, 1h30m, 2d.
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };
const DURATION = /^(\d+(?:\.\d+)?)(ms|s|m|h|d|w)/;

export function parseDuration(text: string): number | null {
  let rest = text.trim();
  if (rest === '') return null;
  let total = 0;
  while (rest.length > 0) {
    const m = DURATION.exec(rest);
    if (!m) return null;
    total += Number(m[1]) * UNIT_MS[m[2]!]!;
    rest = rest.slice(m[0].length);
  }
  return Number.isFinite(total) ? total : null;
}

export function formatDuration(ms: number): string {
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000}h`;
  if (ms % 60_000 === 0) return `${ms / 60_000}m`;
  if (ms % 1000 === 0) return `${ms / 1000}s`;
  return `${ms}ms`;
}
