// What the stack scripts tell people and other tools: the console's query string,
// a printed summary, and .state/stack.json (read by whoever needs the live URLs).
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './services.mjs';

export const STACK_JSON = join(REPO_ROOT, '.state', 'stack.json');

/**
 * The console's query string for a running stack (keys as src/domain/config.ts reads them).
 * Values are URLs we built (no &, # or spaces), so they stay readable unencoded.
 * @param {{ mqttWs: string, prometheus: string, alertmanager: string, pushgateway: string }} urls
 */
export function consoleQuery(urls) {
  return `/?mqtt=${urls.mqttWs}&prometheus=${urls.prometheus}&alertmanager=${urls.alertmanager}&pushgateway=${urls.pushgateway}`;
}

/** @param {import('./services.mjs').Stack} stack */
export function describeStack(stack) {
  const u = stack.urls;
  return [
    ...stack.notes.map((n) => `note: ${n}`),
    `MQTT (TCP)        ${u.mqtt}`,
    `MQTT (WebSocket)  ${u.mqttWs}`,
    `Prometheus        ${u.prometheus}`,
    `Pushgateway       ${u.pushgateway}`,
    `Alertmanager      ${u.alertmanager}`,
    `node-exporter     ${u.nodeExporter}/metrics`,
    `state and logs    ${stack.stateDir}`,
    `console query     ${consoleQuery(u)}`,
  ].join('\n');
}

/**
 * @param {import('./services.mjs').Stack} stack
 * @param {Record<string, unknown>} [extra]
 */
export function writeStackJson(stack, extra = {}) {
  mkdirSync(join(REPO_ROOT, '.state'), { recursive: true });
  const services = Object.fromEntries(Object.entries(stack.services).map(([k, s]) => [k, { pid: s.pid, stateDir: s.stateDir, logFile: s.logFile }]));
  const body = { startedAt: new Date().toISOString(), pid: process.pid, urls: stack.urls, ports: stack.ports, consoleQuery: consoleQuery(stack.urls), services, ...extra };
  writeFileSync(STACK_JSON, JSON.stringify(body, null, 2) + '\n');
}

/** A stale file would point tools at ports nobody listens on. */
export function removeStackJson() {
  rmSync(STACK_JSON, { force: true });
}
