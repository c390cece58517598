// Keeps Web Audio automation bookkeeping bounded, so a console left running for
// days does not grow. Two places keep a history of every automation call:
//
// 1. standardized-audio-context (under Tone.js) mirrors each AudioParam's automation
//    in an AutomationEventList (automation-events). Before each call it flushes past
//    events, but only when some event is still in the future. A param automated less
//    often than its ramps last (a metric voice at one sample a second, an earcon voice
//    between alerts, a storm grain voice) has only past events at every call, so its
//    list grows without end. Here flush trims in that case too, through the library's
//    own code: a sentinel at +∞ stands for "a future event" and is removed again. The
//    last event stays, so the param's value is unchanged.
// 2. Each Tone.Param keeps its last 1000 events (Timeline memory). With hundreds of
//    params (pooled voices × designs) that is tens of MB once every voice has played
//    enough; only the recent ones matter (rampTo reads the value now). 128 is plenty:
//    no param here has more than a few dozen events ahead of the audio clock.
import { AutomationEventList, createSetValueAutomationEvent } from 'automation-events';
import * as Tone from 'tone';

export const PARAM_MEMORY = 128;

interface Internals {
  _automationEvents: Record<string, unknown>[];
}

const eventTime = (e: Record<string, unknown>): number => (e.cancelTime ?? e.endTime ?? e.startTime) as number;

let installed = false;

export function installAutomationTrim(): void {
  if (installed) return;
  installed = true;
  const list = AutomationEventList.prototype as unknown as { flush(this: Internals, time: number): void };
  const flush = list.flush;
  list.flush = function (this: Internals, time: number) {
    const events = this._automationEvents;
    const last = events[events.length - 1];
    if (events.length > 2 && last !== undefined && eventTime(last) <= time) {
      events.push(createSetValueAutomationEvent(0, Infinity) as unknown as Record<string, unknown>);
      flush.call(this, time);
      this._automationEvents.pop();
      return;
    }
    flush.call(this, time);
  };
  // Only finite memories are lowered: Infinity marks timelines that must keep all (timeouts, transport).
  const timeline = Tone.Timeline.prototype as unknown as { add(this: { memory: number }, event: unknown): unknown };
  const add = timeline.add;
  timeline.add = function (this: { memory: number }, event: unknown) {
    if (Number.isFinite(this.memory) && this.memory > PARAM_MEMORY) this.memory = PARAM_MEMORY;
    return add.call(this, event);
  };
}
