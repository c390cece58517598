// The scripted incident, shared by `npm run incident` (node) and the console's drill
// button (browser): no node imports, only fetch and timers. It pushes demo gauges to
// the Pushgateway (group job=sp_demo, drill=incident) so the real rules in
// prometheus/alerts.yml go pending, fire and resolve, and, when given an MQTT
// publisher, mirrors the values on metrics/drill/<name> and announces itself.

/** Gauges the drill drives; names and labels match prometheus/alerts.yml's demo rules. */
export const DRILL_GAUGES = Object.freeze({
  disk: { gauge: 'sp_demo_disk_used_ratio', instance: 'db-3' },
  latency: { gauge: 'sp_demo_latency_seconds', instance: 'api-1' },
  errors: { gauge: 'sp_demo_error_rate', instance: 'api-1' },
});

/** The Pushgateway group, relative to its base URL (and to the console's proxy path). */
export const DRILL_GROUP_PATH = '/metrics/job/sp_demo/drill/incident';

/** Seconds from the start; rules have `for: 10s`, so each alert is pending for a while first. */
export const INCIDENT_STEPS = Object.freeze([
  { at: 0, say: 'drill starts, all healthy', values: { disk: 0.78, latency: 0.12, errors: 0.01 } },
  { at: 10, say: 'latency climbs on api-1', values: { latency: 0.8 } },
  { at: 25, say: 'disk fills on db-3', values: { disk: 0.95 } },
  { at: 40, say: 'errors spike on api-1', values: { errors: 0.12 } },
  { at: 70, say: 'latency recovers', values: { latency: 0.15 } },
  { at: 85, say: 'errors recover', values: { errors: 0.01 } },
  { at: 105, say: 'disk cleaned up', values: { disk: 0.7 } },
  { at: 125, say: 'drill over', values: {} },
]);

/** Seconds the whole drill takes at speed 1. */
export const INCIDENT_SECONDS = INCIDENT_STEPS[INCIDENT_STEPS.length - 1].at;

/** Text exposition of the drill's current values. @param {Record<string, number>} values */
export function drillExposition(values) {
  const lines = [];
  for (const [name, g] of Object.entries(DRILL_GAUGES)) {
    const v = values[name];
    if (v === undefined) continue;
    lines.push(`# TYPE ${g.gauge} gauge`, `${g.gauge}{instance="${g.instance}"} ${v}`);
  }
  return lines.join('\n') + '\n';
}

/**
 * A Pushgateway client for the drill's group. `base` is the Pushgateway URL, or the
 * console's same-origin proxy path (e.g. /pushgateway).
 * @param {string} base
 * @param {typeof fetch} [fetchFn]
 */
export function drillPushgateway(base, fetchFn = (u, i) => fetch(u, i)) {
  const url = base.replace(/\/+$/, '') + DRILL_GROUP_PATH;
  /** @param {Response} r */
  const check = async (r) => {
    if (!r.ok) throw new Error(`Pushgateway: HTTP ${r.status} ${(await r.text()).slice(0, 200)}`);
  };
  return {
    url,
    /** PUT replaces the whole group: one consistent set of values. @param {string} body */
    push: async (body) => check(await fetchFn(url, { method: 'PUT', body, headers: { 'content-type': 'text/plain; version=0.0.4' } })),
    remove: async () => check(await fetchFn(url, { method: 'DELETE' })),
  };
}

/**
 * Plays the incident. Resolves `done` when it is over (or stopped); never rejects:
 * push failures are logged and the drill goes on (a flaky Pushgateway is part of life).
 * @param {{ push: (body: string) => Promise<void>, remove?: () => Promise<void>,
 *   publish?: (topic: string, body: string) => void | Promise<void>,
 *   speed?: number, log?: (m: string) => void, onStep?: (i: number, step: (typeof INCIDENT_STEPS)[number]) => void,
 *   setTimeout?: (fn: () => void, ms: number) => unknown, clearTimeout?: (h: any) => void }} o
 */
export function runIncident(o) {
  const speed = o.speed ?? 1;
  const log = o.log ?? (() => {});
  const later = o.setTimeout ?? ((fn, ms) => setTimeout(fn, ms));
  const cancel = o.clearTimeout ?? ((h) => clearTimeout(h));
  /** @type {Record<string, number>} */
  const values = {};
  /** @type {unknown[]} */
  const timers = [];
  let stopped = false;
  /** @type {(v?: unknown) => void} */
  let finish = () => {};
  const done = new Promise((r) => (finish = r));

  const publish = async (/** @type {string} */ topic, /** @type {unknown} */ body) => {
    try {
      await o.publish?.(topic, JSON.stringify(body));
    } catch (err) {
      log(`mqtt: ${err instanceof Error ? err.message : String(err)}`);
    }
  };
  const announce = (/** @type {'firing' | 'resolved'} */ state) =>
    publish('alerts/info', { name: 'IncidentDrill', severity: 'info', state, labels: { drill: 'incident' }, annotations: { summary: 'Scripted incident drill (npm run incident)' }, timestamp: Date.now() });

  const end = async () => {
    try {
      await o.remove?.();
    } catch (err) {
      log(`cleanup: ${err instanceof Error ? err.message : String(err)}`);
    }
    await announce('resolved');
    finish();
  };

  INCIDENT_STEPS.forEach((step, i) => {
    timers.push(
      later(async () => {
        if (stopped) return;
        Object.assign(values, step.values);
        log(`t+${step.at}s ${step.say}`);
        o.onStep?.(i, step);
        if (i === 0) await announce('firing');
        try {
          await o.push(drillExposition(values));
        } catch (err) {
          log(`push: ${err instanceof Error ? err.message : String(err)}`);
        }
        for (const [name, v] of Object.entries(step.values)) await publish(`metrics/drill/${name}`, { value: v, timestamp: Date.now() });
        if (i === INCIDENT_STEPS.length - 1) await end();
      }, (step.at * 1000) / speed),
    );
  });

  return {
    done,
    /** Ends early: healthy values, then the group is removed. */
    async stop() {
      if (stopped) return done;
      stopped = true;
      for (const t of timers) cancel(t);
      await end();
      return done;
    },
  };
}
