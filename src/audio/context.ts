// The AudioContext: created for low latency, resumed whenever the browser
// suspends it, and honest about when it cannot run (autoplay policy).
import * as Tone from 'tone';
import { watchRawContext, type ContextWatch, type RawContextLike } from './context-watch';

export type ContextStatus = 'running' | 'needs-gesture' | 'suspended' | 'failed';

/**
 * Tone's default lookAhead (100 ms) delays every sound by that much. We schedule
 * each sound ourselves a few milliseconds ahead of the audio clock instead, so
 * Tone's own lookAhead is 0.
 */
export function createLowLatencyContext(): Tone.BaseContext {
  // Tone creates its default context (latencyHint "interactive") on import; making a
  // second one would leave the first idle but alive, so we tune the default instead.
  const ctx = Tone.getContext();
  ctx.lookAhead = 0;
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
