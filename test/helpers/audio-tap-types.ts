// Public types of the in-page audio tap (see audio-tap.ts).

export interface AudioTapOptions {
  /** Level above which a sample counts as sound (default -50 dBFS). */
  thresholdDbfs?: number;
  /** Level below which a render quantum counts as silence (default -60 dBFS). */
  silenceDbfs?: number;
  /** Silence needed before a new onset can fire (default 20 ms). */
  minSilenceMs?: number;
  /** Length of the rolling mono PCM buffer (default 2 s). */
  pcmSeconds?: number;
  /** Render quanta per stats message from the recorder (default 10). */
  batchQuanta?: number;
  /** 'auto' tries the worklet and falls back to ScriptProcessorNode. */
  mode?: 'auto' | 'worklet' | 'script';
  workletTimeoutMs?: number;
}

export interface TapOnset {
  context: number;
  /** Context time of the first sample above the threshold. */
  ctxTime: number;
  /** performance.now() ms via getOutputTimestamp (falls back to renderPerfMs). */
  perfMs: number;
  renderPerfMs: number;
  mapping: 'output' | 'render';
}

export interface TapContextInfo {
  index: number;
  sampleRate: number;
  state: string;
  mode: 'pending' | 'worklet' | 'script' | 'failed';
  currentTime: number;
  peak: number;
  renderedSeconds: number;
  /** Silent long enough (minSilenceMs) that the next sound will register as an onset. */
  armed: boolean;
}

/** All dBFS values are floored at -200 (digital silence), so snapshots are plain JSON. */
export interface TapSnapshot {
  contexts: number;
  /** Sample rate of the primary context (the one recent() reads by default). */
  sampleRate: number | null;
  peak: number;
  peakDbfs: number;
  rmsDbfs: number;
  onsets: TapOnset[];
  nonSilentSeconds: number;
  /** Last ~10 s of per-batch levels (batchQuanta × 128 frames each). */
  levels: { context: number; ctxTime: number; peakDbfs: number; rmsDbfs: number }[];
  perContext: TapContextInfo[];
}

export interface AudioTapApi {
  reset(): void;
  snapshot(): TapSnapshot;
  /** Resolves with the first onset whose perfMs >= afterPerfMs, or null on timeout. */
  waitForOnset(afterPerfMs?: number, timeoutMs?: number): Promise<TapOnset | null>;
  /** Last `seconds` of mono PCM from the primary (or given) context. */
  recent(seconds: number, context?: number): Promise<number[]>;
  /** Makes every recorder post its partial batch, so snapshot() is current. */
  flush(): Promise<void>;
  /** True once at least one AudioContext exists and none is still loading its recorder. */
  ready(timeoutMs?: number): Promise<boolean>;
}

declare global {
  interface Window {
    __audioTap: AudioTapApi;
  }
}

/** Options with defaults filled in; what the recorder receives. */
export type TapConfig = Required<AudioTapOptions>;

export const TAP_DEFAULTS: TapConfig = {
  thresholdDbfs: -50,
  silenceDbfs: -60,
  minSilenceMs: 20,
  pcmSeconds: 2,
  batchQuanta: 10,
  mode: 'auto',
  workletTimeoutMs: 3000,
};
