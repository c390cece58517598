// Level analysis + recorder worklet for the audio tap. Both functions are stringified
// into the page (and the worklet module), so they must stay self-contained.
import type { TapConfig as Cfg } from './audio-tap-types';

// AudioWorkletGlobalScope names, used only inside processorModule.
declare const sampleRate: number;
declare const currentFrame: number;
declare class AudioWorkletProcessor {
  readonly port: MessagePort;
}
declare function registerProcessor(name: string, ctor: unknown): void;

export type Post = (msg: Record<string, unknown>, transfer?: Transferable[]) => void;
export interface Core {
  process(chs: Float32Array[], start: number, n: number): void;
  message(m: { t: string; id: number; frames?: number }): void;
}

/** Level analysis shared by the worklet and the ScriptProcessor fallback. Self-contained (stringified). */
export function createCore(cfg: Cfg, rate: number, post: Post): Core {
  const thr = 10 ** (cfg.thresholdDbfs / 20);
  const sil = 10 ** (cfg.silenceDbfs / 20);
  const minSil = Math.round((cfg.minSilenceMs / 1000) * rate);
  const ring = new Float32Array(Math.max(128, Math.round(cfg.pcmSeconds * rate)));
  let w = 0;
  let filled = 0;
  let armed: boolean | null = null;
  let silentRun = 0;
  let b = { peak: 0, sq: 0, count: 0, loud: 0, quanta: 0, end: 0 };
  const sendBatch = (): void => {
    if (b.quanta > 0) post({ t: 'b', ...b, armed });
    b = { peak: 0, sq: 0, count: 0, loud: 0, quanta: 0, end: b.end };
  };
  return {
    process(chs, start, n) {
      // A recorder live from frame 0 has seen all of the context's output, so it is armed.
      if (armed === null) armed = start <= 0;
      const nc = chs.length;
      let peak = 0;
      let first = -1;
      let sq = 0;
      for (let i = 0; i < n; i++) {
        let m = 0;
        let s = 0;
        for (let c = 0; c < nc; c++) {
          const v = chs[c]![i]!;
          s += v;
          sq += v * v;
          const a = v < 0 ? -v : v;
          if (a > m) m = a;
        }
        if (m > peak) peak = m;
        if (first < 0 && m > thr) first = i;
        ring[w] = nc ? s / nc : 0;
        w = (w + 1) % ring.length;
      }
      filled = Math.min(ring.length, filled + n);
      if (peak < sil) {
        silentRun += n;
        if (silentRun >= minSil) armed = true;
      } else {
        // Between the two levels: not silence, but a slow attack may still become an onset.
        silentRun = 0;
        if (armed && first >= 0) {
          armed = false;
          post({ t: 'o', frame: start + first, peak });
        }
      }
      if (peak > b.peak) b.peak = peak;
      b.sq += sq;
      b.count += n * Math.max(1, nc);
      if (peak > thr) b.loud += n;
      b.end = start + n;
      if (++b.quanta >= cfg.batchQuanta) sendBatch();
    },
    message(m) {
      if (m.t === 'r') {
        const k = Math.min(filled, Math.max(0, Math.round(m.frames ?? 0)));
        const out = new Float32Array(k);
        for (let i = 0; i < k; i++) out[i] = ring[(w - k + i + ring.length) % ring.length]!;
        post({ t: 'r', id: m.id, pcm: out }, [out.buffer]);
      } else if (m.t === 'f') {
        sendBatch();
        post({ t: 'f', id: m.id });
      }
    },
  };
}

/** Worklet module body; `create` is createCore. Self-contained (stringified). */
export function processorModule(create: typeof createCore): void {
  class TapProcessor extends AudioWorkletProcessor {
    core: Core;
    constructor(options: { processorOptions: Cfg }) {
      super();
      this.core = create(options.processorOptions, sampleRate, (msg, tr) => this.port.postMessage(msg, tr ?? []));
      this.port.onmessage = (e: MessageEvent) => this.core.message(e.data);
    }
    process(inputs: Float32Array[][]): boolean {
      const chs = inputs[0] ?? [];
      this.core.process(chs, currentFrame, chs[0]?.length ?? 128);
      return true;
    }
  }
  registerProcessor('__audio_tap__', TapProcessor);
}
