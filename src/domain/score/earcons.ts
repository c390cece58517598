// The earcon library: short designed motifs, grouped by what they announce.
// Pure data; the audio engine renders them, the conductor reads their lengths.

export type EarconFamily = 'critical' | 'warning' | 'info' | 'clear' | 'system';

export interface EarconNote {
  /** Hz before the route's register transposition. */
  readonly freq: number;
  /** Seconds after the onset. */
  readonly at: number;
  readonly dur: number;
  readonly velocity: number;
}

export interface Timbre {
  readonly type: 'sine' | 'triangle' | 'square' | 'sawtooth' | 'partials';
  /** Harmonic amplitudes of (freq × baseRatio), for type 'partials'. */
  readonly partials?: readonly number[];
  readonly baseRatio?: number;
}

export interface EarconDesign {
  readonly family: EarconFamily;
  readonly description: string;
  readonly timbre: Timbre;
  readonly envelope: {
    readonly attack: number;
    readonly decay: number;
    readonly sustain: number;
    readonly release: number;
    /** SuperCollider-style curvature of attack and release (Env.perc's is -4); absent: Tone's own shapes. */
    readonly curve?: number;
  };
  readonly notes: readonly EarconNote[];
  /** Linear output gain at velocity 1. */
  readonly gain: number;
}

const n = (freq: number, at: number, dur: number, velocity = 1): EarconNote => ({ freq, at, dur, velocity });
const perc = (decay: number, release = 0.08) => ({ attack: 0.003, decay, sustain: 0, release });
/** The seed's Env.perc(0.01, dur): each note is its 10 ms attack, then a release of dur with curve -4. */
const SEED_PERC = (dur: number) => ({ attack: 0.01, decay: 0.01, sustain: 1, release: dur, curve: -4 });

export const EARCON_LIBRARY = {
  // critical: fast, bright, high; told apart from warning by rhythm and timbre.
  strike: { family: 'critical', description: 'three fast bright strikes, rising at the end', timbre: { type: 'square' }, envelope: { attack: 0.002, decay: 0.08, sustain: 0.2, release: 0.08 }, notes: [n(880, 0, 0.07), n(880, 0.11, 0.07), n(1046.5, 0.22, 0.12)], gain: 0.3 },
  alarm: { family: 'critical', description: 'two-tone alternation, twice', timbre: { type: 'sawtooth' }, envelope: perc(0.12, 0.06), notes: [n(987.77, 0, 0.1), n(783.99, 0.12, 0.1), n(987.77, 0.24, 0.1), n(783.99, 0.36, 0.1)], gain: 0.22 },
  // warning: a falling pair, mid register, softer.
  fall: { family: 'warning', description: 'a falling pair', timbre: { type: 'triangle' }, envelope: { attack: 0.003, decay: 0.12, sustain: 0.25, release: 0.15 }, notes: [n(659.25, 0, 0.12, 0.9), n(523.25, 0.18, 0.2, 0.9)], gain: 0.35 },
  knock: { family: 'warning', description: 'two soft knocks', timbre: { type: 'triangle' }, envelope: perc(0.09), notes: [n(587.33, 0, 0.08), n(587.33, 0.16, 0.08)], gain: 0.4 },
  // info: one soft bell.
  bell: { family: 'info', description: 'one soft bell', timbre: { type: 'sine' }, envelope: perc(0.3, 0.3), notes: [n(440, 0, 0.25, 0.7)], gain: 0.35 },
  chime: { family: 'info', description: 'a light upward fifth', timbre: { type: 'sine' }, envelope: perc(0.2, 0.25), notes: [n(783.99, 0, 0.12, 0.6), n(1174.66, 0.12, 0.2, 0.5)], gain: 0.3 },
  // clear: relief — rising and consonant.
  rise: { family: 'clear', description: 'a gentle rising major arpeggio', timbre: { type: 'sine' }, envelope: { attack: 0.004, decay: 0.2, sustain: 0.15, release: 0.3 }, notes: [n(523.25, 0, 0.1, 0.6), n(659.25, 0.1, 0.1, 0.6), n(783.99, 0.2, 0.25, 0.6)], gain: 0.35 },
  cadence: { family: 'clear', description: 'a falling fifth that comes home', timbre: { type: 'sine' }, envelope: perc(0.35, 0.3), notes: [n(783.99, 0, 0.15, 0.6), n(523.25, 0.18, 0.35, 0.6)], gain: 0.35 },
  // system: the console's own state (feeds lost and back).
  'feed-lost': { family: 'system', description: 'a low, calm falling minor third, twice', timbre: { type: 'triangle' }, envelope: perc(0.3, 0.3), notes: [n(392, 0, 0.25, 0.6), n(329.63, 0.3, 0.4, 0.6), n(392, 0.9, 0.25, 0.5), n(329.63, 1.2, 0.4, 0.5)], gain: 0.3 },
  'feed-back': { family: 'system', description: 'a low rising minor third', timbre: { type: 'triangle' }, envelope: perc(0.3, 0.3), notes: [n(329.63, 0, 0.2, 0.6), n(392, 0.22, 0.35, 0.6)], gain: 0.3 },
  // A Prometheus alert building up (pending, its `for:` not yet over): a soft swell, well below any alert.
  build: { family: 'system', description: 'a quiet low swell, rising by steps', timbre: { type: 'sine' }, envelope: { attack: 0.12, decay: 0.2, sustain: 0.5, release: 0.3 }, notes: [n(196, 0, 0.3, 0.5), n(220, 0.25, 0.3, 0.55), n(246.94, 0.5, 0.4, 0.6)], gain: 0.18 },
  // The seed's SuperCollider \alert synth: additive sines, Env.perc(0.01, dur), freq/vol/dur per severity.
  'classic-critical': { family: 'critical', description: 'the seed: 880 Hz + 2nd + 3rd harmonics, 2 s, volume 0.9', timbre: { type: 'partials', partials: [0.3, 0.2, 0.1], baseRatio: 1 }, envelope: SEED_PERC(2), notes: [n(880, 0, 0.01)], gain: 0.9 },
  'classic-warning': { family: 'warning', description: 'the seed: 660 Hz + 1.5×, 1.5 s, volume 0.7', timbre: { type: 'partials', partials: [0, 0.5, 0.3], baseRatio: 0.5 }, envelope: SEED_PERC(1.5), notes: [n(660, 0, 0.01)], gain: 0.7 },
  'classic-info': { family: 'info', description: 'the seed: 440 Hz sine, 1 s, volume 0.5', timbre: { type: 'partials', partials: [0.7], baseRatio: 1 }, envelope: SEED_PERC(1), notes: [n(440, 0, 0.01)], gain: 0.5 },
} as const satisfies Record<string, EarconDesign>;

export type EarconId = keyof typeof EARCON_LIBRARY;

export const EARCON_IDS = Object.keys(EARCON_LIBRARY) as EarconId[];

export function isEarconId(s: string): s is EarconId {
  return Object.prototype.hasOwnProperty.call(EARCON_LIBRARY, s);
}

export function earconDesign(id: EarconId): EarconDesign {
  return EARCON_LIBRARY[id];
}

/** Seconds from onset until the motif has fully died away. */
export function earconLength(design: EarconDesign): number {
  return Math.max(...design.notes.map((x) => x.at + x.dur)) + design.envelope.release;
}
