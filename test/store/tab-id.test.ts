// Per-tab MQTT ids: kept across reloads, never shared by two live tabs (a duplicated
// tab copies sessionStorage), decided over a BroadcastChannel-like bus.
import { describe, expect, it } from 'vitest';
import { TAB_KEY, claimTabId, type TabChannel } from '../../src/app/tab-id';

/** Delivers every post to every other channel on the bus, asynchronously, like BroadcastChannel. */
function bus() {
  const channels: TabChannel[] = [];
  return () => {
    const ch: TabChannel = {
      onmessage: null,
      postMessage(m) {
        for (const other of channels) if (other !== ch) queueMicrotask(() => other.onmessage?.({ data: structuredClone(m) }));
      },
    };
    channels.push(ch);
    return ch;
  };
}

function storage(init: Record<string, string> = {}) {
  const m = new Map(Object.entries(init));
  return { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v), map: m };
}

let n = 0;
const random = () => (n++).toString(16).padStart(6, '0');
const wait = () => new Promise<void>((r) => setTimeout(r, 5));

describe('claimTabId', () => {
  it('keeps the id of this tab across a reload', async () => {
    const s = storage({ [TAB_KEY]: 'abc123' });
    expect(await claimTabId({ storage: s, channel: bus()(), random, wait })).toBe('abc123');
    expect(s.map.get(TAB_KEY)).toBe('abc123');
  });

  it('a new tab makes and keeps a fresh id; a malformed saved one is replaced', async () => {
    const s = storage({ [TAB_KEY]: 'not-hex!' });
    const id = await claimTabId({ storage: s, channel: bus()(), random, wait });
    expect(id).toMatch(/^[0-9a-f]{6}$/);
    expect(id).not.toBe('not-hex!');
    expect(s.map.get(TAB_KEY)).toBe(id);
  });

  it('a duplicated tab (same sessionStorage id) takes a new id; the original keeps its own', async () => {
    const b = bus();
    const first = await claimTabId({ storage: storage({ [TAB_KEY]: 'aaaaaa' }), channel: b(), random, wait });
    const dup = storage({ [TAB_KEY]: 'aaaaaa' });
    const second = await claimTabId({ storage: dup, channel: b(), random, wait });
    expect(first).toBe('aaaaaa');
    expect(second).not.toBe('aaaaaa');
    expect(dup.map.get(TAB_KEY)).toBe(second);
  });

  it('two tabs claiming one id at the same moment end with two ids', async () => {
    const b = bus();
    const ids = await Promise.all([0, 1, 2].map(() => claimTabId({ storage: storage({ [TAB_KEY]: 'bbbbbb' }), channel: b(), random, wait })));
    expect(new Set(ids).size).toBe(3);
    expect(ids).toContain('bbbbbb');
  });

  it('a new tab (nothing kept) takes a fresh id at once, without asking', async () => {
    let waits = 0;
    const id = await claimTabId({ storage: storage(), channel: bus()(), random, wait: async () => void waits++ });
    expect(id).toMatch(/^[0-9a-f]{6}$/);
    expect(waits).toBe(0);
  });

  it('works without storage or a channel (an id for this load)', async () => {
    expect(await claimTabId({ storage: null, channel: null, random, wait })).toMatch(/^[0-9a-f]{6}$/);
    const throwing = { getItem: () => { throw new Error('denied'); }, setItem: () => { throw new Error('denied'); } };
    expect(await claimTabId({ storage: throwing, channel: null, random, wait })).toMatch(/^[0-9a-f]{6}$/);
  });
});
