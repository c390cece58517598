// The AudioContext: created for low latency, resumed whenever the browser
// suspends it, and honest about when it cannot run (autoplay policy).
import * as Tone from 'tone';
import { watchRawContext, type ContextWatch, type RawContextLike } from './context-watch';

export type ContextStatus = 'running' | 'needs-gesture' | 'suspended' | 'failed';

/**
 * The smallest output buffer the browser offers. Chromium clamps 0 to its minimum: one
 * 128-frame quantum per callback on its output here (2.9 ms, output latency 8 ms), where
 * "interactive" renders 10 ms at a time (output latency 32 ms) — a sound scheduled just
 * after a callback waited up to 10 ms for the next one.
 */
export const LOWEST_LATENCY_HINT = 0;

/**
 * Tone's default lookAhead (100 ms) delays every sound by that much. We schedule
 * each sound ourselves a few milliseconds ahead of the audio clock instead, so
 * Tone's own lookAhead is 0.
 */
export function createLowLatencyContext(): Tone.BaseContext {
  // Importing Tone creates its default context ("interactive"); it has made no sound
  // yet, so it is replaced by one at the lowest latency and closed.
  const initial = Tone.getContext();
  if (typeof AudioContext === 'undefined') {
    initial.lookAhead = 0;
    return initial;
  }
  let ctx: Tone.BaseContext;
  try {
    ctx = new Tone.Context({ context: new AudioContext({ latencyHint: LOWEST_LATENCY_HINT }), lookAhead: 0 });
  } catch {
    initial.lookAhead = 0; // a browser that refuses the hint keeps Tone's own context
    return initial;
  }
  Tone.setContext(ctx);
  void Promise.resolve().then(() => initial.dispose()).catch(() => { /* already closed */ });
  return ctx;
}

function rawState(ctx: Tone.BaseContext): string {
  return (ctx.rawContext as unknown as { state: string }).state;
}

/** Tries to start the context; resolves with what happened within `waitMs`. */
export async function tryResume(ctx: Tone.BaseContext, waitMs = 400): Promise<ContextStatus> {
  if (rawState(ctx) === 'running') return 'running';
  try {
    const resumed = ctx.resume().then(() => true);
    const timeout = new Promise<false>((r) => setTimeout(() => r(false), waitMs));
    await Promise.race([resumed, timeout]);
  } catch {
    return 'failed';
  }
  return rawState(ctx) === 'running' ? 'running' : 'needs-gesture';
}

/**
 * Keeps the context running and reports each change truthfully (context-watch.ts): on
 * every state change, output device change and when the tab is shown again; where
 * the browser wants a gesture, the next click or key press anywhere resumes it.
 */
export function watchContext(ctx: Tone.BaseContext, report: (s: ContextStatus, detail?: string) => void): ContextWatch {
  const raw = ctx.rawContext as unknown as RawContextLike;
  const hasDocument = typeof document !== 'undefined';
  return watchRawContext(raw, {
    resume: () => tryResume(ctx),
    report,
    ...(hasDocument && { gestures: document, page: document }),
    ...(typeof navigator !== 'undefined' && navigator.mediaDevices && { devices: navigator.mediaDevices }),
  });
}

/** Maps a context time to the page's performance.now() clock (ms). */
export function contextTimeToPerfMs(ctx: Tone.BaseContext, time: number): number {
  const raw = ctx.rawContext as unknown as AudioContext;
  const ts = typeof raw.getOutputTimestamp === 'function' ? raw.getOutputTimestamp() : undefined;
  if (ts && ts.contextTime !== undefined && ts.performanceTime !== undefined && ts.performanceTime > 0) {
    return ts.performanceTime + (time - ts.contextTime) * 1000;
  }
  return performance.now() + (time - raw.currentTime) * 1000;
}
