// The score document's schema. zod validates and compiles in one pass, so every
// error keeps the path of the field it is about (parse.ts turns paths into lines).
import { z } from 'zod';
import { EARCON_IDS, isEarconId } from './earcons';
import type { EarconId } from './earcons';
import { parseDuration } from './duration';
import { parseMatcher } from './matchers';
import type { Matcher } from './matchers';
import type { AlertRoute, RepeatPolicy, Score } from './types';

const earconId = z.string().refine(isEarconId, { message: `unknown earcon; use one of: ${EARCON_IDS.join(', ')}` }).transform((s) => s as EarconId);

const duration = z.string().transform((s, ctx) => {
  const ms = parseDuration(s);
  if (ms === null || ms <= 0) {
    ctx.addIssue({ code: 'custom', message: `"${s}" is not a duration (e.g. 30s, 5m, 1h)` });
    return z.NEVER;
  }
  return ms;
});

const matcher = z.string().transform((s, ctx): Matcher => {
  const r = parseMatcher(s);
  if (!r.ok) {
    ctx.addIssue({ code: 'custom', message: r.message });
    return z.NEVER;
  }
  return r.matcher;
});

const REPEAT = /^(?:(once)|every\s+(\S+)\s+while\s+firing|until\s+acknowledged(?:\s+every\s+(\S+))?)$/;
const DEFAULT_ACK_REPEAT_MS = 60_000;

const repeat = z.string().transform((s, ctx): RepeatPolicy => {
  const m = REPEAT.exec(s.trim());
  const bad = () => {
    ctx.addIssue({ code: 'custom', message: `"${s}" is not a repeat policy; use "once", "every 5m while firing" or "until acknowledged [every 1m]"` });
    return z.NEVER;
  };
  if (!m) return bad();
  if (m[1]) return { kind: 'once' };
  const everyText = m[2] ?? m[3];
  const everyMs = everyText === undefined ? DEFAULT_ACK_REPEAT_MS : parseDuration(everyText);
  if (everyMs === null || everyMs < 1000) return bad();
  return m[2] ? { kind: 'every', everyMs } : { kind: 'until-ack', everyMs };
});

const pan = z.union([z.number().min(-1).max(1).transform((fixed) => ({ fixed })), z.object({ label: z.string().min(1) }).strict()]);

const routeFields = {
  earcon: z.union([z.literal('auto'), earconId]).prefault('auto'),
  resolve: earconId.prefault('rise'),
  register: z.number().int().min(-24).max(24).prefault(0),
  pan: pan.prefault({ label: 'instance' }),
  repeat: repeat.prefault('once'),
  gain: z.number().min(0).max(2).prefault(1),
};

const route = z
  .object({ name: z.string().max(100).optional(), match: z.array(matcher).min(1, 'a route needs at least one matcher'), ...routeFields })
  .strict();

const defaultRoute = z.object(routeFields).strict();

const follows = z.enum(['value', 'deviation']);
const range = (min: number, max: number, defaultFollows: 'value' | 'deviation') =>
  z
    .object({ min: z.number().min(min).max(max), max: z.number().min(min).max(max), follows: follows.prefault(defaultFollows) })
    .strict();

const pitch = z.union([
  z
    .object({
      scale: z.enum(['pentatonic', 'major', 'minor', 'dorian', 'chromatic']),
      base: z.number().min(20).max(4000).prefault(220),
      octaves: z.number().min(0.25).max(4).prefault(2),
      follows: follows.prefault('value'),
    })
    .strict()
    .transform((p) => ({ kind: 'scale' as const, ...p })),
  z
    .object({ linear: z.literal(true), base: z.number().min(20).max(8000), range: z.number().min(-8000).max(8000), follows: follows.prefault('value') })
    .strict()
    .transform(({ linear: _, ...p }) => ({ kind: 'linear' as const, ...p })),
]);

const normalise = z.union([
  z
    .object({ min: z.number(), max: z.number() })
    .strict()
    .refine((n) => n.max > n.min, { message: 'max must be greater than min' })
    .transform((n) => ({ kind: 'fixed' as const, ...n })),
  z
    .object({ baseline: duration, clamp: z.number().min(0.5).max(10).prefault(3) })
    .strict()
    .transform((n) => ({ kind: 'baseline' as const, windowMs: n.baseline, clamp: n.clamp })),
]);

const source = z.union([
  z.object({ topic: z.string().regex(/^metrics\/[^#+]+$/, 'a metric topic looks like metrics/<name>') }).strict(),
  z.object({ promql: z.string().min(1).max(2000) }).strict(),
]);

const metric = z
  .object({
    id: z.string().regex(/^[a-zA-Z0-9_.:/-]{1,64}$/, 'an id is 1–64 letters, digits or _.:/-'),
    source,
    normalise: normalise.prefault({ min: 0, max: 1 }),
    timbre: z.enum(['sine', 'triangle', 'sawtooth', 'square', 'pink-noise']).prefault('sine'),
    pitch: pitch.prefault({ scale: 'pentatonic' }),
    loudness: range(0, 1, 'value').prefault({ min: 0.03, max: 0.03 }),
    brightness: range(50, 20000, 'deviation').optional(),
    pulse: range(0, 20, 'deviation').optional(),
    roughness: range(0, 1, 'deviation').optional(),
    smoothing: duration.prefault('250ms'),
    pan: z.number().min(-1).max(1).prefault(0),
  })
  .strict()
  .transform(({ smoothing, ...m }) => ({ ...m, smoothingSeconds: smoothing / 1000 }));

export const scoreSchema = z
  .object({
    name: z.string().min(1).max(64),
    description: z.string().max(500).prefault(''),
    volume: z.number().min(0).max(1).prefault(0.8),
    budgets: z
      // Per-family budgets are bounded by the engine's voices per channel (8).
      .object({ global: z.number().int().min(1).max(32), critical: z.number().int().min(0).max(8), warning: z.number().int().min(0).max(8), info: z.number().int().min(0).max(8) })
      .strict()
      .prefault({ global: 8, critical: 4, warning: 3, info: 2 }),
    alerts: z.object({ routes: z.array(route).max(200).prefault([]), default: defaultRoute.prefault({}) }).strict().prefault({ routes: [], default: {} }),
    feeds: z.object({ lost: earconId.prefault('feed-lost'), back: earconId.prefault('feed-back') }).strict().prefault({ lost: 'feed-lost', back: 'feed-back' }),
    metrics: z.array(metric).max(64).prefault([]),
  })
  .strict()
  .superRefine((s, ctx) => {
    const seen = new Set<string>();
    s.metrics.forEach((m, i) => {
      if (seen.has(m.id)) ctx.addIssue({ code: 'custom', path: ['metrics', i, 'id'], message: `duplicate metric id "${m.id}"` });
      seen.add(m.id);
    });
  })
  .transform((s): Score => ({
    name: s.name,
    description: s.description,
    volume: s.volume,
    budgets: s.budgets,
    routes: s.alerts.routes.map((r, i): AlertRoute => ({ ...r, name: r.name ?? `route ${i + 1}` })),
    defaultRoute: { ...s.alerts.default, name: 'default', match: [] },
    feedLost: s.feeds.lost,
    feedBack: s.feeds.back,
    metrics: s.metrics,
  }));
