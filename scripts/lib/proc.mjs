// Child-process supervision for the local stack: free ports, start-until-ready,
// stop-and-wait, and cleanup on exit so no daemon outlives the script or test.
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync } from 'node:fs';
import net from 'node:net';

/** @param {number} ms */
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Ports the OS says are free on 127.0.0.1. All n sockets are held open together
 * so the n ports are distinct.
 * @param {number} n
 * @returns {Promise<number[]>}
 */
export async function freePorts(n) {
  /** @type {net.Server[]} */
  const servers = [];
  try {
    for (let i = 0; i < n; i++) {
      const srv = net.createServer();
      servers.push(srv);
      await new Promise((res, rej) => { srv.once('error', rej); srv.listen(0, '127.0.0.1', () => res(undefined)); });
    }
    return servers.map((s) => /** @type {net.AddressInfo} */ (s.address()).port);
  } finally {
    await Promise.all(servers.map((s) => new Promise((r) => s.close(() => r(undefined)))));
  }
}

/** @returns {Promise<number>} */
export async function freePort() {
  return /** @type {number} */ ((await freePorts(1))[0]);
}

/**
 * Whether 127.0.0.1:port can be bound now (fails too if something holds 0.0.0.0:port).
 * @param {number} port
 */
export function isPortFree(port) {
  return new Promise((res) => {
    const srv = net.createServer();
    srv.once('error', () => res(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => res(true)));
  });
}

/**
 * The preferred port if free, else a free one.
 * @param {number} preferred
 * @returns {Promise<{ port: number, changed: boolean }>}
 */
export async function pickPort(preferred) {
  if (await isPortFree(preferred)) return { port: preferred, changed: false };
  return { port: await freePort(), changed: true };
}

/** True once a TCP connection to 127.0.0.1:port succeeds. @param {number} port */
export function canConnect(port, timeoutMs = 2000) {
  return new Promise((res) => {
    const sock = net.connect({ host: '127.0.0.1', port });
    const done = (/** @type {boolean} */ ok) => { sock.destroy(); res(ok); };
    sock.setTimeout(timeoutMs, () => done(false));
    sock.once('connect', () => done(true));
    sock.once('error', () => done(false));
  });
}

/** True if GET url answers 2xx. @param {string} url */
export async function httpOk(url, timeoutMs = 2000) {
  try {
    const r = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    await r.arrayBuffer();
    return r.ok;
  } catch {
    return false;
  }
}

/**
 * @typedef {object} Proc
 * @property {import('node:child_process').ChildProcess} child
 * @property {Promise<{ code: number | null, signal: string | null }>} exited
 * @property {(n?: number) => string} tail last n lines of stdout+stderr
 * @property {() => Promise<void>} stop SIGTERM, then SIGKILL after a grace period; resolves on exit
 */

/** @type {Set<Proc>} every child still running, for cleanup */
const live = new Set();
let hooked = false;

function hookCleanup() {
  if (hooked) return;
  hooked = true;
  // Last resort, synchronous: SIGTERM lets Mosquitto/Prometheus flush their data.
  process.on('exit', () => {
    for (const p of live) try { p.child.kill('SIGTERM'); } catch { /* already gone */ }
  });
  for (const sig of /** @type {const} */ (['SIGINT', 'SIGTERM'])) {
    const handler = async () => {
      await stopAll();
      // If nobody else handles the signal, do what the default would have done.
      if (process.listenerCount(sig) <= 1) process.exit(sig === 'SIGINT' ? 130 : 143);
    };
    process.on(sig, handler);
  }
}

/** Stops every child this process started. */
export async function stopAll() {
  await Promise.all([...live].map((p) => p.stop()));
}

/**
 * Spawns bin and resolves once ready() says so. Rejects, with the last lines of
 * the process's output, if it exits first or is not ready within readyTimeoutMs.
 * @param {{ name: string, bin: string, args: string[], cwd: string, logFile: string,
 *   ready: () => Promise<boolean>, readyTimeoutMs?: number, stopTimeoutMs?: number }} o
 * @returns {Promise<Proc>}
 */
export async function launch(o) {
  if (!existsSync(o.bin)) throw new Error(`${o.name}: ${o.bin} is missing; run \`node scripts/ensure-deps.mjs\``);
  hookCleanup();
  const readyTimeoutMs = o.readyTimeoutMs ?? 30_000;
  const child = spawn(o.bin, o.args, { cwd: o.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  const log = createWriteStream(o.logFile, { flags: 'a' });
  log.write(`\n--- ${new Date().toISOString()} ${o.bin} ${o.args.join(' ')}\n`);
  /** @type {string[]} */
  let lines = [];
  let partial = '';
  const onData = (/** @type {Buffer} */ buf) => {
    log.write(buf);
    const parts = (partial + buf.toString('utf8')).split('\n');
    partial = parts.pop() ?? '';
    lines.push(...parts);
    if (lines.length > 200) lines = lines.slice(-100);
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);

  /** @type {{ code: number | null, signal: string | null } | null} */
  let exitInfo = null;
  const exited = new Promise((res) => {
    child.once('error', (err) => { lines.push(`spawn error: ${err.message}`); exitInfo = { code: -1, signal: null }; res(exitInfo); });
    // 'close', not 'exit': by then the last stderr lines (the useful ones) have arrived.
    child.once('close', (code, signal) => { exitInfo = { code, signal }; res(exitInfo); });
  }).then((info) => { live.delete(proc); log.end(); return /** @type {{ code: number | null, signal: string | null }} */ (info); });

  /** @type {Promise<void> | null} */
  let stopping = null;
  /** @type {Proc} */
  const proc = {
    child,
    exited,
    tail: (n = 20) => [...lines, partial].filter(Boolean).slice(-n).join('\n'),
    stop() {
      stopping ??= (async () => {
        if (exitInfo) return;
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), o.stopTimeoutMs ?? 10_000);
        await exited;
        clearTimeout(timer);
      })();
      return stopping;
    },
  };
  live.add(proc);

  const deadline = Date.now() + readyTimeoutMs;
  for (;;) {
    const info = /** @type {{ code: number | null, signal: string | null } | null} */ (exitInfo);
    if (info) {
      throw new Error(`${o.name} exited during startup (code ${info.code}, signal ${info.signal}); ` +
        `last output (${o.logFile}):\n${proc.tail()}`);
    }
    if (await o.ready().catch(() => false)) return proc;
    if (Date.now() > deadline) {
      await proc.stop();
      throw new Error(`${o.name} not ready within ${readyTimeoutMs} ms; last output (${o.logFile}):\n${proc.tail()}`);
    }
    await sleep(200);
  }
}
