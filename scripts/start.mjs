#!/usr/bin/env node
// `npm start`: local services + demo telemetry + the Vite dev server, with the console
// opened on the live stack. Whatever part fails, the console still opens, in demo mode.
//   node scripts/start.mjs [--demo] [--no-open] [--no-generator]
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ensureDebianPackages } from './lib/deps.mjs';
import { REPO_ROOT, startStack } from './lib/services.mjs';
import { consoleQuery, describeStack, removeStackJson, viteEnv, writeStackJson } from './lib/stack-info.mjs';

const argv = process.argv.slice(2);
const open = !argv.includes('--no-open') && !process.env.CI;
/** @param {string} m */
const say = (m) => console.log(`[start] ${m}`);
/** @param {unknown} err */
const why = (err) => (err instanceof Error ? err.message : String(err));

/** @type {import('./lib/services.mjs').Stack | null} */
let stack = null;
/** @type {{ stop(): Promise<void> } | null} */
let generator = null;
/** @type {import('node:child_process').ChildProcess | null} */
let vite = null;
let stopping = false;

async function shutdown(/** @type {number} */ code) {
  if (stopping) return;
  stopping = true;
  if (vite && vite.exitCode === null) vite.kill('SIGTERM');
  await generator?.stop().catch(() => {});
  if (stack) {
    await stack.stop();
    removeStackJson();
  }
  process.exit(code);
}
process.on('SIGINT', () => void shutdown(130));
process.on('SIGTERM', () => void shutdown(143));

let demoReason = argv.includes('--demo') ? 'asked for with --demo' : '';
if (!demoReason) {
  try {
    await ensureDebianPackages();
  } catch (err) {
    demoReason = `the local services are not installed: ${why(err)}`;
  }
}
if (!demoReason) {
  try {
    say('starting Mosquitto, Prometheus, Pushgateway, Alertmanager, node-exporter…');
    stack = await startStack({ preferDefaultPorts: true });
    console.log(describeStack(stack));
  } catch (err) {
    demoReason = `the local services did not start: ${why(err)}`;
  }
}
if (stack && !argv.includes('--no-generator')) {
  try {
    const { startGenerator } = await import('./generator.mjs');
    generator = await startGenerator({ mqttUrl: stack.urls.mqtt, pushgatewayUrl: stack.urls.pushgateway, ...stack.services.mosquitto.publisher });
  } catch (err) {
    say(`telemetry generator failed (the console still connects, but stays quiet): ${why(err)}`);
  }
}
if (stack) writeStackJson(stack, { generator: Boolean(generator) });

const path = stack ? consoleQuery(stack.urls) : '/?source=demo';
if (demoReason) say(`DEMO MODE, because ${demoReason}`);

const viteBin = join(REPO_ROOT, 'node_modules', '.bin', 'vite');
if (!existsSync(viteBin)) {
  say(`${viteBin} is missing; run npm install`);
  await shutdown(1);
}
say(`the console opens at Vite's Local URL (printed below) + ${path}`);
// The console pushes its own metrics through Vite's proxy, pointed at this stack's Pushgateway.
const env = { ...process.env, ...(stack && viteEnv(stack.urls)) };
vite = spawn(viteBin, ['--host', '127.0.0.1', ...(open ? ['--open', path] : [])], { cwd: REPO_ROOT, stdio: 'inherit', env });
vite.on('exit', (code, signal) => {
  if (!stopping) say(`vite exited (${signal ?? code}); stopping the stack`);
  void shutdown(code ?? 0);
});
