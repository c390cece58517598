// Pure geometry for the console's SVG charts (charts.tsx), tested alone.

export interface Box { readonly width: number; readonly height: number; readonly pad: number }

/** An SVG path through the points, x over [from, to], y over the points' own range (flat in the middle). */
export function sparkPath(points: readonly { t: number; v: number }[], from: number, to: number, box: Box): string {
  const ps = points.filter((p) => Number.isFinite(p.t) && Number.isFinite(p.v));
  if (ps.length === 0) return '';
  let lo = Infinity;
  let hi = -Infinity;
  for (const p of ps) {
    if (p.v < lo) lo = p.v;
    if (p.v > hi) hi = p.v;
  }
  const span = to - from || 1;
  const w = box.width - 2 * box.pad;
  const h = box.height - 2 * box.pad;
  const x = (t: number) => box.pad + Math.min(1, Math.max(0, (t - from) / span)) * w;
  const y = (v: number) => (hi === lo ? box.pad + h / 2 : box.pad + (1 - (v - lo) / (hi - lo)) * h);
  return ps.map((p, i) => `${i ? 'L' : 'M'}${x(p.t).toFixed(1)},${y(p.v).toFixed(1)}`).join('');
}

/** `n` equal steps from `from` to `to`: n + 1 tick times. */
export function timeTicks(from: number, to: number, n: number): number[] {
  return Array.from({ length: n + 1 }, (_, i) => from + ((to - from) * i) / n);
}
