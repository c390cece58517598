// Node-side driver for window.singingPager.renderOffline in a page of the built app:
// renders a preset (or any score) and brings the samples back as Float32Arrays.
import type { Page } from 'playwright-core';
import type { OfflineRequest, PlayedEarcon, ScriptEvent } from '../../src/audio/offline';
import type { PresetName } from '../../src/app/score-loader';
import { evalNoGesture } from './browser';

export interface RenderSpec extends Omit<OfflineRequest, 'score'> {
  /** A preset's name, or score YAML. */
  readonly preset?: PresetName;
  readonly yaml?: string;
}

export interface Rendered {
  /** (L + R) / 2, or the only channel. */
  mid: Float32Array;
  channels: number;
  sampleRate: number;
  peak: number;
  voiceCountMax: number;
  nodeCount: number;
  renderSeconds: number;
  played: PlayedEarcon[];
  folded: number;
}

export type { ScriptEvent };

/** Renders in the page (no user gesture needed) and decodes the mid channel. */
export async function renderInPage(page: Page, spec: RenderSpec): Promise<Rendered> {
  const r = await evalNoGesture(
    page,
    async (s) => {
      const sp = window.singingPager;
      const score = s.yaml ?? (await sp.presets())[s.preset ?? 'ambient'];
      const out = await sp.renderOffline({ ...s, score });
      const [l, r] = out.channelData;
      const mid = new Float32Array(l!.length);
      for (let i = 0; i < mid.length; i++) mid[i] = r ? (l![i]! + r[i]!) / 2 : l![i]!;
      // Bytes through JSON as base64, in chunks (String.fromCharCode has an argument limit).
      const bytes = new Uint8Array(mid.buffer);
      let bin = '';
      for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
      const { channelData: _, ...rest } = out;
      return { ...rest, channels: out.channelData.length, b64: btoa(bin) };
    },
    spec,
  );
  // A fresh copy: Buffer's pool may leave the bytes unaligned for a Float32Array.
  const bytes = new Uint8Array(Buffer.from(r.b64, 'base64'));
  const { b64: _, ...rest } = r;
  return { ...rest, played: [...rest.played], mid: new Float32Array(bytes.buffer, 0, bytes.length / 4) };
}
