// Targets and the Markdown table written beside latest.json.
import type { BenchResult, Json } from './run';

export const TARGETS: { key: string; text: string; ok: (v: number) => boolean }[] = [
  { key: 'latency.p99_ms', text: '≤ 20 ms', ok: (v) => v <= 20 },
  { key: 'latency.storm_p99_ms', text: '≤ 40 ms', ok: (v) => v <= 40 },
  { key: 'latency.baseline_over_console_p50', text: '≥ 5×', ok: (v) => v >= 5 },
  { key: 'latency.baseline_p50_over_storm_p99', text: '≥ 5×', ok: (v) => v >= 5 },
  { key: 'ingest.msgs_per_s', text: '≥ 20,000 msgs/s', ok: (v) => v >= 20_000 },
  { key: 'ingest.ratio_to_ceiling', text: '≥ 0.5', ok: (v) => v >= 0.5 },
  { key: 'soak.heap_growth_mb', text: '≤ 5 MB', ok: (v) => v <= 5 },
  { key: 'render.x_realtime', text: '≥ 20×', ok: (v) => v >= 20 },
  { key: 'bundle.initial_js_gz_kb', text: '≤ 250 KB', ok: (v) => v <= 250 },
];

const fmt = (v: Json | undefined, unit = ''): string => {
  if (v === null || v === undefined) return '—';
  if (typeof v === 'number') return `${Number.isInteger(v) ? v.toLocaleString('en-US') : v.toLocaleString('en-US', { maximumFractionDigits: 2 })}${unit}`;
  return String(v);
};

/** "12 MB (100,000) → …": the soak's heap after GC at each checkpoint. */
function checkpoints(v: Json | undefined): string {
  if (!Array.isArray(v) || !v.length) return '—';
  return v.map((c) => (c && typeof c === 'object' && !Array.isArray(c) ? `${fmt(c.mb, ' MB')} (${fmt(c.events)})` : '?')).join(' → ');
}

/** "19.9×, 22.4×, 21.4×": each repeat of a figure. */
function runsList(v: Json | undefined, unit: string): string {
  return Array.isArray(v) && v.length ? v.map((x) => fmt(x, unit)).join(', ') : '—';
}

export function renderMarkdown(r: BenchResult): string {
  const g = (k: string): Json | undefined => {
    const [sec, key] = k.split('.') as [keyof BenchResult, string];
    return (r[sec] as Record<string, Json>)[key];
  };
  const target = (k: string) => r.targets.find((t) => t.key === k);
  const status = (k: string) => {
    const t = target(k);
    if (!t) return '';
    return t.pass === null ? 'n/a' : t.pass ? 'met' : '**missed**';
  };
  const rows: [string, string, string, string, string, string][] = [
    ['MQTT publish → rendered sound, p50 (10 alerts/s)', fmt(g('latency.p50_ms'), ' ms'), `naive page ${fmt(g('latency.baseline_p50_ms'), ' ms')}`, `${fmt(g('latency.baseline_over_console_p50'))}× faster`, target('latency.baseline_over_console_p50')?.target ?? '', status('latency.baseline_over_console_p50')],
    [`… p99 (10 alerts/s; ${fmt(g('latency.probes'))} probes, ${fmt(g('latency.unheard'))} unheard, max ${fmt(g('latency.max_ms'), ' ms')})`, fmt(g('latency.p99_ms'), ' ms'), `naive page ${fmt(g('latency.baseline_p99_ms'), ' ms')}`, `${fmt(g('latency.baseline_over_console_p99'))}×`, target('latency.p99_ms')?.target ?? '', status('latency.p99_ms')],
    ['… heard (+ output latency), p50 / p99', `${fmt(g('latency.heard_p50_ms'), ' ms')} / ${fmt(g('latency.heard_p99_ms'), ' ms')}`, `naive page p50 ${fmt(g('latency.baseline_heard_p50_ms'), ' ms')}`, '', '', ''],
    [`… p99 during a ${fmt(g('latency.storm_alerts_per_s'))} alerts/s storm (${fmt(g('latency.storm_probes'))} probes, max ${fmt(g('latency.storm_max_heard_ms'), ' ms')})`, fmt(g('latency.storm_p99_ms'), ' ms'), `naive page p50 ${fmt(g('latency.baseline_p50_ms'), ' ms')}`, `${fmt(g('latency.baseline_p50_over_storm_p99'))}×`, target('latency.storm_p99_ms')?.target ?? '', status('latency.storm_p99_ms')],
    ['… storm: alerts accepted / probes unheard', `${fmt(g('latency.storm_accepted_pct'), ' %')} / ${fmt(g('latency.storm_unheard'))} of ${fmt(g('latency.storm_probes'))}`, '', '', '100 % / 0', ''],
    ['Prometheus rule firing (activeAt) → rendered sound, median', fmt(g('prometheus.fire_to_sound_ms'), ' ms'), `console polls every ${fmt(g('prometheus.poll_interval_ms'), ' ms')}: waiting for its poll ${fmt(g('prometheus.poll_wait_ms'), ' ms')}, its poll's response → sound ${fmt(g('prometheus.poll_response_to_sound_ms'), ' ms')}; range ${fmt(g('prometheus.fire_to_sound_min_ms'))}–${fmt(g('prometheus.fire_to_sound_max_ms'), ' ms')} over ${fmt(g('prometheus.runs'))} runs; from the bench's own 20 ms poll seeing it ${fmt(g('prometheus.seen_to_sound_ms'), ' ms')}; push → firing ${fmt(g('prometheus.push_to_firing_ms'), ' ms')} (scrape/eval ${fmt(g('prometheus.scrape_interval_s'))} s)`, '', '', ''],
    ['Ingest, zero loss, no task > 100 ms', fmt(g('ingest.msgs_per_s'), ' msgs/s'), `mosquitto_sub ${fmt(g('ingest.ceiling_msgs_per_s'), ' msgs/s')}`, fmt(g('ingest.ratio_to_ceiling')), `${target('ingest.msgs_per_s')?.target}; ${target('ingest.ratio_to_ceiling')?.target}`, [status('ingest.msgs_per_s'), status('ingest.ratio_to_ceiling')].join(' / ')],
    ['… a bare WebSocket worker (no mqtt.js, no console), same rule', fmt(g('ingest.bare_websocket_msgs_per_s'), ' msgs/s'), `console ${fmt(g('ingest.msgs_per_s'), ' msgs/s')}`, `console/bare ${fmt(g('ingest.console_over_bare_websocket'))}`, 'the browser\'s own bound here', ''],
    [`Heap growth over ${fmt(g('soak.events'))} events (after GC), 10 % → end`, fmt(g('soak.heap_growth_mb'), ' MB'), `from cold ${fmt(g('soak.heap_growth_from_cold_mb'), ' MB')}; heap at ${checkpoints(g('soak.heap_checkpoints'))}`, '', target('soak.heap_growth_mb')?.target ?? '', status('soak.heap_growth_mb')],
    ['Max voices sounding / audio nodes at end', `${fmt(g('soak.max_voices'))} / ${fmt(g('soak.audio_nodes_end'))}`, `nodes at start ${fmt(g('soak.audio_nodes_start'))}; audio thread load ${fmt(g('soak.render_capacity_start_pct'), ' %')} → max ${fmt(g('soak.render_capacity_max_pct'), ' %')}`, '', 'bounded', ''],
    ['Soak rate (events accepted / s)', fmt(g('soak.events_per_s')), `${fmt(g('soak.alerts_per_webhook_message'))} alerts per webhook message, ${fmt(g('soak.alert_identities'))} alert identities; ${fmt(g('soak.seconds'), ' s')} in all`, '', '', ''],
    ['Offline render, 16 metric voices + 1,000 alerts/s', fmt(g('render.x_realtime'), '× real time'), `median of ${fmt(g('render.repeats'))} (${runsList(g('render.x_realtime_runs'), '×')}); bed alone ${fmt(g('render.x_realtime_bed'), '×')}; same, ¼ length ${fmt(g('render.x_realtime_quarter_length'), '×')}`, '', target('render.x_realtime')?.target ?? '', status('render.x_realtime')],
    ['Initial JS (gzip), requested before the console is interactive', fmt(g('bundle.initial_js_gz_kb'), ' KB'), `raw ${fmt(g('bundle.initial_js_raw_kb'), ' KB')}; before ready to sound ${fmt(g('bundle.ready_js_gz_kb'), ' KB')} gz`, '', target('bundle.initial_js_gz_kb')?.target ?? '', status('bundle.initial_js_gz_kb')],
    ['Page load → ready to sound', fmt(g('startup.ready_ms'), ' ms'), `interactive ${fmt(g('startup.interactive_ms'), ' ms')}, audio running ${fmt(g('startup.audio_running_ms'), ' ms')}, MQTT live ${fmt(g('startup.mqtt_live_ms'), ' ms')}`, '', '', ''],
  ];
  const lines = [
    `# Singing Pager bench — ${String(r.meta.date ?? '')}${r.meta.quick ? ' (quick)' : ''}`,
    '',
    `${fmt(r.meta.cores)} cores (${fmt(r.meta.cpu)}), Node ${fmt(r.meta.node)}, Chromium ${fmt(r.meta.chromium)}; run took ${fmt(r.meta.duration_s)} s. Full data: [latest.json](latest.json).`,
    '',
    '| figure | this run | reference, same run | ratio | target | |',
    '|---|---|---|---|---|---|',
    ...rows.map((c) => `| ${c.join(' | ')} |`),
    '',
    `Latency is measured on the audio itself: ${String(r.meta.note ?? '')}. Browsers: ${String(r.meta.measured_browser ?? '')}. Probes are info alerts (440 Hz) among critical-alert load; their onset is found in the 440 Hz band of the recorded output and corrected by ${fmt(r.latency.detector_bias_ms, ' ms')} (measured on isolated probes against the audio tap's frame-exact onset, same run). Isolated probe by the tap's own mapping: ${fmt(r.latency.isolated_tap_p50_ms, ' ms')} p50. The console's self-reported event → scheduled figure: p50 ${fmt(r.latency.console_reported_p50_ms, ' ms')}.`,
    '',
  ];
  const notes = Object.entries(r.notes);
  if (notes.length) lines.push('Notes:', '', ...notes.map(([k, v]) => `- \`${k}\`: ${v}`), '');
  const profs = Object.entries(r.profiles) as [string, { label: string; idlePct: number; gcPct: number; top: { fn: string; where: string; selfPct: number }[] }][];
  for (const [, p] of profs) {
    lines.push(`Profile — ${p.label}: idle ${p.idlePct} %, GC ${p.gcPct} %. Top self time:`, '');
    lines.push('| self % | function | where |', '|---|---|---|', ...p.top.slice(0, 10).map((t) => `| ${t.selfPct} | \`${t.fn}\` | ${t.where} |`), '');
  }
  return `${lines.join('\n')}\n`;
}
