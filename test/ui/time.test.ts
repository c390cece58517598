import { describe, expect, it } from 'vitest';
import { dayAndTime, hhmm, hhmmss } from '../../src/ui/time';

describe('clock times: 24-hour everywhere, whatever the locale', () => {
  const morning = new Date(2026, 10, 21, 9, 5, 7).getTime();
  const evening = new Date(2026, 10, 21, 21, 45, 0).getTime();

  it('writes hours and minutes, and seconds when asked, zero-padded', () => {
    expect(hhmm(morning)).toBe('09:05');
    expect(hhmm(evening)).toBe('21:45');
    expect(hhmmss(morning)).toBe('09:05:07');
  });

  it('gives the date only when the time is not today', () => {
    expect(dayAndTime(evening, morning)).toBe('21:45');
    const nextDay = new Date(2026, 10, 22, 8, 0, 0).getTime();
    expect(dayAndTime(nextDay, morning)).toBe(`${new Date(nextDay).toLocaleDateString()} 08:00`);
  });
});
