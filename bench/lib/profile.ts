// CPU profiles of the page through the DevTools protocol (works headless), summarised
// by self time per function, with positions mapped back to src/ through the build's
// source maps when they can be fetched.
export interface ProfileSummary {
  label: string;
  totalMs: number;
  /** Share of sampled time the main thread was idle. */
  idlePct: number;
  gcPct: number;
  top: { fn: string; where: string; selfMs: number; selfPct: number }[];
}

interface CpuNode { id: number; callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number }; hitCount?: number }
interface CpuProfile { nodes: CpuNode[]; startTime: number; endTime: number; samples?: number[]; timeDeltas?: number[] }

type Mapper = (url: string, line: number, col: number) => string | null;

async function sourceMapper(): Promise<Mapper> {
  let SMC: typeof import('source-map-js').SourceMapConsumer | null = null;
  try { SMC = (await import('source-map-js')).SourceMapConsumer; } catch { return () => null; }
  const cache = new Map<string, InstanceType<NonNullable<typeof SMC>> | null>();
  const maps = new Map<string, Promise<void>>();
  const load = (url: string) => {
    let p = maps.get(url);
    if (!p) {
      p = fetch(`${url}.map`).then(async (r) => { cache.set(url, r.ok ? new SMC!(await r.json()) : null); }).catch(() => { cache.set(url, null); });
      maps.set(url, p);
    }
    return p;
  };
  return Object.assign(((url, line, col) => {
    const c = cache.get(url);
    if (!c) return null;
    const pos = c.originalPositionFor({ line: line + 1, column: col });
    return pos.source ? `${pos.source.replace(/^(\.\.\/)+/, '')}:${pos.line}${pos.name ? ` (${pos.name})` : ''}` : null;
  }) as Mapper, { load });
}

/** A measured page's DevTools commands (bench/lib/bare-browser.ts). */
type Commands = { send(method: string, params?: Record<string, unknown>): Promise<unknown> };

export async function profileWhile(cdp: Commands, label: string, during: () => Promise<unknown>, topN = 15): Promise<ProfileSummary> {
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  try { await during(); } finally { /* stop below */ }
  const { profile } = (await cdp.send('Profiler.stop')) as { profile: CpuProfile };
  await cdp.send('Profiler.disable').catch(() => {});
  const self = new Map<number, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  for (let i = 0; i < samples.length; i++) self.set(samples[i]!, (self.get(samples[i]!) ?? 0) + (deltas[i + 1] ?? deltas[i] ?? 0) / 1000);
  const totalMs = (profile.endTime - profile.startTime) / 1000;
  const mapper = await sourceMapper();
  const urls = new Set(profile.nodes.map((n) => n.callFrame.url).filter((u) => /\.js$/.test(u) && u.startsWith('http')));
  await Promise.all([...urls].map((u) => (mapper as Mapper & { load?: (u: string) => Promise<void> }).load?.(u)));
  const byKey = new Map<string, { fn: string; where: string; selfMs: number }>();
  let idle = 0;
  let gc = 0;
  for (const n of profile.nodes) {
    const ms = self.get(n.id) ?? 0;
    if (!ms) continue;
    const f = n.callFrame;
    if (f.functionName === '(idle)') { idle += ms; continue; }
    if (f.functionName === '(garbage collector)') gc += ms;
    const mapped = f.url ? mapper(f.url, f.lineNumber, f.columnNumber) : null;
    const where = mapped ?? (f.url ? `${f.url.replace(/^https?:\/\/[^/]+\//, '')}:${f.lineNumber + 1}:${f.columnNumber + 1}` : '(native)');
    const fn = f.functionName || '(anonymous)';
    const key = `${fn}@${where}`;
    const e = byKey.get(key) ?? { fn, where, selfMs: 0 };
    e.selfMs += ms;
    byKey.set(key, e);
  }
  const top = [...byKey.values()].sort((a, b) => b.selfMs - a.selfMs).slice(0, topN)
    .map((e) => ({ ...e, selfMs: Math.round(e.selfMs), selfPct: Math.round((1000 * e.selfMs) / totalMs) / 10 }));
  return { label, totalMs: Math.round(totalMs), idlePct: Math.round((1000 * idle) / totalMs) / 10, gcPct: Math.round((1000 * gc) / totalMs) / 10, top };
}
