// Offline render speed of the console's own engine (bench/render/entry.ts builds
// src/audio/engine.ts into a page): seconds of audio per second of wall time, for the
// metric bed alone and with an alert storm on top.
import { newPage } from '../../test/helpers/browser';
import type { BenchStack } from '../lib/stack';
import type { RenderOptions, RenderResult } from '../render/entry';

export async function runRender(stack: BenchStack, runs: RenderOptions[]): Promise<RenderResult[]> {
  const served = await stack.renderPage();
  const h = await newPage(stack.browser, { tap: false });
  try {
    await h.page.goto(served.url);
    await h.page.waitForFunction(() => 'ready' === document.getElementById('status')?.textContent, undefined, { timeout: 20_000 });
    const out: RenderResult[] = [];
    for (const o of runs) {
      out.push(await h.page.evaluate((opts) => (window as unknown as { __renderBench(o: RenderOptions): Promise<RenderResult> }).__renderBench(opts), o));
    }
    const errors = h.allErrors().filter((e) => !/favicon/.test(e));
    if (errors.length) throw new Error(`render page errors: ${errors.slice(0, 3).join(' | ')}`);
    return out;
  } finally {
    await h.close();
  }
}
