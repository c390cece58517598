import { describe, expect, it } from 'vitest';
import { watchStaleness } from '../../src/app/staleness';
import type { SourceId } from '../../src/domain/events';
import type { ConnectionsState } from '../../src/store/connections';

describe('the dead man\'s switch', () => {
  it('a source not live for staleAfterMs goes stale once, and comes back once; demo never goes stale', () => {
    let now = 0;
    let state: ConnectionsState = { sources: {} };
    const set = (id: SourceId, status: 'live' | 'retrying') => {
      state = { sources: { ...state.sources, [id]: { status, attempt: 0, since: now } } };
    };
    const changes: string[] = [];
    const w = watchStaleness({ sources: ['prometheus', 'demo'], staleAfterMs: 6000, read: () => state, now: () => now, onChange: (s, stale) => changes.push(`${s}:${stale}`) });
    set('prometheus', 'live');
    set('demo', 'retrying');
    w.check();
    now = 1000;
    w.check();
    set('prometheus', 'retrying');
    for (; now <= 7000; now += 250) w.check();
    expect(changes).toEqual([]);
    for (; now <= 9000; now += 250) w.check();
    expect(changes).toEqual(['prometheus:true']);
    set('prometheus', 'live');
    w.check();
    w.check();
    expect(changes).toEqual(['prometheus:true', 'prometheus:false']);
  });

  it('a source that never came up goes stale too', () => {
    let now = 0;
    const state: ConnectionsState = { sources: { alertmanager: { status: 'connecting', attempt: 0, since: 0 } } };
    const changes: string[] = [];
    const w = watchStaleness({ sources: ['alertmanager'], staleAfterMs: 6000, read: () => state, now: () => now, onChange: (s, stale) => changes.push(`${s}:${stale}`) });
    now = 6001;
    w.check();
    expect(changes).toEqual(['alertmanager:true']);
  });
});
