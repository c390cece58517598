#!/usr/bin/env node
// `npm run bench [-- --quick] [-- --no-profile] [-- --out DIR] [-- --only latency,ingest]`: installs the Debian
// packages it needs (as `npm test` does), then runs bench/run.ts through Vite's SSR
// module loader (Node 20 does not strip TypeScript) and writes bench/results/latest.{json,md}.
import { createServer } from 'vite';
import { BROWSER_DEPS, STACK_DEPS, ensureDebianPackages } from './lib/deps.mjs';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const profile = args.includes('--no-profile') ? false : args.includes('--profile') ? true : undefined;
const outAt = args.indexOf('--out');
const out = outAt >= 0 ? args[outAt + 1] : undefined;
const onlyAt = args.indexOf('--only');
const only = onlyAt >= 0 ? args[onlyAt + 1].split(',') : undefined;

try {
  const installed = await ensureDebianPackages([...STACK_DEPS, ...BROWSER_DEPS], { log: (m) => console.log(m) });
  if (installed.length) console.log(`installed: ${installed.join(' ')}`);
} catch (err) {
  console.error(`npm run bench: ${err.message}`);
  process.exit(1);
}

const root = new URL('..', import.meta.url).pathname;
const server = await createServer({
  root, configFile: false, logLevel: 'warn', appType: 'custom',
  server: { middlewareMode: true, hmr: false, ws: false }, optimizeDeps: { noDiscovery: true, include: [] },
});
let code = 0;
try {
  const { runBench } = await server.ssrLoadModule('/bench/run.ts');
  const res = await runBench({ quick, profile, out, only });
  const missed = res.targets.filter((t) => t.pass === false).map((t) => `${t.key}=${t.value} (${t.target})`);
  // A target with no figure (its part failed or was left out with --only) is neither met nor missed.
  const unmeasured = res.targets.filter((t) => t.pass === null).map((t) => t.key);
  const met = res.targets.length - missed.length - unmeasured.length;
  console.log(`targets: ${met} met, ${missed.length} missed, ${unmeasured.length} not measured`);
  if (missed.length) console.log(`missed: ${missed.join(', ')}`);
  if (unmeasured.length) console.log(`not measured: ${unmeasured.join(', ')}`);
} catch (err) {
  console.error(err);
  code = 1;
} finally {
  await server.close();
}
process.exit(code);
