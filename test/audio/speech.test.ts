// The speech queue against a fake synthesiser and a fake clock: order, dedupe,
// rate limit, verbosity, and the earcon first.
import { describe, expect, it } from 'vitest';
import { Speaker, SPEECH_DEFAULTS } from '../../src/audio/speech';
import type { SpeechOptions, UtteranceLike } from '../../src/audio/speech';
import { createFakeClock } from '../helpers/fake-clock';

class FakeUtterance implements UtteranceLike {
  rate = 1;
  onend: ((ev: never) => unknown) | null = null;
  onerror: ((ev: never) => unknown) | null = null;
  constructor(readonly text: string) {}
}

function rig(opts: Partial<SpeechOptions<FakeUtterance>> = {}) {
  const clock = createFakeClock(1000);
  const spoken: { text: string; at: number; rate: number }[] = [];
  let current: FakeUtterance | null = null;
  let cancels = 0;
  const synth = {
    speak(u: FakeUtterance) {
      spoken.push({ text: u.text, at: clock.now(), rate: u.rate });
      current = u;
    },
    cancel() {
      cancels++;
      current = null;
    },
  };
  const speaker = new Speaker<FakeUtterance>({ synth, utterance: (t) => new FakeUtterance(t), timers: clock, verbosity: 'all', ...opts });
  /** The synthesiser finishes the current utterance. */
  const finish = () => {
    const u = current;
    current = null;
    u?.onend?.(undefined as never);
  };
  return { clock, spoken, speaker, finish, texts: () => spoken.map((s) => s.text), cancels: () => cancels };
}

const item = (text: string, critical = false, delayMs = 0) => ({ text, critical, delayMs });

describe('speech queue', () => {
  it('speaks after the earcon: not before its length has passed', () => {
    const r = rig();
    r.speaker.say(item('critical: DiskFull on db-3', true, 420));
    r.clock.advance(419);
    expect(r.spoken).toEqual([]);
    r.clock.advance(1);
    expect(r.spoken).toEqual([{ text: 'critical: DiskFull on db-3', at: 1420, rate: SPEECH_DEFAULTS.rate }]);
  });

  it('says labels one at a time, in order, each after the previous ended and the minimum gap', () => {
    const r = rig({ minGapMs: 2000 });
    r.speaker.say(item('warning: A'));
    r.speaker.say(item('warning: B'));
    r.speaker.say(item('info: C'));
    expect(r.texts()).toEqual(['warning: A']);
    r.clock.advance(500);
    r.finish(); // A ended after 0.5 s, but the gap holds B until 2 s after A began
    expect(r.texts()).toEqual(['warning: A']);
    r.clock.advance(1500);
    expect(r.spoken.map((s) => [s.text, s.at])).toEqual([
      ['warning: A', 1000],
      ['warning: B', 3000],
    ]);
    r.clock.advance(3000); // B has not ended: the next waits for it
    expect(r.texts()).toEqual(['warning: A', 'warning: B']);
    r.finish();
    expect(r.texts()).toEqual(['warning: A', 'warning: B', 'info: C']);
  });

  it('puts critical labels ahead of waiting ones, in arrival order among themselves', () => {
    const r = rig({ minGapMs: 0 });
    r.speaker.say(item('info: first'));
    r.speaker.say(item('info: second'));
    r.speaker.say(item('critical: X', true));
    r.speaker.say(item('critical: Y', true));
    expect(r.speaker.pending()).toEqual(['critical: X', 'critical: Y', 'info: second']);
    for (let i = 0; i < 4; i++) r.finish();
    expect(r.texts()).toEqual(['info: first', 'critical: X', 'critical: Y', 'info: second']);
  });

  it('does not repeat a label within the dedupe window, and does after it', () => {
    const r = rig({ dedupeMs: 30_000, minGapMs: 0 });
    expect(r.speaker.say(item('critical: DiskFull on db-3', true))).toBe(true);
    r.finish();
    r.clock.advance(10_000);
    expect(r.speaker.say(item('critical: DiskFull on db-3', true))).toBe(false); // a repeat
    expect(r.speaker.say(item('critical: DiskFull on db-4', true))).toBe(true); // another alert
    r.finish();
    r.clock.advance(20_000);
    expect(r.speaker.say(item('critical: DiskFull on db-3', true))).toBe(true);
    expect(r.texts()).toEqual(['critical: DiskFull on db-3', 'critical: DiskFull on db-4', 'critical: DiskFull on db-3']);
  });

  it('rate-limits a storm: a bounded queue drops the oldest non-critical, and stale labels are never said', () => {
    const r = rig({ maxQueue: 3, minGapMs: 2000, maxLateMs: 5000 });
    r.speaker.say(item('critical: C0', true)); // speaking at once
    for (let i = 1; i <= 6; i++) r.speaker.say(item(`info: I${i}`));
    expect(r.speaker.pending()).toEqual(['info: I4', 'info: I5', 'info: I6']);
    r.speaker.say(item('critical: C1', true));
    expect(r.speaker.pending()).toEqual(['critical: C1', 'info: I5', 'info: I6']);
    // The queue holds only critical: a new info label is refused, a critical one pushes the oldest out.
    const full = rig({ maxQueue: 2 });
    full.speaker.say(item('critical: A', true));
    full.speaker.say(item('critical: B', true));
    full.speaker.say(item('critical: C', true));
    expect(full.speaker.say(item('info: D'))).toBe(false);
    expect(full.speaker.say(item('critical: E', true))).toBe(true);
    expect(full.speaker.pending()).toEqual(['critical: C', 'critical: E']);
    r.clock.advance(1000);
    r.finish(); // C0 ends at 2 s; the gap holds C1 until 3 s
    r.clock.advance(1000);
    expect(r.spoken.map((s) => [s.text, s.at])).toEqual([
      ['critical: C0', 1000],
      ['critical: C1', 3000],
    ]);
    r.clock.advance(2500);
    r.finish(); // I5 is 4.5 s late: still said
    r.clock.advance(1000);
    r.finish(); // I6 would be 5.5 s late: dropped
    r.clock.runAll();
    expect(r.texts()).toEqual(['critical: C0', 'critical: C1', 'info: I5']);
  });

  it('frees itself when the synthesiser never reports the end (watchdog)', () => {
    const r = rig({ minGapMs: 0 });
    r.speaker.say(item('warning: A'));
    r.speaker.say(item('warning: B'));
    expect(r.speaker.speaking).toBe(true);
    r.clock.advance(3000 + 10 * 120);
    expect(r.texts()).toEqual(['warning: A', 'warning: B']);
  });

  it('verbosity: off says nothing, critical only critical, all everything', () => {
    const off = rig({ verbosity: 'off' });
    expect(off.speaker.say(item('critical: X', true))).toBe(false);
    off.clock.runAll();
    expect(off.spoken).toEqual([]);

    const crit = rig({ verbosity: 'critical', minGapMs: 0 });
    expect(crit.speaker.say(item('warning: W'))).toBe(false);
    expect(crit.speaker.say(item('resolved: X'))).toBe(false);
    expect(crit.speaker.say(item('critical: X', true))).toBe(true);
    expect(crit.texts()).toEqual(['critical: X']);

    const all = rig({ minGapMs: 0 });
    all.speaker.say(item('info: I'));
    all.finish();
    all.speaker.say(item('resolved: X'));
    expect(all.texts()).toEqual(['info: I', 'resolved: X']);
  });

  it('switching verbosity prunes the queue; off cancels what is being said', () => {
    const r = rig({ minGapMs: 0 });
    r.speaker.say(item('info: A'));
    r.speaker.say(item('info: B'));
    r.speaker.say(item('critical: C', true));
    r.speaker.setVerbosity('critical');
    expect(r.speaker.pending()).toEqual(['critical: C']);
    r.speaker.setVerbosity('off');
    expect(r.speaker.pending()).toEqual([]);
    expect(r.speaker.speaking).toBe(false);
    expect(r.cancels()).toBe(1);
    r.clock.runAll();
    expect(r.texts()).toEqual(['info: A']);
  });

  it('dispose stops everything and leaves no timer behind', () => {
    const r = rig();
    r.speaker.say(item('critical: A', true, 400));
    r.speaker.dispose();
    r.clock.runAll();
    expect(r.spoken).toEqual([]);
    expect(r.speaker.say(item('critical: B', true))).toBe(false);
    expect(r.clock.pending()).toBe(0);
  });
});
