// Prometheus leg: a real rule (bench/prometheus/bench-rules.yml, no `for:`) goes
// firing in a real Prometheus → the console (polling it, its default interval) plays
// the alert, measured on the page's rendered audio by the test harness's tap, as the
// latency scenario does. Per run:
//   activeAt  Prometheus's own stamp of the rule evaluation that made BenchFire
//             firing (no `for:`, so active is firing), read from /api/v1/alerts
//   seenAt    Date.now() when the bench's own poll of /api/v1/alerts (every 20 ms)
//             first saw it firing: reported beside, it can trail the console's poll
//   onset     the tap's first sample above -50 dBFS after the push (renderPerfMs:
//             when the audio thread rendered it), on the console's 440 Hz info bell
// fire_to_sound = onset − activeAt (an upper bound: the alert is visible a few ms
// after its evaluation's stamp). The page has no other source (no MQTT), so the
// only sounds are this alert's; each run starts from silence on a fresh page, after
// the alert has resolved. Most of the figure is the wait for the console's next poll
// (0..poll interval): the console's poll responses are watched too, so the figure is
// split into that wait and the console's own share (its poll's response → sound).
import { tapOf } from '../../test/helpers/browser';
import { estimatePitch, relError, soundingRegion } from '../../test/helpers/pitch';
import { DEFAULT_POLL_INTERVAL_MS } from '../../src/sources/prometheus';
import { sleep } from '../lib/publish';
import { median } from '../lib/onsets';
import { openBenchPage, type BenchStack } from '../lib/stack';

/** The info bell's first note (the default score), which the bench rule's severity plays. */
const BELL_HZ = 440;

export interface PrometheusResult {
  fireToSoundMs: number | null;
  fireToSoundMinMs: number | null;
  fireToSoundMaxMs: number | null;
  /** Same onsets, from when the bench's own 20 ms poll first saw it firing. */
  seenToSoundMs: number | null;
  /** activeAt → the end of the console's first poll response with it firing (the poll's share). */
  pollWaitMs: number | null;
  /** That response → the rendered sound (the console's own share). */
  pollToSoundMs: number | null;
  /** The console's poll interval for Prometheus alerts. */
  pollIntervalMs: number;
  pushToFiringMs: number | null;
  scrapeIntervalS: number;
  evaluationIntervalS: number;
  runs: number;
  /** Runs with no onset within the window. */
  unheard: number;
  note: string;
}

interface PromAlert { labels: { alertname: string }; state: string; activeAt?: string }

async function benchAlert(url: string): Promise<PromAlert | undefined> {
  const r = await fetch(`${url}/api/v1/alerts`, { signal: AbortSignal.timeout(2000) }).then((x) => x.json() as Promise<{ data: { alerts: PromAlert[] } }>).catch(() => null);
  return r?.data.alerts.find((a) => a.labels.alertname === 'BenchFire');
}

async function push(pgw: string, v: number) {
  const r = await fetch(`${pgw}/metrics/job/bench/probe/p1`, { method: 'PUT', body: `sp_bench_fire ${v}\n` });
  if (!r.ok) throw new Error(`pushgateway: HTTP ${r.status}`);
}

async function until<T>(fn: () => Promise<T | undefined>, timeoutMs: number, everyMs = 20): Promise<T | undefined> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > end) return undefined;
    await sleep(everyMs);
  }
}

const r1 = (x: number | null) => (x === null ? null : Math.round(x * 10) / 10);

export async function runPrometheus(stack: BenchStack, runs: number): Promise<PrometheusResult> {
  const pollIntervalMs = DEFAULT_POLL_INTERVAL_MS;
  const base = { pollIntervalMs, scrapeIntervalS: 1, evaluationIntervalS: 1, runs };
  const empty = { fireToSoundMs: null, fireToSoundMinMs: null, fireToSoundMaxMs: null, seenToSoundMs: null, pollWaitMs: null, pollToSoundMs: null, pushToFiringMs: null, unheard: 0 };
  if (!stack.prometheus || !stack.pushgateway) return { ...base, ...empty, note: 'Prometheus not started' };
  const prom = stack.prometheus.url;
  const pgw = stack.pushgateway.url;
  await push(pgw, 0);
  // Prometheus is the console's only source: nothing else can sound.
  const p = await openBenchPage(stack, `${stack.app.url}?prometheus=${encodeURIComponent(prom)}`, { recorder: false });
  const tap = tapOf(p.page);
  const fire: number[] = [];
  const seen: number[] = [];
  const pollWait: number[] = [];
  const afterPoll: number[] = [];
  // The console's own poll that first brought BenchFire back firing (its response's end, epoch ms).
  let polledAt: number | null = null;
  p.page.on('requestfinished', (req) => {
    if (polledAt !== null || !req.url().startsWith(`${prom}/api/v1/alerts`)) return;
    void req.response().then(async (res) => {
      const body = (await res?.json().catch(() => null)) as { data?: { alerts?: PromAlert[] } } | null;
      const t = req.timing();
      if (polledAt === null && body?.data?.alerts?.some((a) => a.labels.alertname === 'BenchFire' && a.state === 'firing')) polledAt = t.startTime + t.responseEnd;
    }).catch(() => {});
  });
  let timeOrigin = p.timeOrigin;
  const pushToFiring: number[] = [];
  let unheard = 0;
  try {
    for (let i = 0; i < runs; i++) {
      // From rest: BenchFire gone from Prometheus, then a fresh page, so each run has its
      // own phase of the console's poll against Prometheus's evaluation ticks (with both
      // periodic, one page would see the same phase every run).
      await until(async () => ((await benchAlert(prom)) ? undefined : true), 15_000, 100);
      if (i > 0) await p.page.reload();
      await p.page.waitForSelector('[data-source="prometheus"][data-status="live"]', { timeout: 20_000 });
      if (!(await tap.ready(10_000))) throw new Error('the audio tap did not start');
      timeOrigin = await p.page.evaluate(() => performance.timeOrigin);
      await tap.waitForSilence(8000);
      await sleep(Math.random() * pollIntervalMs);
      polledAt = null;
      const pushedAt = Date.now();
      await push(pgw, 1);
      const firing = await until(async () => {
        const a = await benchAlert(prom);
        return a?.state === 'firing' ? { at: Date.now(), activeAt: a.activeAt ? Date.parse(a.activeAt) : NaN } : undefined;
      }, 15_000);
      if (!firing) throw new Error('BenchFire did not fire in Prometheus within 15 s');
      pushToFiring.push(firing.at - pushedAt);
      const onset = await tap.waitForOnset(pushedAt - timeOrigin, pollIntervalMs + 6000);
      if (!onset) unheard++;
      else {
        // It is the bell: the first 80 ms of the onset's region sound at 440 Hz.
        await sleep(300);
        const now = (await tap.snapshot()).perContext[onset.context]?.currentTime ?? 0;
        const { pcm, sampleRate } = await tap.recent(Math.min(2, now - onset.ctxTime + 0.005), onset.context);
        const hz = estimatePitch(soundingRegion(pcm, -50).subarray(0, Math.round(sampleRate * 0.08)), sampleRate, { gateDbfs: -50 })?.hz ?? 0;
        if (relError(hz, BELL_HZ) > 0.03) throw new Error(`the onset after BenchFire is at ${Math.round(hz)} Hz, not the ${BELL_HZ} Hz info bell`);
        const soundAt = onset.renderPerfMs + timeOrigin;
        if (!Number.isFinite(firing.activeAt)) throw new Error('Prometheus reported BenchFire without activeAt');
        fire.push(soundAt - firing.activeAt);
        seen.push(soundAt - firing.at);
        if (polledAt !== null) {
          pollWait.push(polledAt - firing.activeAt);
          afterPoll.push(soundAt - polledAt);
        }
      }
      await push(pgw, 0);
    }
  } finally {
    await push(pgw, 0).catch(() => {});
    await p.close();
  }
  return {
    ...base,
    fireToSoundMs: r1(median(fire)), fireToSoundMinMs: fire.length ? r1(Math.min(...fire)) : null, fireToSoundMaxMs: fire.length ? r1(Math.max(...fire)) : null,
    seenToSoundMs: r1(median(seen)), pollWaitMs: r1(median(pollWait)), pollToSoundMs: r1(median(afterPoll)), pushToFiringMs: r1(median(pushToFiring)), unheard,
    note: `from activeAt; median of ${fire.length} runs (${unheard} unheard); includes the wait for the console's next poll (every ${pollIntervalMs} ms, a random phase per run)`,
  };
}
