// The console's charts: a sparkline per metric voice over the last five minutes and
// an alert timeline for the last hour, drawn as plain SVG. They redraw once a second
// beside the sound path, so each redraw must cost well under a millisecond: recharts
// (kept for the Health view) took 50–200 ms main-thread tasks here on a loaded 2-core
// machine, measured with Long Animation Frame attribution, and those delayed alerts.
import { memo, useLayoutEffect, useRef, useState } from 'react';
import { severityFamily } from '../../domain/events';
import type { AlertBand } from '../../store/history';
import { SPARK_WINDOW_MS, TIMELINE_WINDOW_MS, alertBands, sparkline, windowStart } from '../../store/history';
import { sparkPath, timeTicks } from './chart-geometry';
import { timelineHeight, timelineRows } from './timeline-rows';
import { hhmm, hhmmss } from '../time';

const COLOURS = { critical: '#f87171', warning: '#fbbf24', info: '#60a5fa' } as const;
const SPARK = { width: 150, height: 30, pad: 3 };
const LABEL_W = 150;
const ROW_H = 24;
const AXIS_H = 30;

export const Sparkline = memo(function Sparkline({ name, now, stale }: { name: string; now: number; stale: boolean }) {
  const d = sparkPath(sparkline(name, now), windowStart(SPARK_WINDOW_MS, now), now, SPARK);
  return (
    <svg className="sparkline" width={SPARK.width} height={SPARK.height} role="img" aria-label={`${name}, last 5 minutes`}>
      {d && <path d={d} fill="none" stroke={stale ? '#8d99ae' : '#6ee7b7'} strokeWidth={1.5} strokeLinejoin="round" />}
    </svg>
  );
});

const short = (l: string) => (l.length > 24 ? `${l.slice(0, 23)}…` : l);

function opacity(b: AlertBand): number {
  return b.state === 'pending' ? 0.3 : b.end ? 0.55 : 0.95;
}

/** The element's width, followed on resize only (never read during a redraw). */
function useWidth<T extends Element>(fallback: number) {
  const ref = useRef<T>(null);
  const [width, setWidth] = useState(fallback);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(([e]) => e && setWidth(Math.round(e.contentRect.width) || fallback));
    ro.observe(el);
    return () => ro.disconnect();
  }, [fallback]);
  return [ref, width] as const;
}

/** `anyAlert` only re-draws the timeline when the alert store turns empty or not. */
export function AlertTimeline({ now, anyAlert }: { now: number; anyAlert: boolean }) {
  const [ref, width] = useWidth<HTMLDivElement>(760);
  return (
    <div ref={ref} className="timeline-chart">
      <TimelineSvg now={now} width={width} anyAlert={anyAlert} />
    </div>
  );
}

const TimelineSvg = memo(function TimelineSvg({ now: tick, width }: { now: number; width: number; anyAlert: boolean }) {
  // Drawn between ticks (the first alert), the chart ends at its newest change, not at the last tick.
  const bands = alertBands(tick);
  const now = bands.reduce((m, b) => Math.max(m, b.start, b.end ?? 0), tick);
  const rows = timelineRows(bands, now);
  if (rows.length === 0) return <p className="empty">Nothing has fired in the last hour.</p>;
  const from = windowStart(TIMELINE_WINDOW_MS, now);
  const plotW = Math.max(100, width - LABEL_W - 16);
  const x = (t: number) => LABEL_W + ((t - from) / Math.max(1, now - from)) * plotW;
  const height = timelineHeight(rows.length);
  const fmt = now - from < 10 * 60_000 ? hhmmss : hhmm;
  return (
    <svg className="alert-timeline" width={width} height={height} role="img" aria-label="Alert timeline, last hour">
      {rows.map((r, i) => {
        const y = 4 + i * ROW_H;
        const x0 = x(r.range[0]);
        const b = r.band;
        return (
          <g key={i} data-band={b.name}>
            <text x={LABEL_W - 6} y={y + 11} textAnchor="end" className="axis-label">{short(r.label)}</text>
            <rect x={x0} y={y + 2} width={Math.max(2, x(r.range[1]) - x0)} height={14} rx={2} fill={COLOURS[severityFamily(b.severity)]} fillOpacity={opacity(b)} stroke={b.end ? '#6ee7b7' : 'none'}>
              <title>{`${r.label}: ${b.severity} ${b.state} ${hhmm(b.start)} → ${b.end ? hhmm(b.end) : 'now'}`}</title>
            </rect>
          </g>
        );
      })}
      <line x1={LABEL_W} x2={LABEL_W + plotW} y1={height - AXIS_H + 4} y2={height - AXIS_H + 4} className="axis-line" />
      {timeTicks(from, now, 4).map((t, i) => (
        <text key={i} x={x(t)} y={height - AXIS_H + 18} textAnchor={i === 0 ? 'start' : i === 4 ? 'end' : 'middle'} className="axis-label">{fmt(t)}</text>
      ))}
    </svg>
  );
});
