// The compiled score: what the YAML document becomes once validated.
import type { EarconId } from './earcons';
import type { Matcher } from './matchers';

export type RepeatPolicy =
  | { readonly kind: 'once' }
  | { readonly kind: 'every'; readonly everyMs: number }
  | { readonly kind: 'until-ack'; readonly everyMs: number };

/** A fixed pan (-1..1), or a place derived from a label's value. */
export type PanSpec = { readonly fixed: number } | { readonly label: string };

export interface AlertRoute {
  readonly name: string;
  readonly match: readonly Matcher[];
  /** 'auto' picks the default earcon of the alert's severity family. */
  readonly earcon: EarconId | 'auto';
  readonly resolve: EarconId;
  /** Semitones of transposition. */
  readonly register: number;
  readonly pan: PanSpec;
  readonly repeat: RepeatPolicy;
  readonly gain: number;
}

export type Normalise =
  | { readonly kind: 'fixed'; readonly min: number; readonly max: number }
  | { readonly kind: 'baseline'; readonly windowMs: number; readonly clamp: number };

export type Follows = 'value' | 'deviation';

export interface Range {
  readonly min: number;
  readonly max: number;
  readonly follows: Follows;
}

export type PitchMapping =
  | { readonly kind: 'scale'; readonly scale: ScaleName; readonly base: number; readonly octaves: number; readonly follows: Follows }
  | { readonly kind: 'linear'; readonly base: number; readonly range: number; readonly follows: Follows };

export type ScaleName = 'pentatonic' | 'major' | 'minor' | 'dorian' | 'chromatic';

export type VoiceSource = { readonly topic: string } | { readonly promql: string };

export interface MetricVoiceSpec {
  readonly id: string;
  readonly source: VoiceSource;
  readonly normalise: Normalise;
  readonly timbre: 'sine' | 'triangle' | 'sawtooth' | 'square' | 'pink-noise';
  readonly pitch: PitchMapping;
  readonly loudness: Range;
  readonly brightness?: Range;
  readonly pulse?: Range;
  readonly roughness?: Range;
  readonly smoothingSeconds: number;
  readonly pan: number;
}

export interface Budgets {
  readonly global: number;
  readonly critical: number;
  readonly warning: number;
  readonly info: number;
}

export interface Score {
  readonly name: string;
  readonly description: string;
  readonly volume: number;
  readonly budgets: Budgets;
  readonly routes: readonly AlertRoute[];
  readonly defaultRoute: AlertRoute;
  readonly feedLost: EarconId;
  readonly feedBack: EarconId;
  readonly metrics: readonly MetricVoiceSpec[];
}
