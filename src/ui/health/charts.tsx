// recharts wrappers for the Health view. Animations are off: a wall display
// redraws every second and should not be moving for the rest of it.
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { HealthModel } from './health-model';

const AXIS = { stroke: '#8d99ae', fontSize: 11 };
const GRID = <CartesianGrid stroke="#263042" strokeDasharray="3 3" />;
const TOOLTIP = <Tooltip contentStyle={{ background: '#171c26', border: '1px solid #263042' }} isAnimationActive={false} />;

export function LatencyHistogram({ bars }: { bars: HealthModel['latencyBars'] }) {
  return (
    <ResponsiveContainer width="100%" height={200}>
      <BarChart data={bars as HealthModel['latencyBars'][number][]} margin={{ top: 8, right: 8, bottom: 0, left: -16 }}>
        {GRID}
        <XAxis dataKey="label" tick={AXIS} interval={0} angle={-35} textAnchor="end" height={44} />
        <YAxis allowDecimals={false} tick={AXIS} />
        {TOOLTIP}
        <Bar dataKey="count" name="sounds" fill="#60a5fa" isAnimationActive={false} />
      </BarChart>
    </ResponsiveContainer>
  );
}

export function RecentLatency({ samples }: { samples: readonly number[] }) {
  const data = samples.map((ms, i) => ({ i, ms: Math.round(ms * 10) / 10 }));
  return (
    <ResponsiveContainer width="100%" height={200}>
      <LineChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: -16 }}>
        {GRID}
        <XAxis dataKey="i" tick={false} />
        <YAxis tick={AXIS} unit=" ms" width={70} />
        {TOOLTIP}
        <Line dataKey="ms" name="event → sound" stroke="#6ee7b7" dot={false} isAnimationActive={false} />
      </LineChart>
    </ResponsiveContainer>
  );
}

export function EventsBySource({ rows }: { rows: HealthModel['events'] }) {
  return (
    <ResponsiveContainer width="100%" height={180}>
      <BarChart data={rows as HealthModel['events'][number][]} margin={{ top: 8, right: 8, bottom: 0, left: -8 }}>
        {GRID}
        <XAxis dataKey="source" tick={AXIS} />
        <YAxis allowDecimals={false} tick={AXIS} />
        {TOOLTIP}
        <Legend wrapperStyle={{ fontSize: 12 }} />
        <Bar dataKey="alert" name="alerts" stackId="k" fill="#f87171" isAnimationActive={false} />
        <Bar dataKey="metric" name="metric samples" stackId="k" fill="#60a5fa" isAnimationActive={false} />
      </BarChart>
    </ResponsiveContainer>
  );
}

export function RejectionsByReason({ rows }: { rows: HealthModel['rejected'] }) {
  return (
    <ResponsiveContainer width="100%" height={180}>
      <BarChart data={rows as HealthModel['rejected'][number][]} layout="vertical" margin={{ top: 4, right: 8, bottom: 0, left: 24 }}>
        {GRID}
        <XAxis type="number" allowDecimals={false} tick={AXIS} />
        <YAxis type="category" dataKey="reason" tick={AXIS} width={90} />
        {TOOLTIP}
        <Bar dataKey="count" name="rejected" fill="#fbbf24" isAnimationActive={false} />
      </BarChart>
    </ResponsiveContainer>
  );
}
