// window.singingPagerKiosk, in kiosk mode only: what a long-running display holds
// (voices, alerts, DOM nodes) and a driver that pushes hours of synthetic telemetry
// through the live pipeline in seconds, so a test can show none of it grows.
import type { AlertEvent, MetricEvent, TelemetryEvent } from '../domain/events';
import { alertIdentity } from '../domain/identity';
import { alertsStore } from '../store/alerts';
import { soundsStore } from '../store/sounds';
import { getAudioEngine, getPipeline } from './engine-ref';

export interface KioskStats {
  readonly running: boolean;
  readonly activeVoices: number;
  readonly metricVoices: number;
  readonly alerts: number;
  readonly firing: number;
  readonly soundsKept: number;
  readonly subjectsKept: number;
  readonly domNodes: number;
}

export interface SoakOptions {
  /** Simulated hours of telemetry. */
  readonly hours: number;
  /** Simulated seconds between batches (default 10). */
  readonly stepSeconds?: number;
  /** Distinct alerts (name × instance) that fire and resolve (default 240). */
  readonly fleet?: number;
  /** Batches between yields to the page (rendering, audio), default 20. */
  readonly yieldEvery?: number;
  readonly seed?: number;
}

export interface KioskProbe {
  stats(): KioskStats;
  soak(o: SoakOptions): Promise<{ batches: number; events: number; seconds: number }>;
}

declare global {
  interface Window {
    singingPagerKiosk?: KioskProbe;
  }
}

const NAMES = [
  ['HighCPU', 'critical'],
  ['DiskFull', 'critical'],
  ['HighLatency', 'warning'],
  ['ErrorRate', 'warning'],
  ['PodRestarting', 'warning'],
  ['BackupSlow', 'info'],
] as const;

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function stats(): KioskStats {
  const e = getAudioEngine();
  const byId = alertsStore.getState().byId;
  let firing = 0;
  for (const a of byId.values()) if (a.state === 'firing') firing++;
  const s = soundsStore.getState();
  return {
    running: e?.running ?? false,
    activeVoices: e?.activeVoices() ?? 0,
    metricVoices: e?.metricVoiceCount ?? 0,
    alerts: byId.size,
    firing,
    soundsKept: s.recent.length,
    subjectsKept: s.lastBySubject.size,
    domNodes: document.getElementsByTagName('*').length,
  };
}

export async function soak(o: SoakOptions): Promise<{ batches: number; events: number; seconds: number }> {
  const pipeline = getPipeline();
  if (!pipeline) throw new Error('no pipeline yet');
  const step = o.stepSeconds ?? 10;
  const fleet = o.fleet ?? 240;
  const every = o.yieldEvery ?? 20;
  const random = rng(o.seed ?? 7);
  const firing = new Set<number>();
  const t0 = performance.now();
  const steps = Math.ceil((o.hours * 3600) / step);
  let events = 0;
  for (let i = 0; i < steps; i++) {
    const t = i * step;
    const at = performance.now();
    const batch: TelemetryEvent[] = [];
    const wave = (period: number, phase: number) => Math.sin((2 * Math.PI * t) / period + phase);
    const metric = (name: string, value: number): MetricEvent => ({ kind: 'metric', name, value, source: 'demo', receivedAt: at });
    batch.push(
      metric('cpu', 0.4 + 0.3 * wave(3600, 0) + 0.05 * random()),
      metric('memory', 0.55 + 0.1 * wave(7200, 1)),
      metric('latency', 0.12 + 0.05 * Math.max(0, wave(1800, 2)) + 0.01 * random()),
      metric('disk', 0.6 + 0.2 * ((t % 20000) / 20000)),
    );
    // Two of the fleet change state each batch: a steady churn of fires and resolves.
    for (let k = 0; k < 2; k++) {
      const n = Math.floor(random() * fleet);
      const [name, severity] = NAMES[n % NAMES.length]!;
      const labels = { instance: `node-${Math.floor(n / NAMES.length)}`, service: 'soak' };
      const state = firing.has(n) ? 'resolved' : 'firing';
      if (state === 'firing') firing.add(n);
      else firing.delete(n);
      const e: AlertEvent = { kind: 'alert', id: alertIdentity(name, labels), name, severity, state, labels, annotations: {}, source: 'demo', receivedAt: at };
      batch.push(e);
    }
    pipeline.ingest(batch);
    pipeline.tick();
    events += batch.length;
    if (i % every === every - 1) await new Promise((r) => setTimeout(r, 16));
  }
  return { batches: steps, events, seconds: (performance.now() - t0) / 1000 };
}

export function installKioskProbe(): void {
  window.singingPagerKiosk = { stats, soak };
}
