// Reading what the console shows, the way a person would: the alert count line, the
// rows, the pill's status over time, and the Health view's figures.
import type { Page } from 'playwright-core';
import { evalNoGesture } from './browser';

export interface CountLine {
  firing: number;
  pending: number;
  resolved: number;
}

export async function countLine(page: Page): Promise<CountLine | null> {
  const text = await page.textContent('.alert-count').catch(() => null);
  if (!text) return null;
  const n = (re: RegExp) => Number(re.exec(text)?.[1] ?? 0);
  return { firing: n(/(\d+) firing/), pending: n(/(\d+) pending/), resolved: n(/(\d+) resolved/) };
}

/** Waits until the count line says `firing` firing alerts. */
export async function waitForFiring(page: Page, firing: number, timeoutMs = 30_000): Promise<void> {
  try {
    await page.waitForFunction(
      (n) => new RegExp(`^${n} firing`).test(document.querySelector('.alert-count')?.textContent ?? ''),
      firing,
      { timeout: timeoutMs, polling: 250 },
    );
  } catch (err) {
    const seen = await evalNoGesture(page, () => ({
      count: document.querySelector('.alert-count')?.textContent ?? null,
      accepted: document.querySelector('[data-testid="accepted-count"]')?.textContent ?? null,
      rejected: document.querySelector('[data-testid="rejected-count"]')?.textContent ?? null,
      mqtt: document.querySelector('[data-source="mqtt"]')?.getAttribute('data-status') ?? null,
    })).catch(() => null);
    throw new Error(`waiting for ${firing} firing: ${(err as Error).message.split('\n')[0]}; the page shows ${JSON.stringify(seen)}`);
  }
}

/**
 * Names of every row in the list, in order, as a person scrolling it would read them: a
 * long list has only the rows in view in the DOM (VirtualRows), so it is scrolled through
 * a screen at a time, and each row is read at its index (rows in two screens count once).
 */
export function rowNames(page: Page): Promise<string[]> {
  return evalNoGesture(page, async () => {
    const names = (root: ParentNode) => [...root.querySelectorAll('.alert .alert-name')].map((e) => e.firstChild?.textContent ?? '');
    const box = document.querySelector<HTMLElement>('.virtual-rows');
    if (!box?.classList.contains('windowed')) return names(document);
    const total = Number(box.dataset.rows);
    const rowPx = box.scrollHeight / Math.max(1, total);
    const range = () => (box.dataset.rendered ?? '0-0').split('-').map(Number) as [number, number];
    const byIndex = new Map<number, string>();
    for (let top = 0; ; top += box.clientHeight) {
      box.scrollTop = top;
      const want = Math.min(total - 1, Math.floor(box.scrollTop / rowPx));
      // The list re-renders a frame or two after the scroll, and its rows are picked up to
      // the last in view a render later still; a hidden tab has no frames, so poll.
      for (let i = 0; i < 200; i++) {
        const [start, end] = range();
        if (start <= want && want < end && box.querySelectorAll('.alert').length === end - start) break;
        await new Promise((r) => setTimeout(r, 10));
      }
      const [start] = range();
      names(box).forEach((n, i) => byIndex.set(start + i, n));
      if (box.scrollTop + box.clientHeight >= box.scrollHeight - 1) break;
    }
    box.scrollTop = 0;
    return [...byIndex.entries()].sort((a, b) => a[0] - b[0]).map(([, n]) => n);
  });
}

/** Records every change of a source's pill status with the wall-clock time (test-side observer). */
export async function watchStatus(page: Page, source = 'mqtt'): Promise<void> {
  await evalNoGesture(page, (src) => {
    const w = window as unknown as { __statusLog?: [number, string][] };
    const log: [number, string][] = (w.__statusLog = []);
    const read = () => document.querySelector(`[data-source="${src}"]`)?.getAttribute('data-status') ?? 'none';
    let last = read();
    log.push([Date.now(), last]);
    new MutationObserver(() => {
      const now = read();
      if (now !== last) log.push([Date.now(), (last = now)]);
    }).observe(document.body, { subtree: true, attributes: true, attributeFilter: ['data-status'], childList: true });
  }, source);
}

export function statusLog(page: Page): Promise<[number, string][]> {
  return evalNoGesture(page, () => (window as unknown as { __statusLog?: [number, string][] }).__statusLog ?? []);
}

/** First time (epoch ms) at or after `since` that the pill read live, having left live before it. */
export async function liveAgainAt(page: Page, since: number, timeoutMs = 20_000): Promise<number> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const log = await statusLog(page);
    const left = log.findIndex(([, s]) => s !== 'live');
    const back = log.find(([t, s], i) => s === 'live' && t >= since && i > left && left >= 0);
    if (back) return back[0];
    if (Date.now() > end) throw new Error(`not live again after ${since}: ${JSON.stringify(log.slice(-8))}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

export interface HealthFigures {
  soundsTimed: number;
  folded: number;
  eventsTotal: number;
  rejected: number;
}

/** Opens the Health view, reads its figures once they settle, and returns to the console. */
export async function healthFigures(page: Page, settleMs = 2500): Promise<HealthFigures> {
  await page.click('[data-view-link="health"]');
  await page.waitForSelector('main.health [data-testid="latency-count"]');
  const read = async () => {
    const t = async (id: string) => Number(await page.textContent(`[data-testid="${id}"]`));
    return { soundsTimed: await t('latency-count'), folded: await t('voices-dropped'), eventsTotal: await t('events-total'), rejected: await t('rejected-total') };
  };
  // The view samples once a second: read until two samples agree.
  let prev = await read();
  const end = Date.now() + settleMs * 4;
  for (;;) {
    await page.waitForTimeout(settleMs / 2);
    const now = await read();
    if (JSON.stringify(now) === JSON.stringify(prev) || Date.now() > end) {
      await page.click('[data-view-link="console"]').catch(() => page.keyboard.press('h'));
      await page.waitForSelector('.alert-count, .empty', { timeout: 5000 }).catch(() => {});
      return now;
    }
    prev = now;
  }
}
