// Build-time score compilation: `import { text, score } from './x.yaml?score'` gives the
// YAML text and a factory for its compiled Score, checked by the same parseScore the
// browser would run. The start-up path then needs neither the YAML parser nor zod; an
// invalid preset fails the build with its line and field. `virtual:deployed-score` does
// the same for public/score.yaml as it was at build time (null when it does not parse:
// the page then parses it and shows the errors, as for any fetched score).
// Plain JS (types in the .d.mts): the Vite config imports it without bundling TypeScript.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { runnerImport } from 'vite';

const DEPLOYED = 'virtual:deployed-score';
const RESOLVED_DEPLOYED = '\0' + DEPLOYED;

/** JS source for a compiled score: JSON-like, plus RegExp literals (matchers) and undefined. */
export function scoreLiteral(v) {
  if (v === undefined) return 'undefined';
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return JSON.stringify(v);
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new Error(`a compiled score holds ${v}`);
    return Object.is(v, -0) ? '-0' : String(v);
  }
  // RegExp#toString escapes its source so that it reads back as the same literal.
  if (v instanceof RegExp) return String(v);
  if (Array.isArray(v)) return `[${v.map(scoreLiteral).join(',')}]`;
  if (typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
    return `{${Object.entries(v).map(([k, x]) => `${JSON.stringify(k)}:${scoreLiteral(x)}`).join(',')}}`;
  }
  throw new Error(`a compiled score holds a ${Object.prototype.toString.call(v)}, which has no literal`);
}

/** The app's own parser (TypeScript), run through Vite; once per build. */
let parser = null;
function loadParser(root) {
  parser ??= runnerImport(resolve(root, 'src/domain/score/parse.ts'), { root, configFile: false, logLevel: 'error' }).then((r) => r.module);
  return parser;
}

/** The module for one score text; rejects (with line and field) when it does not parse. */
export async function compiledScoreModule(text, file, root = process.cwd()) {
  const { parseScore, formatScoreError } = await loadParser(root);
  const r = parseScore(text);
  if (!r.ok) throw new Error(`${file}: ${r.errors.map(formatScoreError).join('; ')}`);
  // A factory, so each use gets its own objects, as a fresh parse would.
  return `export const text = ${JSON.stringify(text)};\nexport function score() { return ${scoreLiteral(r.score)}; }\n`;
}

/** @returns {import('vite').Plugin} */
export function precompiledScores() {
  let root = process.cwd();
  let publicDir = resolve(root, 'public');
  return {
    name: 'sp-precompiled-scores',
    enforce: 'pre',
    configResolved(c) {
      root = c.root;
      publicDir = c.publicDir || resolve(root, 'public');
    },
    buildStart() {
      parser = null; // a dev server restart or a new build sees parser edits
    },
    resolveId(id) {
      return id === DEPLOYED ? RESOLVED_DEPLOYED : undefined;
    },
    async load(id) {
      const [file, query] = id.split('?');
      // The dev server adds its own parameters (?import&score).
      if (file.endsWith('.yaml') && query?.split('&').includes('score')) {
        this.addWatchFile(file);
        return compiledScoreModule(readFileSync(file, 'utf8'), file, root);
      }
      if (id !== RESOLVED_DEPLOYED) return undefined;
      const deployed = join(publicDir, 'score.yaml');
      this.addWatchFile(deployed);
      if (!existsSync(deployed)) return 'export default null;\n';
      const text = readFileSync(deployed, 'utf8');
      // The usual case: the deploy's score is a preset, already in the bundle.
      const presets = resolve(root, 'src/presets');
      const same = readdirSync(presets).find((f) => f.endsWith('.yaml') && readFileSync(join(presets, f), 'utf8') === text);
      if (same) return `import * as m from ${JSON.stringify(join(presets, same) + '?score')};\nexport default m;\n`;
      try {
        return `${await compiledScoreModule(text, deployed, root)}export default { text, score };\n`;
      } catch {
        return 'export default null;\n';
      }
    },
  };
}
