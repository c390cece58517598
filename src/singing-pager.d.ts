// window.singingPager: offline rendering and scores for tests and tools (src/main.tsx).
// Every member loads its code on first use, so the hook costs nothing at startup.
import type { OfflineRender, OfflineRequest } from './audio/offline';
import type { PresetName } from './app/score-loader';
import type { ScoreResult } from './domain/score/parse';

export interface SingingPagerHook {
  renderOffline(req: OfflineRequest): Promise<OfflineRender>;
  encodeWav(channelData: readonly Float32Array[], sampleRate: number): Promise<ArrayBuffer>;
  parseScore(text: string): Promise<ScoreResult>;
  /** The built-in presets' YAML texts. */
  presets(): Promise<Record<PresetName, string>>;
}

declare global {
  interface Window {
    singingPager: SingingPagerHook;
  }
}
