// The built-in simulated telemetry: metric voices drifting, alerts that fire and
// resolve now and then, and a scripted incident every few minutes — so the
// console sings with no backend at all. Deterministic for a given rng.
import type { AlertEvent, MetricEvent, TelemetryEvent } from '../domain/events';
import { alertIdentity } from '../domain/identity';
import type { ConnectionReport, Timers } from './connection';
import { realTimers } from './connection';
import type { Source } from './mqtt';

export interface DemoOptions {
  readonly onEvents: (events: TelemetryEvent[]) => void;
  readonly onState: (r: ConnectionReport) => void;
  readonly timers?: Timers;
  readonly rng?: () => number;
  readonly clock?: () => number;
  readonly tickMs?: number;
  /** Seconds between scripted incidents. */
  readonly incidentEvery?: number;
}

interface Walk {
  readonly name: string;
  value: number;
  readonly mean: number;
  readonly spread: number;
  readonly min: number;
  readonly max: number;
}

const WALKS: readonly Omit<Walk, 'value'>[] = [
  { name: 'cpu', mean: 0.35, spread: 0.08, min: 0, max: 1 },
  { name: 'memory', mean: 0.55, spread: 0.03, min: 0, max: 1 },
  { name: 'latency', mean: 0.12, spread: 0.03, min: 0.01, max: 2 },
  { name: 'disk', mean: 0.62, spread: 0.005, min: 0, max: 1 },
  { name: 'queue', mean: 40, spread: 8, min: 0, max: 500 },
];

const BACKGROUND_ALERTS = [
  { name: 'CertificateExpiresSoon', severity: 'info', labels: { instance: 'edge-1', service: 'ingress' } },
  { name: 'HighLatency', severity: 'warning', labels: { instance: 'api-2', service: 'api' } },
  { name: 'PodRestarting', severity: 'warning', labels: { instance: 'worker-4', service: 'batch' } },
  { name: 'BackupSlow', severity: 'info', labels: { instance: 'db-1', service: 'postgres' } },
] as const;

/** One step of the scripted incident: a disk fills on db-3 and is cleaned up. */
interface Step {
  readonly at: number;
  readonly disk?: number;
  readonly alert?: { name: string; severity: string; state: 'firing' | 'resolved' };
}
export const INCIDENT: readonly Step[] = [
  { at: 0, disk: 0.8 },
  { at: 8, disk: 0.9, alert: { name: 'DiskFilling', severity: 'warning', state: 'firing' } },
  { at: 16, disk: 0.97, alert: { name: 'DiskFull', severity: 'critical', state: 'firing' } },
  { at: 30, disk: 0.7, alert: { name: 'DiskFull', severity: 'critical', state: 'resolved' } },
  { at: 32, alert: { name: 'DiskFilling', severity: 'warning', state: 'resolved' } },
  { at: 40 },
];

export function startDemoSource(o: DemoOptions): Source {
  const timers = o.timers ?? realTimers;
  const rng = o.rng ?? Math.random;
  const clock = o.clock ?? (() => performance.now());
  const tickMs = o.tickMs ?? 250;
  const incidentEvery = o.incidentEvery ?? 180;
  const walks: Walk[] = WALKS.map((w) => ({ ...w, value: w.mean }));
  const firing = new Set<string>();
  let elapsed = 0;
  let handle: unknown;
  let stopped = false;

  const alert = (name: string, severity: string, state: 'firing' | 'resolved', labels: Record<string, string>): AlertEvent => ({
    kind: 'alert',
    id: alertIdentity(name, labels),
    name,
    severity,
    state,
    labels,
    annotations: { summary: `${name} on ${labels.instance ?? 'fleet'} (demo)` },
    source: 'demo',
    receivedAt: clock(),
  });

  const tick = () => {
    elapsed += tickMs / 1000;
    const events: TelemetryEvent[] = [];
    const incidentT = elapsed % incidentEvery;
    const step = [...INCIDENT].reverse().find((s) => s.at <= incidentT && incidentT < 45);
    for (const w of walks) {
      // Mean-reverting random walk: drifts, never runs away.
      w.value += (w.mean - w.value) * 0.05 + (rng() - 0.5) * w.spread;
      if (w.name === 'disk' && step?.disk !== undefined) w.value += (step.disk - w.value) * 0.2;
      w.value = Math.min(w.max, Math.max(w.min, w.value));
      events.push({ kind: 'metric', name: w.name, value: round(w.value), source: 'demo', receivedAt: clock() } satisfies MetricEvent);
    }
    for (const s of INCIDENT) {
      if (s.alert && crossed(s.at, incidentT, tickMs / 1000)) {
        events.push(alert(s.alert.name, s.alert.severity, s.alert.state, { instance: 'db-3', service: 'postgres' }));
      }
    }
    // Background alerts: roughly one change every 20 s.
    if (rng() < tickMs / 20_000) {
      const a = BACKGROUND_ALERTS[Math.floor(rng() * BACKGROUND_ALERTS.length)];
      if (a) {
        const state = firing.has(a.name) ? 'resolved' : 'firing';
        if (state === 'firing') firing.add(a.name);
        else firing.delete(a.name);
        events.push(alert(a.name, a.severity, state, { ...a.labels }));
      }
    }
    o.onEvents(events);
    // onEvents runs the whole pipeline synchronously; it may have stopped us.
    if (!stopped) handle = timers.setTimeout(tick, tickMs);
  };

  o.onState({ status: 'live', attempt: 0 });
  handle = timers.setTimeout(tick, tickMs);
  return {
    stop() {
      stopped = true;
      timers.clearTimeout(handle);
    },
  };
}

function crossed(at: number, t: number, dt: number): boolean {
  return t >= at && t - dt < at;
}

function round(v: number): number {
  return Math.round(v * 1000) / 1000;
}
