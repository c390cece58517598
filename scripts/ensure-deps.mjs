#!/usr/bin/env node
// Installs the Debian packages the local stack (and, with --browser, the e2e tests) need.
// Usage: node scripts/ensure-deps.mjs [--browser] [--browser-only] [name ...]
import { ensureDebianPackages, STACK_DEPS, BROWSER_DEPS } from './lib/deps.mjs';

const args = process.argv.slice(2);
const names = args.filter((a) => !a.startsWith('--'));
let list = names.length ? names : [...STACK_DEPS];
if (args.includes('--browser')) list.push(...BROWSER_DEPS);
if (args.includes('--browser-only')) list = [...BROWSER_DEPS];

try {
  const installed = await ensureDebianPackages(list);
  console.log(installed.length ? `installed: ${installed.join(' ')}` : `all present: ${list.join(' ')}`);
} catch (err) {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
}
