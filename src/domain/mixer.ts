// Per-voice mute, solo and volume → the gain each channel actually gets.
export interface ChannelSetting {
  readonly gain: number;
  readonly muted: boolean;
  readonly solo: boolean;
}

export const DEFAULT_CHANNEL: ChannelSetting = { gain: 1, muted: false, solo: false };

export type MixerSettings = Readonly<Record<string, ChannelSetting>>;

/** Solo wins: when any channel is soloed, only soloed channels sound. */
export function effectiveGains(mixer: MixerSettings, channels: readonly string[]): Record<string, number> {
  // Own settings only: a channel called "constructor" must not find Object's.
  const own = (c: string) => (Object.hasOwn(mixer, c) ? mixer[c] : undefined);
  const anySolo = channels.some((c) => own(c)?.solo);
  const out: Record<string, number> = {};
  for (const c of channels) {
    const s = own(c) ?? DEFAULT_CHANNEL;
    out[c] = s.muted || (anySolo && !s.solo) || !Number.isFinite(s.gain) ? 0 : Math.min(2, Math.max(0, s.gain));
  }
  return out;
}
