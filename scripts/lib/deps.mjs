// Makes sure the Debian packages behind the local stack are installed.
// CI machines start bare, so the project installs what it needs itself.
import { existsSync, writeFileSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

/**
 * What we need, keyed by a short name: the file that proves it is there and the
 * Debian package that ships it. promtool comes with `prometheus`, amtool with
 * `prometheus-alertmanager` (checked with dpkg -S).
 * @type {Record<string, { path: string, pkg: string }>}
 */
export const DEPS = {
  mosquitto: { path: '/usr/sbin/mosquitto', pkg: 'mosquitto' },
  mosquitto_pub: { path: '/usr/bin/mosquitto_pub', pkg: 'mosquitto-clients' },
  mosquitto_passwd: { path: '/usr/bin/mosquitto_passwd', pkg: 'mosquitto' },
  prometheus: { path: '/usr/bin/prometheus', pkg: 'prometheus' },
  promtool: { path: '/usr/bin/promtool', pkg: 'prometheus' },
  'prometheus-pushgateway': { path: '/usr/bin/prometheus-pushgateway', pkg: 'prometheus-pushgateway' },
  'prometheus-alertmanager': { path: '/usr/bin/prometheus-alertmanager', pkg: 'prometheus-alertmanager' },
  amtool: { path: '/usr/bin/amtool', pkg: 'prometheus-alertmanager' },
  'prometheus-node-exporter': { path: '/usr/bin/prometheus-node-exporter', pkg: 'prometheus-node-exporter' },
  chromium: { path: '/usr/bin/chromium', pkg: 'chromium' },
  // Without a font, headless Chromium screenshots show boxes instead of text.
  'fonts-dejavu-core': { path: '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf', pkg: 'fonts-dejavu-core' },
};

/** Everything `npm start` / the integration tests run. */
export const STACK_DEPS = [
  'mosquitto', 'mosquitto_pub', 'mosquitto_passwd', 'prometheus', 'promtool',
  'prometheus-pushgateway', 'prometheus-alertmanager', 'amtool', 'prometheus-node-exporter',
];
/** What the e2e tests need on top. */
export const BROWSER_DEPS = ['chromium', 'fonts-dejavu-core'];

let aptUpdated = false;

/**
 * Names (keys of DEPS, or Debian package names) whose files are missing.
 * @param {string[]} list
 * @returns {string[]} Debian packages to install, deduplicated
 */
export function missingPackages(list) {
  /** @type {Set<string>} */
  const pkgs = new Set();
  for (const name of list) {
    const wanted = name === 'chromium' ? ['chromium', 'fonts-dejavu-core'] : [name];
    for (const w of wanted) {
      const dep = DEPS[w] ?? Object.values(DEPS).find((d) => d.pkg === w);
      if (!dep) throw new Error(`ensureDebianPackages: unknown dependency "${w}"`);
      if (!existsSync(dep.path)) pkgs.add(dep.pkg);
    }
  }
  return [...pkgs];
}

/**
 * Installs the Debian packages behind `list` if any file is missing.
 * As root: `apt-get update` (once per process) and a non-interactive install.
 * Otherwise throws with the exact command a person should run.
 * @param {string[]} [list] defaults to STACK_DEPS
 * @param {{ log?: (msg: string) => void }} [opts]
 * @returns {Promise<string[]>} the packages that were installed (empty if none)
 */
export async function ensureDebianPackages(list = STACK_DEPS, opts = {}) {
  const log = opts.log ?? ((m) => console.error(m));
  const pkgs = missingPackages(list);
  if (pkgs.length === 0) return [];
  const cmd = `apt-get install -y --no-install-recommends ${pkgs.join(' ')}`;
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) {
    throw new Error(`Missing Debian packages: ${pkgs.join(', ')}. Install them with:\n  sudo apt-get update && sudo ${cmd}`);
  }
  if (!existsSync('/usr/bin/apt-get')) {
    throw new Error(`Missing packages ${pkgs.join(', ')} and no apt-get here; install them with your system's package manager.`);
  }
  // Debian's postinst scripts start each package's own daemon on the default ports
  // where an init system allows it. A temporary policy-rc.d (exit 101) forbids that,
  // so packaged instances never squat the ports our own instances want.
  const policy = '/usr/sbin/policy-rc.d';
  const ownPolicy = !existsSync(policy);
  if (ownPolicy) writeFileSync(policy, '#!/bin/sh\n# temporary, written by singing-pager scripts/lib/deps.mjs\nexit 101\n', { mode: 0o755 });
  try {
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    if (!aptUpdated) {
      log('$ apt-get update');
      run('apt-get', ['update'], env);
      aptUpdated = true;
    }
    log(`$ ${cmd}`);
    run('apt-get', ['install', '-y', '--no-install-recommends', ...pkgs], env);
  } finally {
    if (ownPolicy) rmSync(policy, { force: true });
  }
  const still = missingPackages(list);
  if (still.length) throw new Error(`apt-get finished but these are still missing: ${still.join(', ')}`);
  return pkgs;
}

/**
 * @param {string} bin
 * @param {string[]} args
 * @param {NodeJS.ProcessEnv} env
 */
function run(bin, args, env) {
  const r = spawnSync(bin, args, { env, stdio: ['ignore', 'inherit', 'pipe'], encoding: 'utf8' });
  if (r.status !== 0) {
    const tail = (r.stderr ?? '').trim().split('\n').slice(-15).join('\n');
    throw new Error(`${bin} ${args.join(' ')} failed (exit ${r.status ?? r.signal}):\n${tail}`);
  }
}
