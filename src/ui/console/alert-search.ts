// Finding one alert among thousands (the list renders only the rows in view): every word
// of the query must appear in the name, severity, state or a label (case-insensitive).
import type { AlertRecord } from '../../store/alerts';

export function matchesQuery(a: AlertRecord, query: string): boolean {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return true;
  const hay = [a.name, a.severity, a.state, ...Object.entries(a.labels).map(([k, v]) => `${k}=${v}`)].join('\n').toLowerCase();
  return words.every((w) => hay.includes(w));
}
