// The URL codec's kiosk and training parameters: volume=, replay=, speed=,
// staleReload=, score=, preset= and the training view, with round trips.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { View } from '../../src/domain/url-state';
import { decodePlayback, decodeQuery, decodeView, encodeQuery, withView } from '../../src/domain/url-state';

describe('decodePlayback', () => {
  it('reads volume, replay, speed and staleReload', () => {
    expect(decodePlayback('?kiosk=1&volume=0.35&replay=db-disk-filling&speed=20&staleReload=300')).toEqual({ volume: 0.35, replay: 'db-disk-filling', speed: 20, staleReload: 300, errors: [] });
    expect(decodePlayback('')).toEqual({ errors: [] });
  });

  it('reports a bad value specifically and leaves it out', () => {
    const p = decodePlayback('?volume=2&speed=0.5&replay=../x&staleReload=abc');
    expect(p).toEqual({ errors: expect.any(Array) });
    expect(p.errors).toEqual([
      'volume must be a number from 0 to 1, not "2"',
      'speed must be a number from 1 to 60, not "0.5"',
      'staleReload must be a number from 0 to 86400, not "abc"',
      'replay must be a scenario id (lower-case letters, digits, dashes), not "../x"',
    ]);
  });

  it('decodeQuery keeps them for the config layer, which ignores them', () => {
    expect(decodeQuery('?replay=a&speed=2&volume=1&preset=sonar&staleReload=0')).toEqual({ replay: 'a', speed: '2', volume: '1', preset: 'sonar', staleReload: '0' });
  });
});

describe('the training view', () => {
  it('a replay link opens on Training unless it names a view', () => {
    expect(decodeView('?replay=x')).toBe('training');
    expect(decodeView('?replay=x&view=console')).toBe('console');
    expect(decodeView('?view=training')).toBe('training');
    expect(withView('?replay=x', 'console')).toBe('?replay=x&view=console');
    expect(withView('?replay=x&view=console', 'training')).toBe('?replay=x&view=training');
    expect(withView('?view=training', 'console')).toBe('');
  });
});

describe('round trip', () => {
  const state = fc.record(
    {
      view: fc.constantFrom<View>('console', 'health', 'training'),
      score: fc.stringMatching(/^[a-z][a-z0-9:/._-]{0,20}$/),
      preset: fc.constantFrom('ambient', 'classic', 'sonar'),
      volume: fc.integer({ min: 0, max: 100 }).map((n) => n / 100),
      replay: fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,20}$/),
      speed: fc.oneof(fc.integer({ min: 1, max: 60 }), fc.double({ min: 1, max: 60, noNaN: true })),
      staleReload: fc.integer({ min: 0, max: 86_400 }),
    },
    { requiredKeys: ['view'] },
  );

  it('property: decode(encode(state)) gives back the same playback, score, preset and view', () => {
    fc.assert(
      fc.property(state, (s) => {
        const search = encodeQuery({ config: {}, ...s });
        const p = decodePlayback(search);
        const q = decodeQuery(search);
        expect(p.errors).toEqual([]);
        expect(p.volume).toBe(s.volume);
        expect(p.replay).toBe(s.replay);
        expect(p.speed).toBe(s.speed);
        expect(p.staleReload).toBe(s.staleReload);
        expect(q.score).toBe(s.score);
        expect(q.preset).toBe(s.preset);
        expect(decodeView(search)).toBe(s.view);
        // Stable: encoding what was decoded gives the same query.
        expect(encodeQuery({ config: {}, view: decodeView(search), ...(q.score && { score: q.score }), ...(q.preset && { preset: q.preset }), ...p })).toBe(search);
      }),
      { numRuns: 1000 },
    );
  });
});
