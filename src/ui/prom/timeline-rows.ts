// The alert timeline's rows and height (pure; charts.tsx draws them).
import type { AlertBand } from '../../store/history';
import { TIMELINE_WINDOW_MS, windowStart } from '../../store/history';

export interface Row {
  readonly label: string;
  readonly range: [number, number];
  readonly band: AlertBand;
}

/** The most recent bands first; one row per band. */
export function timelineRows(bands: readonly AlertBand[], now: number, max = 12): Row[] {
  const from = windowStart(TIMELINE_WINDOW_MS, now);
  return [...bands]
    .reverse()
    .slice(0, max)
    .map((b) => ({ label: b.where ? `${b.name} ${b.where}` : b.name, range: [Math.max(from, b.start), b.end ?? now] as [number, number], band: b }));
}

/** The chart's height for that many rows. */
export const timelineHeight = (rows: number) => 30 + rows * 24;
