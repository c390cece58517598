// What the browser kept is input like any other: corrupt entries are dropped, with a
// reason, and never silence alerts (the old loader let a malformed global snooze do so).
import { describe, expect, it } from 'vitest';
import { isQuiet } from '../../src/domain/attention';
import { parseSavedAttention, parseSavedMixer } from '../../src/domain/saved-settings';

const CRIT = { id: 'a', severity: 'critical', state: 'firing' as const };

describe('saved settings', () => {
  it('a malformed global snooze is dropped with a reason and silences nothing', () => {
    const { attention, error } = parseSavedAttention('{"global":"forever","snoozed":{"a":null},"quietHours":{"enabled":true,"start":5}}');
    expect(error).toBe('saved attention settings: ignored a snooze, quiet hours, the global snooze (malformed)');
    expect(isQuiet(attention, CRIT, 0, 12 * 60, true)).toBe(false);
  });

  it('keeps what is valid', () => {
    const { attention, error } = parseSavedAttention(JSON.stringify({ snoozed: { a: { kind: 'time', until: 10 } }, acked: { a: true }, quietHours: { enabled: true, start: '22:00', end: '07:00' } }));
    expect(error).toBeUndefined();
    expect(attention.snoozed).toEqual({ a: { kind: 'time', until: 10 } });
    expect(isQuiet(attention, CRIT, 5, 12 * 60, true)).toBe(true);
  });

  it('the mixer keeps finite gains within 0..2 and no prototype keys', () => {
    const { channels, error } = parseSavedMixer('{"critical":{"gain":9,"muted":true},"warning":{"gain":"x"},"__proto__":{"gain":1}}');
    expect(channels).toEqual({ critical: { gain: 2, muted: true, solo: false } });
    expect(error).toBe('saved mixer settings: ignored 2 malformed channels');
    expect(parseSavedMixer('not json').error).toMatch(/not valid JSON/);
  });
});
