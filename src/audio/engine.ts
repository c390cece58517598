// The audio engine: plays sound events from the score and keeps metric voices
// sounding. Pools bound the node count; the master bus bounds the level.
import * as Tone from 'tone';
import type { SoundEvent } from '../domain/score';
import type { EarconName } from './voices/earcon';
import { EARCONS, EarconVoice } from './voices/earcon';
import { MasterBus } from './master-bus';
import { contextTimeToPerfMs } from './context';
import { MetricVoice } from './voices/metric-voice';

export interface EngineOptions {
  readonly context: Tone.BaseContext;
  /** Seconds ahead of the audio clock a sound is scheduled; enough to never land in the past. */
  readonly scheduleAheadSeconds: number;
  readonly voicesPerEarcon: number;
  readonly maxMetricVoices: number;
  readonly volume: number;
}

export const ENGINE_DEFAULTS: Omit<EngineOptions, 'context'> = {
  scheduleAheadSeconds: 0.005,
  voicesPerEarcon: 4,
  maxMetricVoices: 16,
  volume: 0.8,
};

export interface PlayedSound {
  readonly sound: SoundEvent;
  /** Context time the sound starts. */
  readonly at: number;
}

export class AudioEngine {
  readonly context: Tone.BaseContext;
  private readonly o: EngineOptions;
  private readonly bus: MasterBus;
  private readonly pools = new Map<EarconName, EarconVoice[]>();
  private readonly metricVoices = new Map<string, MetricVoice>();
  private disposed = false;

  constructor(options: Partial<EngineOptions> & Pick<EngineOptions, 'context'>) {
    this.o = { ...ENGINE_DEFAULTS, ...options };
    this.context = this.o.context;
    this.bus = new MasterBus({ context: this.context, volume: this.o.volume });
    for (const name of Object.keys(EARCONS) as EarconName[]) {
      const pool: EarconVoice[] = [];
      for (let i = 0; i < this.o.voicesPerEarcon; i++) {
        pool.push(new EarconVoice({ context: this.context, design: EARCONS[name] }, this.bus.input));
      }
      this.pools.set(name, pool);
    }
  }

  /** The time a sound played now would start at. */
  nextStartTime(): number {
    return this.context.rawContext.currentTime + this.o.scheduleAheadSeconds;
  }

  play(sound: SoundEvent, at = this.nextStartTime()): PlayedSound | null {
    // Notes scheduled into a suspended context would all burst out on resume.
    if (this.disposed || this.context.rawContext.state !== 'running') return null;
    const name: EarconName = sound.kind === 'earcon' ? sound.family : 'all-clear';
    const voice = this.freeVoice(name, at);
    if (!voice) return null;
    voice.play(at, sound.pan);
    return { sound, at };
  }

  /** A free voice, else the one that finishes soonest (stolen): never a new node. */
  private freeVoice(name: EarconName, at: number): EarconVoice | undefined {
    const pool = this.pools.get(name) ?? [];
    let best: EarconVoice | undefined;
    for (const v of pool) {
      if (v.busyUntil <= at) return v;
      if (!best || v.busyUntil < best.busyUntil) best = v;
    }
    return best;
  }

  setMetric(name: string, normalised: number, pan = 0): void {
    if (this.disposed) return;
    let voice = this.metricVoices.get(name);
    if (!voice) {
      if (this.metricVoices.size >= this.o.maxMetricVoices) return;
      // Successive voices sit in different registers so they do not mask each other.
      const index = this.metricVoices.size;
      voice = new MetricVoice({ context: this.context, baseHz: 110 * 2 ** ((index % 4) * 0.5), pan }, this.bus.input);
      this.metricVoices.set(name, voice);
    }
    voice.set(normalised, this.nextStartTime());
  }

  /** Where a context time falls on the page's performance.now() clock. */
  scheduledPerfMs(time: number): number {
    return contextTimeToPerfMs(this.context, time);
  }

  setVolume(v: number): void {
    this.bus.setVolume(v);
  }

  get metricVoiceCount(): number {
    return this.metricVoices.size;
  }

  dispose(): void {
    this.disposed = true;
    for (const pool of this.pools.values()) for (const v of pool) v.dispose();
    for (const v of this.metricVoices.values()) v.dispose();
    this.pools.clear();
    this.metricVoices.clear();
    this.bus.dispose();
  }
}
