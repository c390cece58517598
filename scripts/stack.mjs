#!/usr/bin/env node
// `npm run stack`: the local services in the foreground until Ctrl-C.
//   node scripts/stack.mjs [--generator]   (--generator also runs the demo telemetry)
import { ensureDebianPackages } from './lib/deps.mjs';
import { startStack } from './lib/services.mjs';
import { describeStack, removeStackJson, STACK_JSON, writeStackJson } from './lib/stack-info.mjs';

const withGenerator = process.argv.includes('--generator');

try {
  await ensureDebianPackages();
} catch (err) {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
}

/** @type {Awaited<ReturnType<typeof startStack>>} */
let stack;
try {
  stack = await startStack({ preferDefaultPorts: true });
} catch (err) {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
}

/** @type {{ stop(): Promise<void> } | null} */
let generator = null;
if (withGenerator) {
  const { startGenerator } = await import('./generator.mjs');
  generator = await startGenerator({ mqttUrl: stack.urls.mqtt, pushgatewayUrl: stack.urls.pushgateway, ...stack.services.mosquitto.publisher });
}

writeStackJson(stack, { generator: withGenerator });
console.log(`${describeStack(stack)}\nwritten to ${STACK_JSON}\nCtrl-C stops everything.`);

// The child processes' pipes keep Node alive; this keeps it alive even if they all die.
const keepAlive = setInterval(() => {}, 60_000);
let stopping = false;
const shutdown = async (/** @type {string} */ sig) => {
  if (stopping) return;
  stopping = true;
  console.log(`\n${sig}: stopping…`);
  clearInterval(keepAlive);
  await generator?.stop().catch(() => {});
  await stack.stop();
  removeStackJson();
  process.exit(0);
};
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
