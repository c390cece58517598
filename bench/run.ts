// `npm run bench`: starts everything (bench/lib/stack.ts), measures every figure in
// one run, writes <out>/latest.json and <out>/latest.md. `quick` shrinks every size
// so `npm test` can run the whole harness as a smoke test.
import { cpus } from 'node:os';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { calibrate, consoleReported, consoleTarget, baselineTarget, openTarget, runLoad, summary, type LoadRun } from './scenarios/latency';
import { runIngest } from './scenarios/ingest';
import { bareWebSocket } from './scenarios/ingest-bare';
import { runSoak } from './scenarios/soak';
import { runRender } from './scenarios/render';
import { runStartup } from './scenarios/startup';
import { runPrometheus } from './scenarios/prometheus';
import { profileWhile, type ProfileSummary } from './lib/profile';
import { pacedPublish, sleep } from './lib/publish';
import { BENCH_DIR, baselineUrl, consoleUrl, startBenchStack, type BenchStack } from './lib/stack';
import { renderMarkdown, TARGETS } from './report';

export interface BenchOptions {
  quick?: boolean;
  /** Output directory (default bench/results). */
  out?: string;
  /** CPU profiles at the storm and just past the ingest limit (default: on unless quick). */
  profile?: boolean;
  log?: (m: string) => void;
  /** Run only these parts (startup, latency, baseline, prometheus, ingest, soak, render, profile); default all. */
  only?: string[];
}

export type Json = null | number | string | boolean | Json[] | { [k: string]: Json };
export interface BenchResult {
  meta: Record<string, Json>;
  latency: Record<string, Json>;
  prometheus: Record<string, Json>;
  ingest: Record<string, Json>;
  soak: Record<string, Json>;
  render: Record<string, Json>;
  bundle: Record<string, Json>;
  startup: Record<string, Json>;
  /** Why a key is null (dotted key → reason). */
  notes: Record<string, string>;
  targets: { key: string; target: string; value: number | null; pass: boolean | null }[];
  profiles: Record<string, Json>;
}

/** The keys every run must fill with a number, or null plus a note. */
export const REQUIRED_KEYS = [
  'latency.p50_ms', 'latency.p99_ms', 'latency.storm_p99_ms', 'latency.baseline_p50_ms',
  'prometheus.fire_to_sound_ms', 'ingest.msgs_per_s', 'ingest.ceiling_msgs_per_s', 'ingest.ratio_to_ceiling',
  'soak.heap_growth_mb', 'soak.max_voices', 'soak.audio_nodes_end', 'render.x_realtime',
  'bundle.initial_js_gz_kb', 'startup.ready_ms',
] as const;

const SIZES = {
  full: {
    calProbes: 6, steadySeconds: 120, stormSeconds: 50, stormProbesPerS: 2, stormRate: 1000, baseCal: 5, baseSeconds: 30,
    ceilingCount: 200_000, stepSeconds: 3, rates: [2000, 5000, 10_000, 20_000, 30_000, 40_000, 60_000, 80_000, 120_000], bareRates: [5000, 10_000, 15_000, 20_000, 25_000, 30_000, 40_000], bisect: 2, drainMs: 1500,
    soakEvents: 1_000_000, soakMaxSeconds: 600, soakWindow: 5_000, soakBatch: 100, renderSeconds: 20, renderRepeats: 3, startupRuns: 3, promRuns: 5,
  },
  quick: {
    calProbes: 2, steadySeconds: 2, stormSeconds: 2, stormProbesPerS: 1, stormRate: 1000, baseCal: 2, baseSeconds: 2,
    ceilingCount: 3000, stepSeconds: 1, rates: [1000], bareRates: [1000], bisect: 0, drainMs: 3000,
    soakEvents: 3000, soakMaxSeconds: 30, soakWindow: 2000, soakBatch: 100, renderSeconds: 1, renderRepeats: 1, startupRuns: 1, promRuns: 1,
  },
};

const r2 = (x: number | null | undefined): number | null => (x == null || !Number.isFinite(x) ? null : Math.round(x * 100) / 100);
const ratio = (a: number | null | undefined, b: number | null | undefined) => (a == null || b == null || !b ? null : r2(a / b));

/** The element whose key is the median (the lower middle for an even count). */
function medianBy<T>(xs: T[], key: (x: T) => number): T | undefined {
  return [...xs].sort((a, b) => key(a) - key(b))[Math.floor((xs.length - 1) / 2)];
}

/** Quantile over probes, counting unheard probes as the window length (so it is a lower bound then). */
function censored(run: LoadRun, q: number): number | null {
  const xs = [...run.renderMs, ...Array<number>(run.unheard).fill(run.windowMs)];
  if (!xs.length) return null;
  const s = xs.sort((a, b) => a - b);
  return r2(s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))]!);
}

export async function runBench(o: BenchOptions = {}): Promise<BenchResult> {
  const log = o.log ?? ((m: string) => console.log(`[bench] ${m}`));
  const z = o.quick ? SIZES.quick : SIZES.full;
  const want = (part: string) => !o.only?.length || o.only.includes(part);
  const doProfile = (o.profile ?? !o.quick) && want('profile');
  const t0 = Date.now();
  const res: BenchResult = { meta: {}, latency: {}, prometheus: {}, ingest: {}, soak: {}, render: {}, bundle: {}, startup: {}, notes: {}, targets: [], profiles: {} };
  const fail = (keys: string[], err: unknown) => {
    const msg = `error: ${String((err as Error)?.message ?? err).split('\n')[0]!.slice(0, 300)}`;
    log(msg);
    for (const k of keys) {
      const [sec, key] = k.split('.') as [keyof BenchResult, string];
      (res[sec] as Record<string, Json>)[key] ??= null;
      res.notes[k] ??= msg;
    }
  };
  const stack: BenchStack = await startBenchStack({ log });
  try {
    const version = await stack.browser.version();
    res.meta = { date: new Date().toISOString(), quick: !!o.quick, cores: cpus().length, cpu: cpus()[0]?.model ?? 'unknown', node: process.version, chromium: version,
      note: 'latency = Date.now() before publish (real mqtt.js client, TCP) → when the audio thread rendered the first sample of that alert\'s sound (worklet Date.now() per render quantum); heard_* adds the output latency (getOutputTimestamp)',
      measured_browser: 'latency and ingest pages: a separate headless Chromium driven over --remote-debugging-pipe with only the Runtime and Page domains on (no Network domain, which reports every WebSocket frame to the driver); startup, Prometheus, soak and render pages: Playwright' };

    // Startup and bundle first, on a quiet machine.
    if (want('startup')) try {
      log('startup / bundle');
      const s = await runStartup(stack, z.startupRuns);
      res.startup = { ready_ms: s.readyMs, interactive_ms: s.interactiveMs, audio_running_ms: s.audioRunningMs, mqtt_live_ms: s.mqttLiveMs, runs: s.runs };
      res.bundle = { initial_js_gz_kb: s.initialJsGzKb, initial_js_raw_kb: s.initialJsRawKb, ready_js_gz_kb: s.readyJsGzKb, scripts: s.scripts as unknown as Json,
        gzip: 'zlib level 9; initial = every script (page or worker) requested before the console was interactive, ready = before it was ready to sound' };
    } catch (err) { fail(['startup.ready_ms', 'bundle.initial_js_gz_kb'], err); }

    // Latency: the console at 10 alerts/s, then in a 1,000 alerts/s storm.
    const pub = await stack.publisher('probe');
    if (want('latency')) try {
      log('latency: console');
      const t = consoleTarget(consoleUrl(stack));
      const p = await openTarget(stack, t);
      const cal = await calibrate(p, pub, t, z.calProbes);
      if (!cal.matched) throw new Error('calibration: no isolated probe was heard');
      const steady = await runLoad(p, pub, t, cal, { rate: 10, probeEvery: 4, seconds: z.steadySeconds });
      const selfReport = await consoleReported(p);
      await p.close();
      const sSteady = summary(steady.renderMs);
      const hSteady = summary(steady.heardMs);
      Object.assign(res.latency, {
        p50_ms: censored(steady, 0.5), p99_ms: censored(steady, 0.99), p90_ms: censored(steady, 0.9), max_ms: sSteady.max,
        heard_p50_ms: hSteady.p50, heard_p99_ms: hSteady.p99,
        probes: steady.probes, unheard: steady.unheard, alerts_per_s: 10, seconds: steady.seconds,
        isolated_tap_p50_ms: r2(summary(cal.tapRenderMs).p50), isolated_clock_p50_ms: r2(summary(cal.clockRenderMs).p50), isolated_heard_p50_ms: r2(summary(cal.heardMs).p50),
        detector_bias_ms: r2(cal.biasMs), output_latency_ms: r2(steady.clock.outputLatencyMs), time_origin_skew_ms: r2(steady.clock.timeOriginSkewMs), render_stamp_vs_main_thread_ms: r2(steady.clock.renderCrossCheckMs),
        long_task_max_ms: steady.longTasks.maxMs, console_reported_p50_ms: selfReport.p50, console_reported_p99_ms: selfReport.p99,
      });

      log('latency: storm');
      const t2 = consoleTarget(consoleUrl(stack));
      const p2 = await openTarget(stack, t2);
      const cal2 = await calibrate(p2, pub, t2, Math.min(3, z.calProbes));
      const stormClient = await stack.publisher('storm');
      const before = Number(await p2.text('[data-testid="accepted-count"]'));
      const storm = await runLoad(p2, pub, t2, cal2.matched ? cal2 : cal, { rate: z.stormProbesPerS, probeEvery: 1, seconds: z.stormSeconds, storm: { client: stormClient, rate: z.stormRate, preRollMs: 1000 }, drainMs: 3000 });
      await sleep(1000);
      const after = Number(await p2.text('[data-testid="accepted-count"]'));
      const stormSent = Math.round(z.stormRate * (z.stormSeconds + 1)) + storm.probes;
      await p2.close();
      const sStorm = summary(storm.renderMs);
      Object.assign(res.latency, {
        storm_p50_ms: censored(storm, 0.5), storm_p99_ms: censored(storm, 0.99), storm_heard_p99_ms: summary(storm.heardMs).p99, storm_max_heard_ms: sStorm.max,
        storm_probes: storm.probes, storm_unheard: storm.unheard, storm_window_ms: storm.windowMs, storm_alerts_per_s: z.stormRate, storm_seconds: z.stormSeconds,
        storm_accepted_pct: r2((100 * (after - before)) / stormSent), storm_long_task_max_ms: storm.longTasks.maxMs, storm_long_tasks_over_100ms: storm.longTasks.over100,
      });
      if (storm.unheard) res.notes['latency.storm_p99_ms'] = `lower bound: ${storm.unheard}/${storm.probes} probes were not heard within ${storm.windowMs} ms and count as ${storm.windowMs} ms`;
    } catch (err) { fail(['latency.p50_ms', 'latency.p99_ms', 'latency.storm_p99_ms'], err); }

    if (want('baseline')) try {
      log('latency: naive baseline');
      const b = baselineTarget(baselineUrl(stack));
      const p = await openTarget(stack, b);
      const cal = await calibrate(p, pub, b, z.baseCal);
      if (!cal.matched) throw new Error('baseline calibration: no isolated probe was heard');
      const run = await runLoad(p, pub, b, cal, { rate: 10, probeEvery: 10, seconds: z.baseSeconds });
      await p.close();
      const s = summary(run.renderMs);
      Object.assign(res.latency, {
        baseline_p50_ms: censored(run, 0.5), baseline_p99_ms: censored(run, 0.99), baseline_heard_p50_ms: summary(run.heardMs).p50,
        baseline_isolated_tap_p50_ms: r2(summary(cal.tapRenderMs).p50), baseline_probes: run.probes, baseline_unheard: run.unheard, baseline_max_ms: s.max,
      });
    } catch (err) { fail(['latency.baseline_p50_ms'], err); }
    const L = res.latency as Record<string, number | null>;
    Object.assign(res.latency, {
      baseline_over_console_p50: ratio(L.baseline_p50_ms, L.p50_ms),
      baseline_over_console_p99: ratio(L.baseline_p99_ms, L.p99_ms),
      baseline_p50_over_storm_p99: ratio(L.baseline_p50_ms, L.storm_p99_ms),
    });

    if (want('prometheus')) try {
      log('prometheus');
      const pr = await runPrometheus(stack, z.promRuns);
      res.prometheus = {
        fire_to_sound_ms: pr.fireToSoundMs, fire_to_sound_min_ms: pr.fireToSoundMinMs, fire_to_sound_max_ms: pr.fireToSoundMaxMs, seen_to_sound_ms: pr.seenToSoundMs, poll_wait_ms: pr.pollWaitMs, poll_response_to_sound_ms: pr.pollToSoundMs,
        poll_interval_ms: pr.pollIntervalMs, push_to_firing_ms: pr.pushToFiringMs, scrape_interval_s: pr.scrapeIntervalS, evaluation_interval_s: pr.evaluationIntervalS, runs: pr.runs, unheard: pr.unheard,
      };
      res.notes['prometheus.fire_to_sound_ms'] = pr.note;
    } catch (err) { fail(['prometheus.fire_to_sound_ms'], err); }

    if (want('ingest')) try {
      log('ingest');
      const ig = await runIngest(stack, { ceilingCount: z.ceilingCount, stepSeconds: z.stepSeconds, rates: z.rates, drainMs: z.drainMs, bisect: z.bisect, profile: doProfile, log });
      res.ingest = {
        msgs_per_s: ig.msgsPerSecond, ceiling_msgs_per_s: ig.ceiling.msgsPerSecond, ratio_to_ceiling: ratio(ig.msgsPerSecond, ig.ceiling.msgsPerSecond),
        ceiling_received: ig.ceiling.received, ceiling_sent: ig.ceiling.sent, publisher_msgs_per_s: ig.ceiling.publishPerSecond,
        step_seconds: z.stepSeconds, steps: ig.steps as unknown as Json,
      };
      if (!ig.msgsPerSecond) res.notes['ingest.msgs_per_s'] = 'no step passed (0 = below the lowest rate tried)';
      // The browser's bound: a bare WebSocket worker, same publisher, same pass rule.
      const bare = await bareWebSocket(stack, await stack.publisher('bare'), { rates: z.bareRates, seconds: z.stepSeconds, drainMs: z.drainMs });
      Object.assign(res.ingest, {
        bare_websocket_msgs_per_s: bare.msgsPerSecond, console_over_bare_websocket: ratio(ig.msgsPerSecond, bare.msgsPerSecond),
        bare_websocket_steps: bare.steps as unknown as Json,
      });
      if (ig.profile) res.profiles.ingest = ig.profile as unknown as Json;
      if (ig.workerProfile) res.profiles.ingest_worker = ig.workerProfile as unknown as Json;
    } catch (err) { fail(['ingest.msgs_per_s', 'ingest.ceiling_msgs_per_s', 'ingest.ratio_to_ceiling'], err); }

    if (want('soak')) try {
      log(`soak: ${z.soakEvents} events`);
      const s = await runSoak(stack, { events: z.soakEvents, identities: 3000, maxSeconds: z.soakMaxSeconds, window: z.soakWindow, batch: z.soakBatch, log });
      res.soak = {
        heap_growth_mb: s.heapGrowthMb, heap_growth_from_cold_mb: s.heapGrowthFromColdMb, heap_checkpoints: s.heapCheckpoints, heap_cold_mb: s.heapColdMb, heap_warm_mb: s.heapWarmMb, heap_end_mb: s.heapEndMb,
        max_voices: s.maxVoices, oscillators_started: s.oscillatorsStarted, audio_nodes_start: s.audioNodesStart, audio_nodes_end: s.audioNodesEnd, audio_nodes_peak: s.audioNodesPeak,
        events: s.events, target_events: s.targetEvents, seconds: s.seconds, events_per_s: s.eventsPerSecond, alert_identities: s.identities, alerts_per_webhook_message: s.batch, backlog_events_at_measure: s.backlog, rejected_messages: s.rejected, stalls: s.stalls,
        render_capacity_start_pct: s.renderCapacityStartPct, render_capacity_max_pct: s.renderCapacityMaxPct, render_capacity_end_pct: s.renderCapacityEndPct,
      };
      if (!s.complete) res.notes['soak.heap_growth_mb'] = `time budget: ${s.events} of ${s.targetEvents} events accepted in ${s.seconds} s (${s.eventsPerSecond} events/s)${s.backlog ? `; ${s.backlog} events still in flight when measured` : ''}${s.stalls.length ? `; ${s.stalls.join('; ')}` : ''}`;
    } catch (err) { fail(['soak.heap_growth_mb', 'soak.max_voices', 'soak.audio_nodes_end'], err); }

    if (want('render')) try {
      log('render');
      // Each render three times, interleaved; the median is reported. One 20 s render takes
      // about a second, and a neighbour's burst on a shared 2-core machine moves one run by ±15 %.
      const kinds = [
        { seconds: z.renderSeconds, sampleRate: 48_000, metricVoices: 16, alertsPerSecond: 0 },
        { seconds: z.renderSeconds, sampleRate: 48_000, metricVoices: 16, alertsPerSecond: 1000 },
        // The same for a quarter of the length: render cost per second grows with length.
        { seconds: z.renderSeconds / 4, sampleRate: 48_000, metricVoices: 16, alertsPerSecond: 1000 },
      ];
      const runs = await runRender(stack, Array.from({ length: z.renderRepeats }, () => kinds).flat());
      const [bed, stormR, short] = kinds.map((_, k) => medianBy(runs.filter((_, i) => i % kinds.length === k), (r) => r.xRealtime));
      const stormAll = runs.filter((_, i) => i % kinds.length === 1).map((r) => r2(r.xRealtime));
      res.render = {
        x_realtime: r2(stormR!.xRealtime), x_realtime_runs: stormAll, x_realtime_bed: r2(bed!.xRealtime), x_realtime_quarter_length: r2(short!.xRealtime), repeats: z.renderRepeats,
        seconds: z.renderSeconds, sample_rate: 48_000, metric_voices: stormR!.metricVoices,
        alerts_per_s: 1000, alerts_in: stormR!.alertsIn, sounds_played: stormR!.soundsPlayed, folded_into_storm: stormR!.folded, peak: r2(stormR!.peak), wall_ms: r2(stormR!.wallMs), feed_ms: r2(stormR!.feedMs),
        method: "the app's AudioEngine + Conductor + MetricMapper with the ambient preset (bench/render builds them from src/) on a native OfflineAudioContext; events fed at 'now' in 100 ms slices via suspend()/resume(); median of the repeats",
      };
    } catch (err) { fail(['render.x_realtime'], err); }

    if (doProfile) {
      try {
        log('profile: 10 alerts/s');
        const t = consoleTarget(consoleUrl(stack));
        const p = await openTarget(stack, t);
        res.profiles.steady = (await profileWhile(p, '10 alerts/s (critical), 15 s', async () => {
          await pacedPublish(pub, { rate: 10, count: 150, make: (i) => t.load(70_000_000 + i) });
          await sleep(500);
        })) as unknown as Json;
        const lt = await p.evaluate(() => window.__bench.takeLongTasks());
        res.latency.profiled_long_task_max_ms = Math.round(Math.max(0, ...lt.map((x) => x.duration)));
        await p.close();
      } catch (err) { log(`profile failed: ${String(err)}`); }
      try {
        log('profile: storm');
        const t = consoleTarget(consoleUrl(stack));
        const p = await openTarget(stack, t);
        const client = await stack.publisher('storm-profile');
        res.profiles.storm = (await profileWhile(p, `storm ${z.stormRate} alerts/s, 5 s`, async () => {
          await pacedPublish(client, { rate: z.stormRate, count: z.stormRate * 5, make: (i) => t.load(50_000_000 + i) });
          await sleep(1000);
        })) as unknown as Json;
        await p.close();
      } catch (err) { log(`profile failed: ${String(err)}`); }
    }
  } finally {
    await stack.close();
  }
  res.meta.duration_s = Math.round((Date.now() - t0) / 1000);
  for (const t of TARGETS) {
    const [sec, key] = t.key.split('.') as [keyof BenchResult, string];
    const v = (res[sec] as Record<string, Json>)[key];
    const value = typeof v === 'number' ? v : null;
    res.targets.push({ key: t.key, target: t.text, value, pass: value === null ? null : t.ok(value) });
  }
  for (const k of REQUIRED_KEYS) {
    const [sec, key] = k.split('.') as [keyof BenchResult, string];
    const rec = res[sec] as Record<string, Json>;
    if (typeof rec[key] !== 'number') { rec[key] = null; res.notes[k] ??= 'not measured (see log)'; }
  }
  const out = o.out ?? join(BENCH_DIR, 'results');
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'latest.json'), `${JSON.stringify(res, null, 2)}\n`);
  writeFileSync(join(out, 'latest.md'), renderMarkdown(res));
  log(`wrote ${join(out, 'latest.json')} and latest.md in ${res.meta.duration_s} s`);
  return res;
}

export type { ProfileSummary };
