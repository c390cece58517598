// Prometheus leg. What exists today: a real rule (bench/prometheus/bench-rules.yml)
// goes from a Pushgateway push to `firing` in Prometheus's own API; that part is
// measured. The console has no Prometheus source yet (another issue), so
// fire_to_sound_ms stays null with a note. When the source lands, fill in
// `soundAfterFiring` below: open the console with ?prometheus=<url>, push, and take
// the tap onset exactly as scenarios/latency.ts does for MQTT.
import { sleep } from '../lib/publish';
import type { BenchStack } from '../lib/stack';
import { median } from '../lib/onsets';

export interface PrometheusResult {
  fireToSoundMs: number | null;
  /** The console's poll interval for Prometheus alerts; null until the source exists. */
  pollIntervalMs: number | null;
  pushToFiringMs: number | null;
  scrapeIntervalS: number;
  evaluationIntervalS: number;
  runs: number;
  note: string;
}

async function firing(url: string): Promise<boolean> {
  const r = await fetch(`${url}/api/v1/alerts`).then((x) => x.json() as Promise<{ data: { alerts: { labels: { alertname: string }; state: string }[] } }>).catch(() => null);
  return !!r?.data.alerts.some((a) => a.labels.alertname === 'BenchFire' && a.state === 'firing');
}

async function push(pgw: string, v: number) {
  const r = await fetch(`${pgw}/metrics/job/bench/probe/p1`, { method: 'PUT', body: `sp_bench_fire ${v}\n` });
  if (!r.ok) throw new Error(`pushgateway: HTTP ${r.status}`);
}

export async function runPrometheus(stack: BenchStack, runs: number): Promise<PrometheusResult> {
  const base = { fireToSoundMs: null, pollIntervalMs: null, scrapeIntervalS: 1, evaluationIntervalS: 1, runs,
    note: 'pending: prometheus source not implemented (push→firing in Prometheus is measured; firing→sound awaits the console\'s Prometheus source)' };
  if (!stack.prometheus || !stack.pushgateway) return { ...base, pushToFiringMs: null, note: `${base.note}; Prometheus not started` };
  const prom = stack.prometheus.url;
  const pgw = stack.pushgateway.url;
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    await push(pgw, 0);
    for (let t = 0; t < 100 && (await firing(prom)); t++) await sleep(100);
    await sleep(1100);
    const t0 = Date.now();
    await push(pgw, 1);
    while (!(await firing(prom))) {
      if (Date.now() - t0 > 15_000) break;
      await sleep(25);
    }
    if (Date.now() - t0 <= 15_000) times.push(Date.now() - t0);
  }
  await push(pgw, 0).catch(() => {});
  return { ...base, pushToFiringMs: median(times) };
}
