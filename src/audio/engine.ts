// The audio engine: plays the score's sounds on pooled voices, keeps the metric
// voices sounding, runs the storm texture, and mixes it all through per-channel
// gains into the master bus. It knows nothing of React or the store.
import * as Tone from 'tone';
import type { EarconChannel, EarconSound, StormState } from '../domain/score/sounds';
import { earconDesign } from '../domain/score/earcons';
import type { VoiceParams } from '../domain/score/metric-mapper';
import type { MetricVoiceSpec } from '../domain/score/types';
import { contextTimeToPerfMs } from './context';
import { MasterBus } from './master-bus';
import { EarconVoice } from './voices/earcon';
import { MetricVoice, ROUGHNESS_HZ } from './voices/metric-voice';
import { PanBuses } from './voices/pan-buses';
import { SharedLfo } from './voices/shared-lfo';
import { StormTexture } from './voices/storm';

export interface EngineOptions {
  readonly context: Tone.BaseContext;
  /**
   * Seconds ahead of the audio clock a sound is scheduled: one render callback (128
   * frames at the lowest latency hint, 2.7-2.9 ms), so it lands in the next callback
   * the audio thread renders, not in one already rendered. More only delays every sound.
   */
  readonly scheduleAheadSeconds: number;
  /** Voices per earcon channel: the hard cap the score's budgets live within. */
  readonly voicesPerChannel: number;
  readonly maxMetricVoices: number;
  readonly volume: number;
  readonly rng: () => number;
}

export const ENGINE_DEFAULTS: Omit<EngineOptions, 'context'> = {
  scheduleAheadSeconds: 0.003,
  voicesPerChannel: 8,
  maxMetricVoices: 16,
  volume: 0.8,
  rng: Math.random,
};

export const EARCON_CHANNELS: readonly EarconChannel[] = ['critical', 'warning', 'info', 'clear', 'system'];
export type Channel = EarconChannel | 'storm' | `metric:${string}`;

export interface PlayedSound {
  readonly sound: EarconSound;
  /** Context time the sound starts. */
  readonly at: number;
}

export class AudioEngine {
  readonly context: Tone.BaseContext;
  private readonly o: EngineOptions;
  private readonly bus: MasterBus;
  private readonly channels = new Map<Channel, Tone.Gain>();
  /** Mixer gains of metric channels: each voice applies its own (no node per channel). */
  private readonly metricMix = new Map<string, number>();
  private readonly pools = new Map<EarconChannel, EarconVoice[]>();
  private readonly metricVoices = new Map<string, MetricVoice>();
  private readonly storm: StormTexture;
  /** Metric voices at the same pan share a panner. */
  private readonly pans: PanBuses;
  /** Every metric voice's roughness swings with one oscillator. */
  private readonly roughLfo: SharedLfo;
  private disposed = false;

  constructor(options: Partial<EngineOptions> & Pick<EngineOptions, 'context'>) {
    this.o = { ...ENGINE_DEFAULTS, ...options };
    this.context = this.o.context;
    this.bus = new MasterBus({ context: this.context, volume: this.o.volume });
    this.pans = new PanBuses(this.context, this.bus.input);
    this.roughLfo = new SharedLfo(this.context, ROUGHNESS_HZ);
    for (const ch of EARCON_CHANNELS) {
      const gain = this.channel(ch);
      this.pools.set(ch, Array.from({ length: this.o.voicesPerChannel }, () => new EarconVoice({ context: this.context }, gain)));
    }
    this.storm = new StormTexture({ context: this.context, rng: this.o.rng }, this.channel('storm'));
  }

  private channel(id: Channel): Tone.Gain {
    let g = this.channels.get(id);
    if (!g) {
      g = new Tone.Gain({ context: this.context, gain: 1 }).connect(this.bus.input);
      this.channels.set(id, g);
    }
    return g;
  }

  /** The time a sound played now would start at. */
  nextStartTime(): number {
    return this.now() + this.o.scheduleAheadSeconds;
  }

  /** The audio clock; an offline context's is its render clock (its raw time stays 0 until it renders). */
  private now(): number {
    return this.context.currentTime;
  }

  get running(): boolean {
    return this.context.rawContext.state === 'running';
  }

  play(sound: EarconSound, at = this.nextStartTime()): PlayedSound | null {
    // Notes scheduled into a suspended context would all burst out on resume.
    // An offline context is scheduled before it renders, while it reads 'suspended'.
    if (this.disposed || !(this.running || this.context.isOffline)) return null;
    const voice = this.freeVoice(sound.channel, at);
    if (!voice) return null;
    try {
      voice.play(earconDesign(sound.earcon), at, { pan: sound.pan, gain: sound.gain, transpose: sound.transpose });
    } catch (err) {
      // A sound that cannot be scheduled is lost, never the console: count it and go on.
      this.playErrors++;
      if (this.playErrors === 1) console.warn('singing-pager: a sound could not be scheduled', err);
      return null;
    }
    return { sound, at };
  }

  /** Sounds that failed to schedule since start; should stay 0. */
  playErrors = 0;

  /**
   * A free voice, else the one that ends soonest, provided its notes have all started
   * (re-triggering before a scheduled start is what Tone refuses): never a new node.
   */
  private freeVoice(channel: EarconChannel, at: number): EarconVoice | undefined {
    let best: EarconVoice | undefined;
    for (const v of this.pools.get(channel) ?? []) {
      if (v.busyUntil <= at) return v;
      if (v.lastNoteAt < at && (!best || v.busyUntil < best.busyUntil)) best = v;
    }
    return best;
  }

  /** Replaces the metric voices with the score's; old ones fade out, new ones fade in. */
  setMetricVoices(specs: readonly MetricVoiceSpec[]): void {
    const now = this.now();
    for (const [id, v] of this.metricVoices) {
      v.fadeOutAndDispose(now);
      this.metricVoices.delete(id);
    }
    for (const spec of specs.slice(0, this.o.maxMetricVoices)) {
      this.metricVoices.set(spec.id, this.metricVoice(spec));
    }
  }

  private metricVoice(spec: MetricVoiceSpec): MetricVoice {
    return new MetricVoice({ context: this.context, spec, mix: this.metricMix.get(spec.id) ?? 1, pans: this.pans, roughLfo: this.roughLfo }, this.bus.input);
  }

  /** One more voice (a PromQL series fanned out); false when the voice budget is full. */
  addMetricVoice(spec: MetricVoiceSpec): boolean {
    if (this.disposed) return false;
    if (this.metricVoices.has(spec.id)) return true;
    if (this.metricVoices.size >= this.o.maxMetricVoices) return false;
    this.metricVoices.set(spec.id, this.metricVoice(spec));
    return true;
  }

  /** Fades one voice out (its series went away). */
  removeMetricVoice(id: string): void {
    const v = this.metricVoices.get(id);
    if (!v || this.disposed) return;
    v.fadeOutAndDispose(this.context.rawContext.currentTime);
    this.metricVoices.delete(id);
  }

  setMetric(id: string, params: VoiceParams, at = this.nextStartTime()): void {
    if (this.disposed) return;
    this.metricVoices.get(id)?.set(params, at);
  }

  setStorm(state: StormState): void {
    this.storm.set(state);
  }

  /** Schedules what runs continuously (the storm) a little ahead; call ~10×/s. */
  tick(horizonSeconds = 0.25, now = this.now()): void {
    if (!this.disposed) this.storm.advance(now + this.o.scheduleAheadSeconds, now + horizonSeconds);
  }

  setChannelGain(id: Channel, gain: number, rampSeconds = 0.05): void {
    if (id.startsWith('metric:')) {
      const voiceId = id.slice('metric:'.length);
      this.metricMix.set(voiceId, Math.max(0, gain));
      this.metricVoices.get(voiceId)?.setMix(gain, rampSeconds);
      return;
    }
    this.channel(id).gain.rampTo(Math.max(0, gain), rampSeconds);
  }

  setVolume(v: number): void {
    this.bus.setVolume(v);
  }

  /** Where a context time falls on the page's performance.now() clock. */
  scheduledPerfMs(time: number): number {
    return contextTimeToPerfMs(this.context, time);
  }

  /** Earcon voices sounding now, plus metric voices, plus the storm when active. */
  activeVoices(now = this.now()): number {
    let n = this.metricVoices.size + (this.storm.active ? 1 : 0);
    for (const pool of this.pools.values()) for (const v of pool) if (v.busyUntil > now) n++;
    return n;
  }

  get metricVoiceCount(): number {
    return this.metricVoices.size;
  }

  dispose(): void {
    this.disposed = true;
    for (const pool of this.pools.values()) for (const v of pool) v.dispose();
    for (const v of this.metricVoices.values()) v.dispose();
    this.storm.dispose();
    this.pans.dispose();
    this.roughLfo.dispose();
    for (const g of this.channels.values()) g.dispose();
    this.pools.clear();
    this.metricVoices.clear();
    this.channels.clear();
    this.bus.dispose();
  }
}
