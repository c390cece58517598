// Build the app once per test run and serve it (vite preview), plus a tiny static
// server for fixture pages. Everything binds to 127.0.0.1, which Chromium treats as a
// secure context (needed for AudioWorklet).
import { createServer, type Server } from 'node:http';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface Served {
  url: string;
  close(): Promise<void>;
}

export interface AppOptions {
  /** Project root (default: the repo). Tests of the harness pass a temp fixture root. */
  root?: string;
  /** Relative to root or absolute (default 'dist'). */
  outDir?: string;
  /** Rebuild even if outDir looks fresh. */
  force?: boolean;
}

const INPUTS = ['src', 'public', 'index.html', 'vite.config.ts', 'package.json', 'package-lock.json'];

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let m = st.mtimeMs;
  for (const e of readdirSync(path)) if (e !== 'node_modules') m = Math.max(m, newestMtime(join(path, e)));
  return m;
}

/** True when outDir/index.html is newer than every build input and its local assets exist. */
export function isBuildFresh(root: string, outDir = process.env.SP_OUTDIR ?? 'dist'): boolean {
  const dir = resolve(root, outDir);
  const index = join(dir, 'index.html');
  if (!existsSync(index)) return false;
  const built = statSync(index).mtimeMs;
  // A half-written or half-cleaned dist can have index.html without its bundles.
  const refs = [...readFileSync(index, 'utf8').matchAll(/(?:src|href)="\/([^"?#]+)"/g)].map((m) => m[1]!);
  if (!refs.every((r) => existsSync(join(dir, r)))) return false;
  return INPUTS.every((p) => newestMtime(join(root, p)) < built);
}

const builds = new Map<string, Promise<string>>();

/** Runs `vite build` at most once per module instance, and not at all if dist is fresh. Resolves to the out dir. */
export function buildApp(opts: AppOptions = {}): Promise<string> {
  const root = resolve(opts.root ?? REPO_ROOT);
  // SP_OUTDIR lets parallel work build into its own directory (emptyOutDir would race).
  const outDir = opts.outDir ?? process.env.SP_OUTDIR ?? 'dist';
  const key = `${root}::${outDir}`;
  let p = builds.get(key);
  if (!p || opts.force) {
    p = (async () => {
      const dir = resolve(root, outDir);
      if (!opts.force && isBuildFresh(root, outDir)) return dir;
      const { build } = await import('vite');
      // Under vitest NODE_ENV is "test", and Vite would then bundle React's development
      // build; tests must exercise what users get.
      const env = process.env.NODE_ENV;
      process.env.NODE_ENV = 'production';
      try {
        await build({ root, mode: 'production', logLevel: 'warn', build: { outDir: dir, emptyOutDir: true } });
      } finally {
        process.env.NODE_ENV = env;
      }
      return dir;
    })();
    builds.set(key, p);
    p.catch(() => builds.delete(key));
  }
  return p;
}

export interface ServeOptions extends Omit<AppOptions, 'force'> {
  /**
   * Environment the project's vite.config.ts sees while it loads, e.g.
   * { SP_PUSHGATEWAY_URL } for its Pushgateway proxy. Set only for that load.
   */
  env?: Record<string, string>;
}

/** vite.config.ts reads process.env when it loads: one load at a time while env is swapped. */
let configLoads: Promise<unknown> = Promise.resolve();

/** `vite preview` of a built app on a free port. */
export async function serveDist(opts: ServeOptions = {}): Promise<Served> {
  const { preview } = await import('vite');
  const root = resolve(opts.root ?? REPO_ROOT);
  const start = () =>
    preview({
      root,
      logLevel: 'warn',
      build: { outDir: resolve(root, opts.outDir ?? 'dist') },
      preview: { host: '127.0.0.1', port: 0, strictPort: true, open: false },
    });
  const env = Object.entries(opts.env ?? {});
  const run = configLoads.then(async () => {
    const saved = env.map(([k]) => [k, process.env[k]] as const);
    for (const [k, v] of env) process.env[k] = v;
    try {
      return await start();
    } finally {
      for (const [k, v] of saved) if (v === undefined) delete process.env[k]; else process.env[k] = v;
    }
  });
  configLoads = run.catch(() => {});
  const server = await run;
  const addr = server.httpServer.address() as AddressInfo;
  return { url: `http://127.0.0.1:${addr.port}/`, close: () => server.close() };
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
};

export interface StaticOptions {
  /** In-memory files by URL path, e.g. { '/index.html': '<!doctype html>…' }. */
  files?: Record<string, string>;
  /** URL prefix → directory, e.g. { '/tone/': 'node_modules/tone/build' }. */
  mounts?: Record<string, string>;
}

/** Minimal static server for fixture pages (no directory listings, no traversal). */
export async function serveStatic(opts: StaticOptions): Promise<Served> {
  const server: Server = createServer((req, res) => {
    let path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    if (path.endsWith('/')) path += 'index.html';
    let body: string | Buffer | undefined = opts.files?.[path];
    if (body === undefined) {
      for (const [prefix, dir] of Object.entries(opts.mounts ?? {})) {
        if (!path.startsWith(prefix)) continue;
        const base = resolve(dir);
        const file = normalize(join(base, path.slice(prefix.length)));
        if (file.startsWith(base) && existsSync(file) && statSync(file).isFile()) body = readFileSync(file);
        break;
      }
    }
    if (body === undefined) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
    res.end(body);
  });
  await new Promise<void>((ok, fail) => server.once('error', fail).listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () =>
      new Promise<void>((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}
