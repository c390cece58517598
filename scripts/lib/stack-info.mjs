// What the stack scripts tell people and other tools: the console's query string,
// a printed summary, and .state/stack.json (read by whoever needs the live URLs).
import { chmodSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './services.mjs';

export const STACK_JSON = join(REPO_ROOT, '.state', 'stack.json');

/** Where a console served by Vite pushes its own metrics (see vite.config.ts). */
export const PUSHGATEWAY_PROXY_PATH = '/pushgateway';
/** The Vite env var naming the Pushgateway that path forwards to. */
export const PUSHGATEWAY_ENV = 'SP_PUSHGATEWAY_URL';

/**
 * The console's query string for a running stack (keys as src/domain/config.ts reads them).
 * Values are URLs we built (no &, # or spaces), so they stay readable unencoded. The
 * console pushes through Vite's same-origin proxy: the Pushgateway sends no CORS headers.
 * @param {{ mqttWs: string, prometheus: string, alertmanager: string }} urls
 */
export function consoleQuery(urls) {
  return `/?mqtt=${urls.mqttWs}&prometheus=${urls.prometheus}&alertmanager=${urls.alertmanager}&pushgateway=${PUSHGATEWAY_PROXY_PATH}`;
}

/**
 * Env for a Vite server whose proxies must reach this stack (the Pushgateway, and
 * Prometheus/Alertmanager for consoles opened with ?prometheus=/prometheus).
 * @param {{ pushgateway: string, prometheus?: string, alertmanager?: string }} urls
 */
export function viteEnv(urls) {
  return {
    [PUSHGATEWAY_ENV]: urls.pushgateway,
    ...(urls.prometheus && { SP_PROMETHEUS_URL: urls.prometheus }),
    ...(urls.alertmanager && { SP_ALERTMANAGER_URL: urls.alertmanager }),
  };
}

/** @param {import('./services.mjs').Stack} stack */
export function describeStack(stack) {
  const u = stack.urls;
  return [
    ...stack.notes.map((n) => `note: ${n}`),
    `MQTT (TCP)        ${u.mqtt}`,
    `MQTT (WebSocket)  ${u.mqttWs}  (anonymous, read-only: alerts/#, metrics/#)`,
    `MQTT publisher    -u ${stack.services.mosquitto.publisher.username} -P ${stack.services.mosquitto.publisher.password}  (this run only; also in stack.json)`,
    `Prometheus        ${u.prometheus}`,
    `Pushgateway       ${u.pushgateway}`,
    `Alertmanager      ${u.alertmanager}`,
    `node-exporter     ${u.nodeExporter}/metrics`,
    `state and logs    ${stack.stateDir}`,
    `console query     ${consoleQuery(u)}`,
    `Vite needs        ${PUSHGATEWAY_ENV}=${u.pushgateway} (npm start sets it; for npm run dev, export it)`,
  ].join('\n');
}

/**
 * @param {import('./services.mjs').Stack} stack
 * @param {Record<string, unknown>} [extra]
 */
export function writeStackJson(stack, extra = {}) {
  mkdirSync(join(REPO_ROOT, '.state'), { recursive: true });
  const services = Object.fromEntries(Object.entries(stack.services).map(([k, s]) => [k, { pid: s.pid, stateDir: s.stateDir, logFile: s.logFile }]));
  const body = { startedAt: new Date().toISOString(), pid: process.pid, urls: stack.urls, ports: stack.ports, consoleQuery: consoleQuery(stack.urls), services,
    mqttPublisher: stack.services.mosquitto.publisher, ...extra };
  // It holds the publisher's password: readable by this user only.
  writeFileSync(STACK_JSON, JSON.stringify(body, null, 2) + '\n', { mode: 0o600 });
  chmodSync(STACK_JSON, 0o600);
}

/** A stale file would point tools at ports nobody listens on. */
export function removeStackJson() {
  rmSync(STACK_JSON, { force: true });
}
