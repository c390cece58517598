// The console's charts: a sparkline per metric voice over the last five minutes and
// an alert timeline for the last hour. They read the history rings on their own
// one-second clock, so samples never re-render the app. Animations off (wall display).
// Axes show every tick they are given (interval 0): otherwise recharts measures each
// label in the DOM every second, a forced layout that a storm makes long.
// Loaded after start-up through lazy-charts.tsx: recharts is a third of the bundle.
import { memo } from 'react';
import { Bar, BarChart, Cell, Line, LineChart, XAxis, YAxis, ResponsiveContainer, Tooltip } from 'recharts';
import { severityFamily } from '../../domain/events';
import type { AlertBand } from '../../store/history';
import { SPARK_WINDOW_MS, TIMELINE_WINDOW_MS, alertBands, sparkline, windowStart } from '../../store/history';
import type { Row } from './timeline-rows';
import { timelineHeight, timelineRows } from './timeline-rows';

const COLOURS = { critical: '#f87171', warning: '#fbbf24', info: '#60a5fa' } as const;
const AXIS = { stroke: '#8d99ae', fontSize: 11 };

export const Sparkline = memo(function Sparkline({ name, now, stale }: { name: string; now: number; stale: boolean }) {
  const data = sparkline(name, now);
  return (
    <LineChart width={150} height={30} data={data} margin={{ top: 3, right: 2, bottom: 3, left: 2 }}>
      <XAxis dataKey="t" type="number" domain={[windowStart(SPARK_WINDOW_MS, now), now]} hide allowDataOverflow />
      <YAxis type="number" domain={['dataMin', 'dataMax']} hide />
      <Line dataKey="v" stroke={stale ? '#8d99ae' : '#6ee7b7'} strokeWidth={1.5} dot={false} isAnimationActive={false} />
    </LineChart>
  );
});

const hhmm = (t: number) => new Date(t).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
const hhmmss = (t: number) => new Date(t).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });

function colourOf(b: AlertBand): string {
  return COLOURS[severityFamily(b.severity)];
}

export const AlertTimeline = memo(function AlertTimeline({ now }: { now: number }) {
  const rows = timelineRows(alertBands(now), now);
  if (rows.length === 0) return <p className="empty">Nothing has fired in the last hour.</p>;
  const from = windowStart(TIMELINE_WINDOW_MS, now);
  return (
    <ResponsiveContainer width="100%" height={timelineHeight(rows.length)}>
      <BarChart data={rows} layout="vertical" margin={{ top: 4, right: 16, bottom: 0, left: 0 }} barSize={14}>
        <XAxis type="number" dataKey="range" domain={[from, now]} tick={AXIS} tickFormatter={now - from < 10 * 60_000 ? hhmmss : hhmm} ticks={[0, 1, 2, 3, 4].map((i) => from + ((now - from) * i) / 4)} interval={0} allowDataOverflow />
        <YAxis type="category" dataKey="label" tick={AXIS} tickLine={false} width={150} interval={0} tickFormatter={(l: string) => (l.length > 24 ? `${l.slice(0, 23)}…` : l)} />
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
