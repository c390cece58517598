// The console's charts: a sparkline per metric voice over the last five minutes and
// an alert timeline for the last hour. They read the history rings on their own
// one-second clock, so samples never re-render the app. Animations off (wall display).
import { memo } from 'react';
import { Bar, BarChart, Cell, Line, LineChart, XAxis, YAxis, ResponsiveContainer, Tooltip } from 'recharts';
import { severityFamily } from '../../domain/events';
import type { AlertBand } from '../../store/history';
import { SPARK_WINDOW_MS, TIMELINE_WINDOW_MS, alertBands, sparkline } from '../../store/history';

const COLOURS = { critical: '#f87171', warning: '#fbbf24', info: '#60a5fa' } as const;
const AXIS = { stroke: '#8d99ae', fontSize: 11 };

export const Sparkline = memo(function Sparkline({ name, now, stale }: { name: string; now: number; stale: boolean }) {
  const data = sparkline(name, now);
  return (
    <LineChart width={150} height={30} data={data} margin={{ top: 3, right: 2, bottom: 3, left: 2 }}>
      <XAxis dataKey="t" type="number" domain={[now - SPARK_WINDOW_MS, now]} hide />
      <YAxis type="number" domain={['dataMin', 'dataMax']} hide />
      <Line dataKey="v" stroke={stale ? '#8d99ae' : '#6ee7b7'} strokeWidth={1.5} dot={false} isAnimationActive={false} />
    </LineChart>
  );
});

const hhmm = (t: number) => new Date(t).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });

interface Row {
  readonly label: string;
  readonly range: [number, number];
  readonly band: AlertBand;
}

/** The most recent bands first; one row per band. */
export function timelineRows(bands: readonly AlertBand[], now: number, max = 12): Row[] {
  const from = now - TIMELINE_WINDOW_MS;
  return [...bands]
    .reverse()
    .slice(0, max)
    .map((b) => ({ label: b.name, range: [Math.max(from, b.start), b.end ?? now] as [number, number], band: b }));
}

function colourOf(b: AlertBand): string {
  return COLOURS[severityFamily(b.severity)];
}

export const AlertTimeline = memo(function AlertTimeline({ now }: { now: number }) {
  const rows = timelineRows(alertBands(now), now);
  if (rows.length === 0) return <p className="empty">Nothing has fired in the last hour.</p>;
  return (
    <ResponsiveContainer width="100%" height={28 + rows.length * 22}>
      <BarChart data={rows} layout="vertical" margin={{ top: 4, right: 12, bottom: 0, left: 8 }} barCategoryGap={3}>
        <XAxis type="number" dataKey="range" domain={[now - TIMELINE_WINDOW_MS, now]} tick={AXIS} tickFormatter={hhmm} ticks={[0, 1, 2, 3, 4].map((i) => now - TIMELINE_WINDOW_MS + (i * TIMELINE_WINDOW_MS) / 4)} allowDataOverflow />
        <YAxis type="category" dataKey="label" tick={AXIS} width={110} interval={0} />
        <Tooltip
          isAnimationActive={false}
          contentStyle={{ background: '#171c26', border: '1px solid #263042' }}
          formatter={(_v, _n, item) => {
            const b = (item.payload as Row).band;
            return [`${b.state} ${hhmm(b.start)} → ${b.end ? hhmm(b.end) : 'now'}`, b.severity];
          }}
        />
        <Bar dataKey="range" isAnimationActive={false} minPointSize={2}>
          {rows.map((r, i) => (
            <Cell
              key={i}
              fill={colourOf(r.band)}
              fillOpacity={r.band.state === 'pending' ? 0.3 : r.band.end ? 0.55 : 0.95}
              stroke={r.band.end ? '#6ee7b7' : 'none'}
              strokeWidth={r.band.end ? 1 : 0}
            />
          ))}
        </Bar>
      </BarChart>
    </ResponsiveContainer>
  );
});
