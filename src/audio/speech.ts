// Optional spoken labels ("critical: DiskFull on db-3") through the Web Speech API.
// The earcon comes first: each label waits out its earcon's length. Labels are
// queued (critical ahead of the rest), de-duplicated within a window, spaced by a
// minimum gap and dropped when stale, so a storm never becomes a monologue.
// The synthesiser and the clock are injected: tests use fakes, the app the browser's.

export type Verbosity = 'off' | 'critical' | 'all';
export const VERBOSITIES: readonly Verbosity[] = ['off', 'critical', 'all'];

export function isVerbosity(v: unknown): v is Verbosity {
  return typeof v === 'string' && (VERBOSITIES as readonly string[]).includes(v);
}

/** The part of SpeechSynthesisUtterance this uses. */
export interface UtteranceLike {
  rate: number;
  onend: ((ev: never) => unknown) | null;
  onerror: ((ev: never) => unknown) | null;
}

/** The part of SpeechSynthesis this uses. */
export interface SynthLike<U extends UtteranceLike = UtteranceLike> {
  speak(u: U): void;
  cancel(): void;
}

export interface SpeechTimers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  now(): number;
}

export interface SpeechOptions<U extends UtteranceLike = UtteranceLike> {
  readonly synth: SynthLike<U>;
  readonly utterance: (text: string) => U;
  readonly timers: SpeechTimers;
  readonly verbosity: Verbosity;
  /** The same label is not said again within this window. */
  readonly dedupeMs: number;
  /** Minimum time between the starts of two labels. */
  readonly minGapMs: number;
  /** Labels waiting at most; the oldest non-critical one goes first. */
  readonly maxQueue: number;
  /** A label not begun this long after it was due is dropped: late words mislead. */
  readonly maxLateMs: number;
  readonly rate: number;
}

export const SPEECH_DEFAULTS: Omit<SpeechOptions, 'synth' | 'utterance' | 'timers'> = {
  verbosity: 'off',
  dedupeMs: 30_000,
  minGapMs: 2_000,
  maxQueue: 4,
  maxLateMs: 10_000,
  rate: 1.1,
};

export interface SpeechItem {
  readonly text: string;
  readonly critical: boolean;
  /** Wait this long before speaking: the earcon's remaining length. */
  readonly delayMs: number;
}

interface Queued {
  readonly text: string;
  readonly critical: boolean;
  readonly dueAt: number;
}

export class Speaker<U extends UtteranceLike = UtteranceLike> {
  private readonly o: SpeechOptions<U>;
  private verbosity: Verbosity;
  private queue: Queued[] = [];
  private readonly lastSaid = new Map<string, number>();
  private current: U | null = null;
  private lastStart = -Infinity;
  private timer: unknown = null;
  private watchdog: unknown = null;
  private disposed = false;

  constructor(options: Partial<SpeechOptions<U>> & Pick<SpeechOptions<U>, 'synth' | 'utterance' | 'timers'>) {
    this.o = { ...SPEECH_DEFAULTS, ...options };
    this.verbosity = this.o.verbosity;
  }

  getVerbosity(): Verbosity {
    return this.verbosity;
  }

  /** Turning speech off also silences what is queued or being said. */
  setVerbosity(v: Verbosity): void {
    this.verbosity = v;
    if (v === 'off') this.clear();
    else if (v === 'critical') this.queue = this.queue.filter((q) => q.critical);
  }

  /** Queues a label; false when verbosity, the dedupe window or the queue bound drops it. */
  say(item: SpeechItem): boolean {
    if (this.disposed || this.verbosity === 'off') return false;
    if (this.verbosity === 'critical' && !item.critical) return false;
    const now = this.o.timers.now();
    const said = this.lastSaid.get(item.text);
    if (said !== undefined && now - said < this.o.dedupeMs) return false;
    if (this.queue.length >= this.o.maxQueue) {
      const victim = this.queue.findIndex((q) => !q.critical);
      if (victim >= 0) this.queue.splice(victim, 1);
      else if (!item.critical) return false;
      else this.queue.shift();
    }
    this.remember(item.text, now);
    const q: Queued = { text: item.text, critical: item.critical, dueAt: now + Math.max(0, item.delayMs) };
    // Critical labels go ahead of the others, in arrival order among themselves.
    const at = item.critical ? this.queue.findIndex((x) => !x.critical) : -1;
    if (at >= 0) this.queue.splice(at, 0, q);
    else this.queue.push(q);
    this.pump();
    return true;
  }

  /** Labels waiting to be said. */
  pending(): readonly string[] {
    return this.queue.map((q) => q.text);
  }

  get speaking(): boolean {
    return this.current !== null;
  }

  clear(): void {
    this.queue = [];
    this.cancelTimer();
    if (this.current) {
      this.current = null;
      this.o.timers.clearTimeout(this.watchdog);
      this.o.synth.cancel();
    }
  }

  dispose(): void {
    this.clear();
    this.disposed = true;
  }

  private remember(text: string, now: number): void {
    this.lastSaid.set(text, now);
    if (this.lastSaid.size <= 200) return;
    for (const [t, at] of this.lastSaid) if (now - at >= this.o.dedupeMs) this.lastSaid.delete(t);
  }

  private cancelTimer(): void {
    if (this.timer !== null) this.o.timers.clearTimeout(this.timer);
    this.timer = null;
  }

  private pump(): void {
    this.cancelTimer();
    if (this.disposed || this.current) return;
    const now = this.o.timers.now();
    this.queue = this.queue.filter((q) => now - q.dueAt <= this.o.maxLateMs);
    const head = this.queue[0];
    if (!head) return;
    const wait = Math.max(head.dueAt - now, this.lastStart + this.o.minGapMs - now);
    if (wait > 0) {
      this.timer = this.o.timers.setTimeout(() => this.pump(), wait);
      return;
    }
    this.queue.shift();
    const u = this.o.utterance(head.text);
    u.rate = this.o.rate;
    const done = () => {
      if (this.current !== u) return;
      this.current = null;
      this.o.timers.clearTimeout(this.watchdog);
      this.pump();
    };
    u.onend = done;
    u.onerror = done;
    this.current = u;
    this.lastStart = now;
    // Some engines never fire onend; do not let one lost event stop speech for good.
    this.watchdog = this.o.timers.setTimeout(done, 3000 + (head.text.length * 120) / this.o.rate);
    this.o.synth.speak(u);
  }
}
