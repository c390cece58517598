import { describe, expect, it } from 'vitest';
import type { ContextStatus } from '../../src/audio/context';
import { DETAIL, watchRawContext } from '../../src/audio/context-watch';

/** A raw context whose state the test moves, like the browser does, with a statechange each time. */
class FakeContext extends EventTarget {
  state = 'running';
  /** What resume() does: 'run' starts it, 'refuse' leaves it (no gesture), 'pending' waits (interrupted). */
  onResume: 'run' | 'refuse' | 'pending' = 'run';
  resumes = 0;
  set(state: string) {
    this.state = state;
    this.dispatchEvent(new Event('statechange'));
  }
  async resume(): Promise<ContextStatus> {
    this.resumes++;
    if (this.onResume === 'run' && this.state !== 'running') this.set('running');
    await Promise.resolve();
    return this.state === 'running' ? 'running' : 'needs-gesture';
  }
}

function setup(initial = 'running') {
  const raw = new FakeContext();
  raw.state = initial;
  const page = Object.assign(new EventTarget(), { visibilityState: 'visible' });
  const devices = new EventTarget();
  const reports: [ContextStatus, string | undefined][] = [];
  const watch = watchRawContext(raw, { resume: () => raw.resume(), report: (s, d) => reports.push([s, d]), gestures: page, page, devices });
  return { raw, page, devices, reports, watch };
}

const settle = () => new Promise((r) => setTimeout(r, 0));

describe('watchRawContext', () => {
  it('says it is resuming when the context is suspended from outside, resumes it, and says so', async () => {
    const { raw, reports } = setup();
    raw.onResume = 'run';
    raw.set('suspended');
    await settle();
    expect(raw.state).toBe('running');
    expect(reports[0]).toEqual(['suspended', DETAIL.resuming('the browser made it suspended')]);
    expect(reports.at(-1)).toEqual(['running', undefined]);
  });

  it('where the browser refuses, asks for a click, and the next click anywhere resumes', async () => {
    const { raw, page, reports } = setup();
    raw.onResume = 'refuse';
    raw.set('suspended');
    await settle();
    expect(reports.at(-1)).toEqual(['needs-gesture', DETAIL.gesture]);
    raw.onResume = 'run'; // a click is what the browser waited for
    page.dispatchEvent(new Event('pointerdown'));
    await settle();
    expect(raw.state).toBe('running');
    expect(reports.at(-1)).toEqual(['running', undefined]);
    // Once running, clicks no longer try anything.
    const n = raw.resumes;
    page.dispatchEvent(new Event('keydown'));
    await settle();
    expect(raw.resumes).toBe(n);
  });

  it('arms the click from the start when autoplay kept the context suspended', async () => {
    const { raw, page, reports } = setup('suspended');
    page.dispatchEvent(new Event('keydown'));
    await settle();
    expect(raw.state).toBe('running');
    expect(reports.at(-1)).toEqual(['running', undefined]);
  });

  it('reports an interruption as such (not as a click to make) and comes back when it ends', async () => {
    const { raw, reports } = setup();
    raw.onResume = 'pending';
    raw.set('interrupted');
    await settle();
    expect(raw.resumes).toBe(1); // asked, so the browser resumes it when the interruption ends
    expect(reports.every(([s, d]) => s === 'suspended' && d === DETAIL.interrupted)).toBe(true);
    raw.set('running'); // the interruption ended
    await settle();
    expect(reports.at(-1)).toEqual(['running', undefined]);
  });

  it('checks and resumes on an output device change, even without a state change', async () => {
    const { raw, devices, reports } = setup();
    raw.state = 'suspended'; // stopped without an event, as a lost device can leave it
    devices.dispatchEvent(new Event('devicechange'));
    await settle();
    expect(raw.state).toBe('running');
    expect(reports[0]).toEqual(['suspended', DETAIL.resuming('the output device changed')]);
    expect(reports.at(-1)).toEqual(['running', undefined]);
  });

  it('checks when the tab is shown again, and leaves a running context alone', async () => {
    const { raw, page, reports } = setup();
    raw.state = 'suspended';
    page.dispatchEvent(new Event('visibilitychange'));
    await settle();
    expect(raw.state).toBe('running');
    const n = raw.resumes;
    page.dispatchEvent(new Event('visibilitychange'));
    await settle();
    expect(raw.resumes).toBe(n);
    expect(reports.at(-1)).toEqual(['running', undefined]);
  });

  it('one resume at a time: changes during one are looked at after it', async () => {
    const { raw, devices, reports } = setup();
    raw.onResume = 'refuse';
    raw.set('suspended');
    devices.dispatchEvent(new Event('devicechange'));
    await settle();
    await settle();
    expect(raw.resumes).toBe(2); // the statechange's, then the device change's after it
    expect(reports.at(-1)).toEqual(['needs-gesture', DETAIL.gesture]);
  });

  it('reports a closed context as failed, and stop() removes every listener', async () => {
    const { raw, devices, reports, watch } = setup();
    raw.set('closed');
    await settle();
    expect(reports.at(-1)).toEqual(['failed', DETAIL.closed]);
    watch.stop();
    raw.state = 'suspended';
    devices.dispatchEvent(new Event('devicechange'));
    raw.set('suspended');
    await settle();
    expect(raw.resumes).toBe(0);
  });
});
