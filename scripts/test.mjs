// `npm test`: installs what a fresh machine lacks, type-checks, then runs every
// vitest project (unit, integration against real services, e2e in real Chromium)
// and ends with one plain summary line.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { BROWSER_DEPS, STACK_DEPS, ensureDebianPackages } from './lib/deps.mjs';

const bin = (name) => `node_modules/.bin/${name}`;

function run(cmd, args) {
  const r = spawnSync(cmd, args, { stdio: 'inherit' });
  return r.status ?? 1;
}

try {
  const installed = await ensureDebianPackages([...STACK_DEPS, ...BROWSER_DEPS], { log: (m) => console.log(m) });
  if (installed.length) console.log(`installed: ${installed.join(' ')}`);
} catch (err) {
  console.error(`npm test: ${err.message}`);
  process.exit(1);
}

if (run(bin('tsc'), ['--noEmit', '-p', '.']) !== 0) {
  console.error('npm test: type check failed');
  process.exit(1);
}

mkdirSync('test-results', { recursive: true });
const extra = process.argv.slice(2);
const status = run(bin('vitest'), ['run', '--reporter=default', '--reporter=json', '--outputFile.json=test-results/vitest.json', ...extra]);

try {
  const report = JSON.parse(readFileSync('test-results/vitest.json', 'utf8'));
  const skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  console.log(`${report.numPassedTests} passed, ${report.numFailedTests} failed${skipped ? `, ${skipped} skipped` : ''}`);
} catch {
  console.log('vitest wrote no report');
}
process.exit(status);
