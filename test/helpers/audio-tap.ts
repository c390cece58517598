// In-page audio tap: sees whatever reaches each AudioContext's destination, without the
// app's cooperation. Installed with page.addInitScript before any page script runs.
//
// How: AudioNode.prototype.connect/disconnect are wrapped; a node connected to an
// AudioDestinationNode is also connected to a per-context GainNode feeding a recorder
// (AudioWorkletNode from a Blob module; ScriptProcessorNode if that fails or is forced).
// window.AudioContext is replaced by a construct-trapping Proxy (prototype, instanceof and
// subclassing unchanged) and the destination getter is hooked, so the recorder starts
// loading when the context is created rather than at the first connect. Tone.js's
// standardized-audio-context wrappers end up calling the native prototype connect, so
// they are seen too. OfflineAudioContexts are ignored (not heard).
//
// Time mapping: an onset's context time is frame-exact (currentFrame + index). It is
// mapped to performance.now() ms with ctx.getOutputTimestamp(), sampled when the onset
// message arrives: that pair is taken together by the audio callback, so it is
// consistent and includes output latency (perfMs ≈ when a listener would hear it).
// renderPerfMs uses (performance.now(), currentTime) instead — currentTime advances in
// callback-sized bursts on the main thread, so it is jittery and excludes output latency.

import { TAP_DEFAULTS, type AudioTapApi, type AudioTapOptions, type TapConfig as Cfg, type TapContextInfo, type TapOnset, type TapSnapshot } from './audio-tap-types';
import { createCore, processorModule } from './audio-tap-recorder';

export * from './audio-tap-types';

/** Main-thread part of the tap. Self-contained (stringified); see file header. */
function tapMain(cfg: Cfg, create: typeof createCore, moduleSrc: string): void {
  if ((window as { __audioTap?: unknown }).__audioTap || typeof AudioNode === 'undefined') return;
  const proto = AudioNode.prototype;
  const nConnect = proto.connect as (this: AudioNode, ...a: unknown[]) => unknown;
  const nDisconnect = proto.disconnect as (this: AudioNode, ...a: unknown[]) => void;
  const destDesc = Object.getOwnPropertyDescriptor(BaseAudioContext.prototype, 'destination')!;
  const nDest = (c: BaseAudioContext): AudioDestinationNode => destDesc.get!.call(c);
  const db = (x: number): number => Math.max(-200, 20 * Math.log10(x)); // JSON-safe floor for silence

  interface Tap {
    index: number; ctx: AudioContext; sr: number; input: GainNode; mode: TapContextInfo['mode'];
    port: { postMessage(m: unknown): void } | null; resetFrame: number; peak: number; sq: number;
    count: number; loud: number; lastLoud: number; end: number; armed: boolean;
    /** ScriptProcessor stamps still to see before its time mapping is trusted (0 for worklets). */
    calibrating: number;
  }
  const taps: Tap[] = [];
  const byCtx = new WeakMap<BaseAudioContext, Tap>();
  const onsets: TapOnset[] = [];
  const levels: TapSnapshot['levels'] = [];
  const waiters = new Set<(o: TapOnset) => boolean>();
  const pending = new Map<number, (d: { pcm?: Float32Array }) => void>();
  let nextId = 1;
  let moduleUrl: string | null = null;

  const onMessage = (tap: Tap, d: { t: string; [k: string]: unknown }): void => {
    if (d.t === 'b') {
      const end = d.end as number;
      tap.end = end;
      tap.armed = d.armed === true;
      if (end <= tap.resetFrame) return;
      const peak = d.peak as number;
      tap.peak = Math.max(tap.peak, peak);
      tap.sq += d.sq as number;
      tap.count += d.count as number;
      tap.loud += d.loud as number;
      if ((d.loud as number) > 0) tap.lastLoud = end;
      levels.push({ context: tap.index, ctxTime: end / tap.sr, peakDbfs: db(peak), rmsDbfs: db(Math.sqrt((d.sq as number) / (d.count as number))) });
      if (levels.length > 400) levels.splice(0, levels.length - 400);
    } else if (d.t === 'o') {
      const frame = d.frame as number;
      if (frame < tap.resetFrame) return;
      const ctxTime = frame / tap.sr;
      const renderPerfMs = performance.now() - (tap.ctx.currentTime - ctxTime) * 1000;
      let perfMs = renderPerfMs;
      let mapping: TapOnset['mapping'] = 'render';
      try {
        const ts = tap.ctx.getOutputTimestamp();
        if ((ts.performanceTime ?? 0) > 0 && (ts.contextTime ?? 0) > 0) {
          perfMs = ts.performanceTime! + (ctxTime - ts.contextTime!) * 1000;
          mapping = 'output';
        }
      } catch { /* keep render mapping */ }
      const o: TapOnset = { context: tap.index, ctxTime, perfMs, renderPerfMs, mapping };
      onsets.push(o);
      for (const wt of [...waiters]) if (wt(o)) waiters.delete(wt);
    } else {
      pending.get(d.id as number)?.(d as { pcm?: Float32Array });
      pending.delete(d.id as number);
    }
  };

  const useScript = (tap: Tap): void => {
    // Chromium stamps playbackTime on the main thread as (current frame + size) when the
    // event is dispatched, so it is late by however late the main thread is. Events are
    // never dropped, so event k covers exactly frames [F0 + k*size, F0 + (k+1)*size): the
    // smallest (playbackTime - k*size) seen is the least-delayed stamp, and mapping every
    // buffer from it makes the onset error that one smallest delay, not each event's own.
    const size = 512;
    const spn = tap.ctx.createScriptProcessor(size, 2, 1);
    const core = create(cfg, tap.sr, (m) => onMessage(tap, m as { t: string }));
    let k = 0;
    let anchor = Infinity;
    spn.onaudioprocess = (e) => {
      anchor = Math.min(anchor, Math.round(e.playbackTime * tap.sr) - k * size);
      const start = anchor + k * size - 2 * size;
      const ib = e.inputBuffer;
      const chs = Array.from({ length: ib.numberOfChannels }, (_, c) => ib.getChannelData(c));
      for (let o = 0; o < size; o += 128) core.process(chs.map((c) => c.subarray(o, o + 128)), start + o, 128);
      k++;
      tap.calibrating = Math.max(0, tap.calibrating - 1);
    };
    // ready() waits for a few stamps (while the context runs) so the anchor is (nearly) undelayed.
    tap.calibrating = 16;
    tap.port = { postMessage: (m) => core.message(m as { t: string; id: number }) };
    nConnect.call(tap.input, spn);
    nConnect.call(spn, nDest(tap.ctx));
    tap.mode = 'script';
  };

  const startRecorder = async (tap: Tap): Promise<void> => {
    if (cfg.mode !== 'script') {
      try {
        moduleUrl ??= URL.createObjectURL(new Blob([moduleSrc], { type: 'text/javascript' }));
        let timer = 0;
        await Promise.race([
          tap.ctx.audioWorklet.addModule(moduleUrl),
          new Promise((_, rej) => { timer = window.setTimeout(() => rej(new Error('worklet timeout')), cfg.workletTimeoutMs); }),
        ]).finally(() => clearTimeout(timer));
        const node = new AudioWorkletNode(tap.ctx, '__audio_tap__', { numberOfInputs: 1, numberOfOutputs: 1, outputChannelCount: [1], processorOptions: cfg });
        node.port.onmessage = (e) => onMessage(tap, e.data);
        tap.port = node.port;
        nConnect.call(tap.input, node);
        nConnect.call(node, nDest(tap.ctx)); // outputs silence; keeps the node pulled
        tap.mode = 'worklet';
        return;
      } catch (err) {
        if (cfg.mode === 'worklet') { tap.mode = 'failed'; console.warn('[audio-tap] worklet failed', err); return; }
      }
    }
    try { useScript(tap); } catch (err) { tap.mode = 'failed'; console.warn('[audio-tap] no recorder', err); }
  };

  const ensure = (ctx: BaseAudioContext): Tap | undefined => {
    if (!(ctx instanceof AudioContext)) return undefined; // offline renders are not heard
    let tap = byCtx.get(ctx);
    if (tap) return tap;
    let input: GainNode;
    try { input = new GainNode(ctx); } catch { return undefined; }
    tap = { index: taps.length, ctx, sr: ctx.sampleRate, input, mode: 'pending', port: null,
      resetFrame: 0, peak: 0, sq: 0, count: 0, loud: 0, lastLoud: -1, end: 0, armed: false, calibrating: 0 };
    byCtx.set(ctx, tap);
    taps.push(tap);
    void startRecorder(tap);
    return tap;
  };

  proto.connect = function (this: AudioNode, ...args: unknown[]) {
    const r = nConnect.apply(this, args);
    if (args[0] instanceof AudioDestinationNode) {
      const tap = ensure(args[0].context);
      if (tap) try { nConnect.call(this, tap.input, args[1] ?? 0); } catch { /* tap is best effort */ }
    }
    return r;
  } as typeof proto.connect;
  proto.disconnect = function (this: AudioNode, ...args: unknown[]) {
    nDisconnect.apply(this, args);
    const tap = args[0] instanceof AudioDestinationNode ? byCtx.get(args[0].context) : undefined;
    if (tap) try { nDisconnect.call(this, tap.input, ...(args[1] === undefined ? [] : [args[1]])); } catch { /* not tapped */ }
  } as typeof proto.disconnect;
  // Start recorders at construction, so the first sound is not lost while the module loads.
  const NativeAC = window.AudioContext;
  const HookedAC = new Proxy(NativeAC, {
    construct(target, args, newTarget) {
      const c = Reflect.construct(target, args, newTarget) as AudioContext;
      ensure(c);
      return c;
    },
  });
  Object.defineProperty(window, 'AudioContext', { value: HookedAC, writable: true, configurable: true });
  Object.defineProperty(BaseAudioContext.prototype, 'destination', {
    ...destDesc,
    get(this: BaseAudioContext) { const d = nDest(this); ensure(this); return d; },
  });

  // Default context: the one that last made sound, else the newest.
  const primary = (i?: number): Tap | undefined =>
    i !== undefined ? taps[i] : taps.reduce<Tap | undefined>((best, t) => (!best || t.lastLoud / t.sr >= best.lastLoud / best.sr ? t : best), undefined);
  const ask = (tap: Tap, m: { t: string; frames?: number }): Promise<{ pcm?: Float32Array }> =>
    new Promise((res) => {
      if (!tap.port || tap.ctx.state === 'closed') return res({});
      const id = nextId++;
      const timer = setTimeout(() => { pending.delete(id); res({}); }, 2000); // suspended contexts never answer
      pending.set(id, (d) => { clearTimeout(timer); res(d); });
      tap.port.postMessage({ ...m, id });
    });

  const api: AudioTapApi = {
    reset() {
      for (const t of taps) Object.assign(t, { resetFrame: Math.round(t.ctx.currentTime * t.sr), peak: 0, sq: 0, count: 0, loud: 0 });
      onsets.length = 0;
      levels.length = 0;
    },
    snapshot() {
      const peak = Math.max(0, ...taps.map((t) => t.peak));
      const sq = taps.reduce((s, t) => s + t.sq, 0);
      const count = taps.reduce((s, t) => s + t.count, 0);
      return structuredClone({
        contexts: taps.length, sampleRate: primary()?.sr ?? null, peak, peakDbfs: db(peak),
        rmsDbfs: db(count ? Math.sqrt(sq / count) : 0),
        onsets: [...onsets].sort((a, b) => a.perfMs - b.perfMs),
        nonSilentSeconds: taps.reduce((s, t) => s + t.loud / t.sr, 0), levels,
        perContext: taps.map((t) => ({ index: t.index, sampleRate: t.sr, state: t.ctx.state, mode: t.mode,
          currentTime: t.ctx.currentTime, peak: t.peak, renderedSeconds: t.end / t.sr, armed: t.armed })),
      });
    },
    waitForOnset(after = -Infinity, timeoutMs = 5000) {
      const hit = onsets.find((o) => o.perfMs >= after);
      if (hit) return Promise.resolve({ ...hit });
      return new Promise((res) => {
        const timer = setTimeout(() => { waiters.delete(w); res(null); }, timeoutMs);
        const w = (o: TapOnset): boolean => {
          if (o.perfMs < after) return false;
          clearTimeout(timer);
          res({ ...o });
          return true;
        };
        waiters.add(w);
      });
    },
    async recent(seconds, i) {
      const tap = primary(i);
      if (!tap) return [];
      const d = await ask(tap, { t: 'r', frames: seconds * tap.sr });
      return d.pcm ? Array.from(d.pcm) : [];
    },
    async flush() {
      await Promise.all(taps.map((t) => ask(t, { t: 'f' })));
    },
    async ready(timeoutMs = 5000) {
      const t0 = performance.now();
      while (!taps.length || taps.some((t) => t.mode === 'pending' || (t.calibrating > 0 && t.ctx.state === 'running'))) {
        if (performance.now() - t0 > timeoutMs) return false;
        await new Promise((r) => setTimeout(r, 10));
      }
      return true;
    },
  };
  Object.defineProperty(window, '__audioTap', { value: api, configurable: true });
}

/** Source for page.addInitScript({ content }). */
export function audioTapInitScript(opts: AudioTapOptions = {}): string {
  const cfg: Cfg = { ...TAP_DEFAULTS, ...opts };
  const core = createCore.toString();
  const moduleSrc = `(${processorModule.toString()})(${core});`;
  return `(${tapMain.toString()})(${JSON.stringify(cfg)}, ${core}, ${JSON.stringify(moduleSrc)});`;
}
