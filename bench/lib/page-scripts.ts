// Init scripts the bench adds to a page (after the test harness's audio tap):
//  - a PCM recorder: an AudioWorklet that keeps everything reaching each realtime
//    AudioContext's destination, frame-exact, plus the wall-clock time (Date.now(),
//    the same system clock the Node publisher reads) at which each render quantum
//    was rendered. Analysis happens in Node (onsets.ts), mapping in clock.ts.
//  - a main-thread clock sampler: (performance.now(), currentTime, getOutputTimestamp())
//    pairs, for the heard-time mapping and as a cross-check of the worklet stamps.
//  - a long-task observer and readiness marks (first time the controls are there / audio runs / MQTT is live).
// Everything here is stringified into the page, so the functions are self-contained.

declare const sampleRate: number;
declare const currentFrame: number;
declare class AudioWorkletProcessor {
  readonly port: MessagePort;
}
declare function registerProcessor(name: string, ctor: unknown): void;

export interface RecorderOptions {
  /** Seconds kept per recording (default 180: the 120 s steady run with its calibration; mono float, 35 MB at 48 kHz). */
  capacitySeconds?: number;
  /** Main-thread clock samples per second (default 100). */
  clockSampleHz?: number;
}

/** Worklet module (stringified): records the mono mix and a Date.now() stamp per quantum. */
function recorderModule(): void {
  class BenchRecorder extends AudioWorkletProcessor {
    cap: number;
    pcm: Float32Array;
    stamps: Float64Array;
    on = false;
    start = -1;
    n = 0;
    overflow = false;
    gaps = 0;
    constructor(options: { processorOptions: { capacityFrames: number } }) {
      super();
      this.cap = options.processorOptions.capacityFrames;
      this.pcm = new Float32Array(this.cap);
      this.stamps = new Float64Array(Math.ceil(this.cap / 128) + 1);
      this.port.onmessage = (e: MessageEvent) => {
        const m = e.data as { t: string; id: number };
        if (m.t === 'start') {
          Object.assign(this, { on: true, start: -1, n: 0, overflow: false, gaps: 0 });
          this.port.postMessage({ t: 'ok', id: m.id, frame: currentFrame });
        } else if (m.t === 'stop' || m.t === 'dump') {
          if (m.t === 'stop') this.on = false;
          const pcm = this.pcm.slice(0, this.n);
          const stamps = this.stamps.slice(0, Math.ceil(this.n / 128));
          this.port.postMessage({ t: 'ok', id: m.id, start: this.start, pcm, stamps, sampleRate, overflow: this.overflow, gaps: this.gaps },
            [pcm.buffer, stamps.buffer]);
        } else if (m.t === 'ping') {
          this.port.postMessage({ t: 'ok', id: m.id, frame: currentFrame, now: Date.now() });
        }
      };
    }
    process(inputs: Float32Array[][]): boolean {
      if (!this.on) return true;
      const now = Date.now();
      if (this.start < 0) this.start = currentFrame;
      if (currentFrame - this.start !== this.n) this.gaps++;
      if (this.n + 128 > this.cap) {
        this.overflow = true;
        this.on = false;
        return true;
      }
      const chs = inputs[0] ?? [];
      const nc = chs.length;
      const out = this.pcm;
      const base = this.n;
      if (nc === 0) out.fill(0, base, base + 128);
      else {
        for (let i = 0; i < 128; i++) {
          let s = 0;
          for (let c = 0; c < nc; c++) s += chs[c]![i]!;
          out[base + i] = s / nc;
        }
      }
      this.stamps[base / 128] = now;
      this.n += 128;
      return true;
    }
  }
  registerProcessor('__bench_recorder__', BenchRecorder);
}

export interface RecordingDump {
  /** Context frame of pcm[0]. */
  start: number;
  sampleRate: number;
  pcm: Float32Array;
  /** Date.now() (epoch ms, 1 ms resolution) when quantum i (frames start+128i…) was rendered. */
  stamps: Float64Array;
  overflow: boolean;
  gaps: number;
  /** Main-thread samples: [performance.now(), currentFrame, outputTimestamp.contextTime, outputTimestamp.performanceTime, Date.now()]. */
  clock: [number, number, number, number, number][];
  timeOrigin: number;
}

export interface BenchPageApi {
  /** Starts a new recording on the newest realtime context; resolves with its current frame. */
  start(): Promise<number>;
  /** Stops and returns the recording (base64 chunks of the Float32 PCM and Float64 stamps). */
  stop(): Promise<{ start: number; sampleRate: number; pcm: string[]; stamps: string; overflow: boolean; gaps: number; clock: [number, number, number, number, number][]; timeOrigin: number } | null>;
  /** Long tasks (ms durations, start times) seen since the last call; clears the list. */
  takeLongTasks(): { start: number; duration: number }[];
  /** performance.now() when audio first ran / MQTT first went live (null until then). */
  marks: Record<string, number | null>;
  contexts(): number;
  /** OscillatorNodes sounding now / at most since resetVoiceMax / started in total. */
  voices(): { now: number; max: number; started: number };
  resetVoiceMax(): void;
}

function benchMain(withRecorder: boolean, capacitySeconds: number, clockHz: number, moduleSrc: string): void {
  if ((window as { __bench?: unknown }).__bench || typeof AudioNode === 'undefined') return;
  const proto = AudioNode.prototype;
  const prevConnect = proto.connect as (this: AudioNode, ...a: unknown[]) => unknown;
  const prevDisconnect = proto.disconnect as (this: AudioNode, ...a: unknown[]) => void;
  interface Rec { ctx: AudioContext; input: GainNode; port: MessagePort | null; ready: Promise<void> }
  const recs: Rec[] = [];
  const byCtx = new WeakMap<BaseAudioContext, Rec>();
  let moduleUrl: string | null = null;
  let nextId = 1;
  const pending = new Map<number, (d: Record<string, unknown>) => void>();

  const ensure = (ctx: BaseAudioContext): Rec | undefined => {
    if (!(ctx instanceof AudioContext)) return undefined;
    let r = byCtx.get(ctx);
    if (r) return r;
    const input = new GainNode(ctx);
    const rec: Rec = { ctx, input, port: null, ready: Promise.resolve() };
    rec.ready = (async () => {
      moduleUrl ??= URL.createObjectURL(new Blob([moduleSrc], { type: 'text/javascript' }));
      await ctx.audioWorklet.addModule(moduleUrl);
      const node = new AudioWorkletNode(ctx, '__bench_recorder__', {
        numberOfInputs: 1, numberOfOutputs: 0, channelCount: 2, channelCountMode: 'explicit',
        processorOptions: { capacityFrames: Math.round(capacitySeconds * ctx.sampleRate / 128) * 128 },
      });
      node.port.onmessage = (e) => { const d = e.data as { id: number }; pending.get(d.id)?.(e.data); pending.delete(d.id); };
      rec.port = node.port;
      prevConnect.call(input, node);
    })().catch((err) => console.warn('[bench] recorder failed', err));
    byCtx.set(ctx, rec);
    recs.push(rec);
    return rec;
  };
  if (withRecorder) proto.connect = function (this: AudioNode, ...args: unknown[]) {
    const r = prevConnect.apply(this, args);
    if (args[0] instanceof AudioDestinationNode) {
      const rec = ensure(args[0].context);
      if (rec) try { prevConnect.call(this, rec.input, args[1] ?? 0); } catch { /* best effort */ }
    }
    return r;
  } as typeof proto.connect;
  if (withRecorder) proto.disconnect = function (this: AudioNode, ...args: unknown[]) {
    prevDisconnect.apply(this, args);
    const rec = args[0] instanceof AudioDestinationNode ? byCtx.get(args[0].context) : undefined;
    if (rec) try { prevDisconnect.call(this, rec.input, ...(args[1] === undefined ? [] : [args[1]])); } catch { /* not connected */ }
  } as typeof proto.disconnect;

  const ask = (rec: Rec, m: Record<string, unknown>): Promise<Record<string, unknown>> =>
    new Promise((res, rej) => {
      if (!rec.port) return rej(new Error('recorder not ready'));
      const id = nextId++;
      const timer = setTimeout(() => { pending.delete(id); rej(new Error('recorder timeout')); }, 10_000);
      pending.set(id, (d) => { clearTimeout(timer); res(d); });
      rec.port.postMessage({ ...m, id });
    });

  // Main-thread clock samples, taken only while recording.
  let clock: [number, number, number, number, number][] = [];
  let sampler = 0;
  const sample = (rec: Rec) => {
    const ts = rec.ctx.getOutputTimestamp();
    clock.push([performance.now(), Math.round(rec.ctx.currentTime * rec.ctx.sampleRate), ts.contextTime ?? 0, ts.performanceTime ?? 0, Date.now()]);
    if (clock.length > 200_000) clock.splice(0, 100_000);
  };
  let current: Rec | null = null;

  const longTasks: { start: number; duration: number }[] = [];
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) longTasks.push({ start: e.startTime, duration: e.duration });
      if (longTasks.length > 10_000) longTasks.splice(0, 5_000);
    }).observe({ type: 'longtask', buffered: true });
  } catch { /* no longtask support */ }

  // Sounding voices: OscillatorNodes started and not yet ended (Tone makes one per note).
  const voices = { now: 0, max: 0, started: 0 };
  const srcProto = AudioScheduledSourceNode.prototype;
  const prevStart = srcProto.start as (this: AudioScheduledSourceNode, ...a: unknown[]) => void;
  srcProto.start = function (this: AudioScheduledSourceNode, ...args: unknown[]) {
    prevStart.apply(this, args);
    if (this instanceof OscillatorNode) {
      voices.now++;
      voices.started++;
      if (voices.now > voices.max) voices.max = voices.now;
      this.addEventListener('ended', () => { voices.now--; }, { once: true });
    }
  } as typeof srcProto.start;

  const marks: Record<string, number | null> = { interactive: null, audioRunning: null, mqttLive: null, ready: null };
  const check = () => {
    const now = performance.now();
    // Interactive: the console's header controls are in the DOM (React attaches their handlers at commit).
    if (marks.interactive === null && document.querySelector('header.top .keys-button')) marks.interactive = now;
    if (marks.audioRunning === null && document.querySelector('[data-audio="running"]')) marks.audioRunning = now;
    if (marks.mqttLive === null && document.querySelector('[data-source="mqtt"][data-status="live"]')) marks.mqttLive = now;
    if (marks.ready === null && marks.audioRunning !== null && marks.mqttLive !== null) marks.ready = now;
    if (marks.ready !== null && marks.interactive !== null) mo.disconnect();
  };
  const mo = new MutationObserver(check);
  const observe = () => mo.observe(document.documentElement, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-audio', 'data-status'] });
  if (document.documentElement) observe(); else document.addEventListener('DOMContentLoaded', observe);

  const b64 = (u8: Uint8Array): string => {
    let s = '';
    for (let i = 0; i < u8.length; i += 0x8000) s += String.fromCharCode.apply(null, u8.subarray(i, i + 0x8000) as unknown as number[]);
    return btoa(s);
  };

  const api: BenchPageApi = {
    async start() {
      const rec = recs[recs.length - 1];
      if (!rec) throw new Error('no AudioContext yet');
      await rec.ready;
      current = rec;
      clock = [];
      clearInterval(sampler);
      sampler = window.setInterval(() => sample(rec), 1000 / clockHz);
      const d = await ask(rec, { t: 'start' });
      return d.frame as number;
    },
    async stop() {
      const rec = current;
      if (!rec) return null;
      clearInterval(sampler);
      sample(rec);
      const d = await ask(rec, { t: 'stop' });
      const pcm = new Uint8Array((d.pcm as Float32Array).buffer);
      const chunks: string[] = [];
      for (let i = 0; i < pcm.length; i += 4 << 20) chunks.push(b64(pcm.subarray(i, i + (4 << 20))));
      return { start: d.start as number, sampleRate: d.sampleRate as number, pcm: chunks, stamps: b64(new Uint8Array((d.stamps as Float64Array).buffer)),
        overflow: d.overflow as boolean, gaps: d.gaps as number, clock, timeOrigin: performance.timeOrigin };
    },
    takeLongTasks() {
      return longTasks.splice(0, longTasks.length);
    },
    marks,
    contexts: () => recs.length,
    voices: () => ({ ...voices }),
    resetVoiceMax: () => { voices.max = voices.now; },
  };
  Object.defineProperty(window, '__bench', { value: api, configurable: true });
}

/** `recorder: false` keeps only the long-task observer, voice counter and readiness marks. */
export function benchInitScript(opts: RecorderOptions & { recorder?: boolean } = {}): string {
  const moduleSrc = `(${recorderModule.toString()})();`;
  return `(${benchMain.toString()})(${opts.recorder !== false}, ${opts.capacitySeconds ?? 180}, ${opts.clockSampleHz ?? 100}, ${JSON.stringify(moduleSrc)});`;
}

declare global {
  interface Window {
    __bench: BenchPageApi;
  }
}

/** Decodes what __bench.stop() returned. */
export function decodeDump(raw: NonNullable<Awaited<ReturnType<BenchPageApi['stop']>>>): RecordingDump {
  const bufs = raw.pcm.map((c) => Buffer.from(c, 'base64'));
  const all = Buffer.concat(bufs);
  const pcm = new Float32Array(all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength));
  const st = Buffer.from(raw.stamps, 'base64');
  const stamps = new Float64Array(st.buffer.slice(st.byteOffset, st.byteOffset + st.byteLength));
  return { start: raw.start, sampleRate: raw.sampleRate, pcm, stamps, overflow: raw.overflow, gaps: raw.gaps, clock: raw.clock, timeOrigin: raw.timeOrigin };
}
