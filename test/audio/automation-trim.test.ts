// The automation bookkeeping under Tone.js stays bounded (src/audio/automation-trim.ts):
// a param automated only now and then keeps its last event, not all of them.
import { AutomationEventList, createLinearRampToValueAutomationEvent, createSetTargetAutomationEvent, createSetValueAutomationEvent } from 'automation-events';
import { describe, expect, it } from 'vitest';
import { PARAM_MEMORY, installAutomationTrim } from '../../src/audio/automation-trim';

installAutomationTrim();
const events = (l: AutomationEventList) => [...l];

describe('automation trim', () => {
  it('a param set once a second with a short ramp keeps a bounded list, and its value', () => {
    const l = new AutomationEventList(0);
    for (let t = 0; t < 1000; t++) {
      l.flush(t); // what standardized-audio-context does before every call
      l.add(createSetValueAutomationEvent(t % 7, t + 0.005));
      l.add(createLinearRampToValueAutomationEvent((t % 7) + 1, t + 0.3));
    }
    expect(events(l).length).toBeLessThanOrEqual(3);
    expect(l.getValue(2000)).toBe((999 % 7) + 1);
  });

  it('keeps what is still ahead, and a setTarget’s starting value', () => {
    const l = new AutomationEventList(0.5);
    l.add(createSetValueAutomationEvent(1, 1));
    l.add(createSetValueAutomationEvent(2, 2));
    l.add(createSetTargetAutomationEvent(10, 3, 0.5));
    const before = l.getValue(4);
    l.flush(5);
    expect(events(l).map((e) => e.type)).toEqual(['setValue', 'setTarget']);
    expect(l.getValue(4)).toBeCloseTo(before, 9);
    l.add(createSetValueAutomationEvent(3, 9));
    l.flush(6); // one event ahead: the library's own trimming, unchanged
    expect(events(l).map((e) => e.type)).toEqual(['setValue', 'setTarget', 'setValue']);
  });

  it('lowers Tone’s per-param memory, but never an unbounded timeline', async () => {
    const Tone = await import('tone');
    const param = new Tone.Timeline<{ time: number }>(1000);
    const all = new Tone.Timeline<{ time: number }>();
    for (let t = 0; t < 1000; t++) {
      param.add({ time: t });
      all.add({ time: t });
    }
    expect([param.length, all.length]).toEqual([PARAM_MEMORY, 1000]);
    expect(param.get(999)?.time).toBe(999);
  });
});
