// Starts the real services of the local stack (Mosquitto, Prometheus, Pushgateway,
// Alertmanager, node-exporter) as child processes on loopback, each with its own
// ports, config and state dir, so they never clash with Debian's packaged defaults.
// Plain ESM + JSDoc so node scripts and vitest (via services.d.mts) share it.
import { execFile, execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, chownSync, copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEPS } from './deps.mjs';
import { DEFAULT_PORTS, readText, renderMosquittoConf, renderPrometheusConf, ruleFilesOf } from './configs.mjs';
import { canConnect, freePort, freePorts, httpOk, launch, pickPort } from './proc.mjs';

export { freePort, freePorts, isPortFree, pickPort, stopAll } from './proc.mjs';
export { DEFAULT_PORTS } from './configs.mjs';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * @typedef {import('./proc.mjs').Proc} Proc
 * @typedef {{ name: string, ports: Record<string, number>, urls: Record<string, string>, url: string,
 *   stateDir: string, logFile: string, readonly pid: number,
 *   stop(): Promise<void>, restart(): Promise<void> }} ServiceHandle
 * @typedef {{ port?: number, stateDir?: string, readyTimeoutMs?: number }} CommonOpts
 */

/**
 * @param {string} name
 * @param {number} port
 * @param {string | undefined} stateDir
 */
function prepareDir(name, port, stateDir) {
  const dir = resolve(stateDir ?? join(REPO_ROOT, '.state', `${name}-${port}`));
  mkdirSync(dir, { recursive: true });
  return dir;
}

/**
 * Starts once, then wraps the running process in a handle whose restart()
 * relaunches with the same ports, config and state dir.
 * @param {{ name: string, ports: Record<string, number>, urls: Record<string, string>, url: string,
 *   stateDir: string, logFile: string, start: () => Promise<Proc> }} s
 * @returns {Promise<ServiceHandle>}
 */
async function serve(s) {
  let proc = await s.start();
  return {
    name: s.name, ports: s.ports, urls: s.urls, url: s.url, stateDir: s.stateDir, logFile: s.logFile,
    get pid() { return /** @type {number} */ (proc.child.pid); },
    stop: () => proc.stop(),
    async restart() { await proc.stop(); proc = await s.start(); },
  };
}

/**
 * Retries with new free ports when an auto-picked port was taken in between.
 * @template T
 * @param {boolean} auto
 * @param {() => Promise<T>} fn
 */
async function retryOnPortClash(auto, fn) {
  for (let attempt = 1; ; attempt++) {
    try { return await fn(); } catch (err) {
      if (!auto || attempt >= 3 || !/address already in use|bind: /i.test(String(err))) throw err;
    }
  }
}

/** uid/gid of the `mosquitto` user, if it exists. */
function mosquittoUser() {
  const line = readFileSync('/etc/passwd', 'utf8').split('\n').find((l) => l.startsWith('mosquitto:'));
  const f = line?.split(':');
  return f ? { uid: Number(f[2]), gid: Number(f[3]) } : null;
}

/**
 * Mosquitto started as root drops to user `mosquitto`, which must be able to walk
 * to and write the data dir. chown the dir; if an ancestor (e.g. a 0700 mkdtemp
 * dir) blocks the way, report false so the config keeps `user root` instead.
 * @param {string} dataDir
 */
function handDataDirToMosquitto(dataDir) {
  const u = mosquittoUser();
  if (!u) return false;
  try {
    chownSync(dataDir, u.uid, u.gid);
    for (const f of readdirSync(dataDir)) chownSync(join(dataDir, f), u.uid, u.gid);
  } catch { return false; }
  for (let d = dirname(dataDir); ; d = dirname(d)) {
    const st = statSync(d);
    const ok = (st.mode & 0o001) || (st.gid === u.gid && st.mode & 0o010) || (st.uid === u.uid && st.mode & 0o100);
    if (!ok) return false;
    if (d === dirname(d)) return true;
  }
}

/** The local demo publisher's user name (its password is made per run). */
export const PUBLISHER_USER = 'sp-publisher';

/**
 * The run's password file (one publisher) and ACL (a copy of mosquitto/acl), readable
 * by the mosquitto user the broker drops to.
 * @param {string} dir @param {{ username: string, password: string }} publisher @param {string} [aclTemplate]
 */
function writeSecurityFiles(dir, publisher, aclTemplate) {
  const passwordFile = join(dir, 'passwd');
  const aclFile = join(dir, 'acl');
  rmSync(passwordFile, { force: true });
  execFileSync(DEPS.mosquitto_passwd.path, ['-c', '-b', passwordFile, publisher.username, publisher.password], { stdio: 'pipe' });
  writeFileSync(aclFile, readText(aclTemplate ?? join(REPO_ROOT, 'mosquitto/acl')));
  const u = process.getuid?.() === 0 ? mosquittoUser() : null;
  for (const f of [passwordFile, aclFile]) {
    chmodSync(f, 0o640);
    if (u) chownSync(f, 0, u.gid);
  }
  return { passwordFile, aclFile };
}

/**
 * @param {{ port?: number, wsPort?: number, stateDir?: string, readyTimeoutMs?: number, template?: string,
 *   acl?: string, publisher?: { username: string, password: string } }} [opts]
 * @returns {Promise<ServiceHandle & { publisher: { username: string, password: string } }>} ports { mqtt, ws }, urls { mqtt, ws }
 */
export async function startMosquitto(opts = {}) {
  return retryOnPortClash(!opts.port && !opts.wsPort, async () => {
    const [a, b] = await freePorts(2);
    const mqtt = opts.port ?? /** @type {number} */ (a);
    const ws = opts.wsPort ?? /** @type {number} */ (b);
    const dir = prepareDir('mosquitto', mqtt, opts.stateDir);
    const dataDir = join(dir, 'data');
    mkdirSync(dataDir, { recursive: true });
    const asRoot = process.getuid?.() === 0;
    const userRoot = asRoot && !handDataDirToMosquitto(dataDir);
    const conf = join(dir, 'mosquitto.conf');
    const template = readText(opts.template ?? join(REPO_ROOT, 'mosquitto/mosquitto.conf'));
    // Publishers log in; a fresh password per run, handed to whoever publishes.
    const publisher = opts.publisher ?? { username: PUBLISHER_USER, password: randomBytes(12).toString('base64url') };
    const { passwordFile, aclFile } = writeSecurityFiles(dir, publisher, opts.acl);
    writeFileSync(conf, renderMosquittoConf(template, { mqttPort: mqtt, wsPort: ws, dataDir, userRoot, passwordFile, aclFile }));
    const logFile = join(dir, 'mosquitto.log');
    const ready = async () => (await canConnect(mqtt)) && (await canConnect(ws)) && (await mosquittoPub(mqtt, publisher));
    const handle = await serve({
      name: 'mosquitto', ports: { mqtt, ws }, stateDir: dir, logFile,
      urls: { mqtt: `mqtt://127.0.0.1:${mqtt}`, ws: `ws://127.0.0.1:${ws}` }, url: `mqtt://127.0.0.1:${mqtt}`,
      start: () => launch({ name: 'mosquitto', bin: DEPS.mosquitto.path, args: ['-c', conf], cwd: dir, logFile, ready, readyTimeoutMs: opts.readyTimeoutMs }),
    });
    return Object.assign(handle, { publisher });
  });
}

/**
 * A real client round trip: publish one QoS 1 message, logged in.
 * @param {number} port @param {{ username: string, password: string }} who
 */
function mosquittoPub(port, who) {
  return new Promise((res) => {
    execFile(DEPS.mosquitto_pub.path, ['-h', '127.0.0.1', '-p', String(port), '-u', who.username, '-P', who.password, '-q', '1', '-t', 'sp/health/ready', '-m', 'ok'],
      { timeout: 5000 }, (err) => res(!err));
  });
}

/**
 * Prometheus with a config generated from prometheus/prometheus.yml and its rule
 * files copied next to it (rule_files paths are relative to the config).
 * @param {CommonOpts & { scrapeInterval?: string, evaluationInterval?: string,
 *   targets?: { pushgateway?: number, alertmanager?: number, nodeExporter?: number },
 *   template?: string, ruleFiles?: string[] }} [opts]
 * @returns {Promise<ServiceHandle>} also has configFile
 */
export async function startPrometheus(opts = {}) {
  return retryOnPortClash(!opts.port, async () => {
    const port = opts.port ?? (await freePort());
    const dir = prepareDir('prometheus', port, opts.stateDir);
    const t = opts.targets ?? {};
    /** @type {Record<number, number>} */
    const portMap = { [DEFAULT_PORTS.prometheus]: port };
    if (t.pushgateway) portMap[DEFAULT_PORTS.pushgateway] = t.pushgateway;
    if (t.alertmanager) portMap[DEFAULT_PORTS.alertmanager] = t.alertmanager;
    if (t.nodeExporter) portMap[DEFAULT_PORTS.nodeExporter] = t.nodeExporter;
    const configFile = join(dir, 'prometheus.yml');
    const templateFile = opts.template ?? join(REPO_ROOT, 'prometheus/prometheus.yml');
    const template = readText(templateFile);
    writeFileSync(configFile, renderPrometheusConf(template, { portMap, scrapeInterval: opts.scrapeInterval, evaluationInterval: opts.evaluationInterval }));
    // By default, every rule file the template lists, from beside it (else from prometheus/).
    const ruleFiles = opts.ruleFiles ?? ruleFilesOf(template).map((f) => {
      const local = resolve(dirname(templateFile), f);
      return existsSync(local) ? local : join(REPO_ROOT, 'prometheus', f);
    });
    for (const f of ruleFiles) copyFileSync(f, join(dir, basename(f)));
    const logFile = join(dir, 'prometheus.log');
    const url = `http://127.0.0.1:${port}`;
    const args = [`--config.file=${configFile}`, `--storage.tsdb.path=${join(dir, 'data')}`, '--storage.tsdb.retention.time=2d',
      `--web.listen-address=127.0.0.1:${port}`, `--web.external-url=${url}`, '--web.enable-lifecycle', '--web.enable-admin-api'];
    const handle = await serve({
      name: 'prometheus', ports: { http: port }, urls: { http: url }, url, stateDir: dir, logFile,
      start: () => launch({ name: 'prometheus', bin: DEPS.prometheus.path, args, cwd: dir, logFile, ready: () => httpOk(`${url}/-/ready`), readyTimeoutMs: opts.readyTimeoutMs }),
    });
    return Object.assign(handle, { configFile });
  });
}

/**
 * @param {CommonOpts} [opts]
 * @returns {Promise<ServiceHandle>}
 */
export async function startPushgateway(opts = {}) {
  return retryOnPortClash(!opts.port, async () => {
    const port = opts.port ?? (await freePort());
    const dir = prepareDir('pushgateway', port, opts.stateDir);
    const logFile = join(dir, 'pushgateway.log');
    const url = `http://127.0.0.1:${port}`;
    // Debian's default persistence file is /var/lib/prometheus/pushgateway.data: keep ours apart.
    const args = [`--web.listen-address=127.0.0.1:${port}`, `--persistence.file=${join(dir, 'pushgateway.data')}`,
      '--persistence.interval=30s', '--web.enable-admin-api'];
    return serve({
      name: 'pushgateway', ports: { http: port }, urls: { http: url }, url, stateDir: dir, logFile,
      start: () => launch({ name: 'pushgateway', bin: DEPS['prometheus-pushgateway'].path, args, cwd: dir, logFile, ready: () => httpOk(`${url}/-/ready`), readyTimeoutMs: opts.readyTimeoutMs }),
    });
  });
}

/**
 * @param {CommonOpts & { configFile?: string }} [opts]
 * @returns {Promise<ServiceHandle>}
 */
export async function startAlertmanager(opts = {}) {
  return retryOnPortClash(!opts.port, async () => {
    const port = opts.port ?? (await freePort());
    const dir = prepareDir('alertmanager', port, opts.stateDir);
    const logFile = join(dir, 'alertmanager.log');
    const url = `http://127.0.0.1:${port}`;
    // An empty --cluster.listen-address disables gossip (else it binds 0.0.0.0:9094).
    const args = [`--config.file=${opts.configFile ?? join(REPO_ROOT, 'prometheus/alertmanager.yml')}`,
      `--storage.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`,
      '--cluster.listen-address=', `--web.external-url=${url}`];
    return serve({
      name: 'alertmanager', ports: { http: port }, urls: { http: url }, url, stateDir: dir, logFile,
      start: () => launch({ name: 'alertmanager', bin: DEPS['prometheus-alertmanager'].path, args, cwd: dir, logFile, ready: () => httpOk(`${url}/-/ready`), readyTimeoutMs: opts.readyTimeoutMs }),
    });
  });
}

/** Collectors worth their cost here; the rest (hwmon, rapl, systemd, zfs, ...) are slow or useless in a container. */
const NODE_COLLECTORS = ['cpu', 'meminfo', 'loadavg', 'filesystem', 'diskstats', 'netdev', 'stat', 'time', 'uname'];

/**
 * @param {CommonOpts} [opts]
 * @returns {Promise<ServiceHandle>}
 */
export async function startNodeExporter(opts = {}) {
  return retryOnPortClash(!opts.port, async () => {
    const port = opts.port ?? (await freePort());
    const dir = prepareDir('node-exporter', port, opts.stateDir);
    const logFile = join(dir, 'node-exporter.log');
    const url = `http://127.0.0.1:${port}`;
    const args = [`--web.listen-address=127.0.0.1:${port}`, '--collector.disable-defaults', ...NODE_COLLECTORS.map((c) => `--collector.${c}`)];
    return serve({
      name: 'node-exporter', ports: { http: port }, urls: { http: url }, url, stateDir: dir, logFile,
      start: () => launch({ name: 'node-exporter', bin: DEPS['prometheus-node-exporter'].path, args, cwd: dir, logFile, ready: () => httpOk(`${url}/metrics`), readyTimeoutMs: opts.readyTimeoutMs }),
    });
  });
}

/**
 * All five services. Ports: given ones are used as they are; others are the
 * defaults when preferDefaultPorts and free, else any free port (see notes).
 * @param {{ ports?: Partial<Record<keyof typeof DEFAULT_PORTS, number>>, stateDir?: string,
 *   preferDefaultPorts?: boolean, scrapeInterval?: string, evaluationInterval?: string, readyTimeoutMs?: number }} [opts]
 */
export async function startStack(opts = {}) {
  /** @type {Record<keyof typeof DEFAULT_PORTS, number>} */
  const ports = { ...DEFAULT_PORTS };
  /** @type {string[]} */
  const notes = [];
  const keys = /** @type {(keyof typeof DEFAULT_PORTS)[]} */ (Object.keys(DEFAULT_PORTS));
  const fresh = await freePorts(keys.length);
  for (const [i, k] of keys.entries()) {
    const given = opts.ports?.[k];
    if (given) ports[k] = given;
    else if (!opts.preferDefaultPorts) ports[k] = /** @type {number} */ (fresh[i]);
    else {
      const { port, changed } = await pickPort(DEFAULT_PORTS[k]);
      ports[k] = port;
      if (changed) notes.push(`${k}: port ${DEFAULT_PORTS[k]} is taken, using ${port}`);
    }
  }
  const root = resolve(opts.stateDir ?? join(REPO_ROOT, '.state'));
  /** @param {string} name @param {number} port */
  const dir = (name, port) => join(root, `${name}-${port}`);
  const t = opts.readyTimeoutMs;
  const started = await Promise.allSettled([
    startMosquitto({ port: ports.mqtt, wsPort: ports.mqttWs, stateDir: dir('mosquitto', ports.mqtt), readyTimeoutMs: t }),
    startPrometheus({ port: ports.prometheus, stateDir: dir('prometheus', ports.prometheus), readyTimeoutMs: t,
      scrapeInterval: opts.scrapeInterval, evaluationInterval: opts.evaluationInterval,
      targets: { pushgateway: ports.pushgateway, alertmanager: ports.alertmanager, nodeExporter: ports.nodeExporter } }),
    startPushgateway({ port: ports.pushgateway, stateDir: dir('pushgateway', ports.pushgateway), readyTimeoutMs: t }),
    startAlertmanager({ port: ports.alertmanager, stateDir: dir('alertmanager', ports.alertmanager), readyTimeoutMs: t }),
    startNodeExporter({ port: ports.nodeExporter, stateDir: dir('node-exporter', ports.nodeExporter), readyTimeoutMs: t }),
  ]);
  const ok = started.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  const failed = started.flatMap((r) => (r.status === 'rejected' ? [String(r.reason instanceof Error ? r.reason.message : r.reason)] : []));
  if (failed.length) {
    await Promise.all(ok.map((s) => s.stop()));
    throw new Error(`stack failed to start:\n${failed.join('\n\n')}`);
  }
  const [mosquitto, prometheus, pushgateway, alertmanager, nodeExporter] = /** @type {ServiceHandle[]} */ (ok);
  const services = { mosquitto, prometheus, pushgateway, alertmanager, nodeExporter };
  const urls = {
    mqtt: mosquitto.urls.mqtt, mqttWs: mosquitto.urls.ws, prometheus: prometheus.url,
    pushgateway: pushgateway.url, alertmanager: alertmanager.url, nodeExporter: nodeExporter.url,
  };
  return {
    services, urls, ports, notes, stateDir: root,
    async stop() { await Promise.all(Object.values(services).map((s) => s.stop())); },
  };
}
