// The sounds slice: the visual mirror's memory, bounded.
import { beforeEach, describe, expect, it } from 'vitest';
import { MAX_RECENT, MAX_SUBJECTS, announce, latestSounded, recordSound, resetSounds, soundsStore } from '../../src/store/sounds';
import { describeSound, describeStorm } from '../../src/domain/announce';

const sound = (subject: string, at: number, channel = 'critical') => ({ at, channel, subject, reason: 'new', text: `${channel} ${subject}`, urgent: channel === 'critical' });

beforeEach(() => resetSounds());

describe('sounds store', () => {
  it('records the last sound per subject and per channel, newest first, and announces it', () => {
    recordSound(sound('a', 100));
    recordSound(sound('b', 200, 'warning'));
    recordSound(sound('a', 300));
    const s = soundsStore.getState();
    expect(s.recent.map((e) => [e.subject, e.at])).toEqual([
      ['a', 300],
      ['b', 200],
      ['a', 100],
    ]);
    expect(s.lastBySubject.get('a')).toBe(300);
    expect(s.lastByChannel).toEqual({ critical: 300, warning: 200 });
    expect(s.announcement).toEqual({ seq: 3, text: 'critical a', urgent: true });
    expect(latestSounded(['b', 'a', 'zzz'])).toBe('a');
    expect(latestSounded(['zzz'])).toBeUndefined();
  });

  it('stays bounded however long it runs', () => {
    for (let i = 0; i < MAX_SUBJECTS + 120; i++) recordSound(sound(`s${i}`, i));
    const s = soundsStore.getState();
    expect(s.recent).toHaveLength(MAX_RECENT);
    expect(s.lastBySubject.size).toBe(MAX_SUBJECTS);
    expect(s.lastBySubject.has('s0')).toBe(false); // the oldest go first
    expect(s.lastBySubject.get(`s${MAX_SUBJECTS + 119}`)).toBe(MAX_SUBJECTS + 119);
  });

  it('a subject heard again is not evicted as old', () => {
    for (let i = 0; i < MAX_SUBJECTS; i++) recordSound(sound(`s${i}`, i));
    recordSound(sound('s0', 9999));
    recordSound(sound('new', 10_000));
    expect(soundsStore.getState().lastBySubject.get('s0')).toBe(9999);
    expect(soundsStore.getState().lastBySubject.has('s1')).toBe(false);
  });

  it('announce() speaks in the live region without counting as a sound', () => {
    recordSound(sound('a', 1));
    announce('acknowledged DiskFull on db-3');
    const s = soundsStore.getState();
    expect(s.recent).toHaveLength(1);
    expect(s.announcement).toEqual({ seq: 2, text: 'acknowledged DiskFull on db-3', urgent: false });
  });
});

describe('announcement words', () => {
  const diskFull = { name: 'DiskFull', labels: { instance: 'db-3', service: 'postgres' } };
  it('names the severity, alert, place and state', () => {
    expect(describeSound({ channel: 'critical', reason: 'new', subject: 'x', earcon: 'strike' }, diskFull)).toEqual({
      announcement: 'critical alert DiskFull on db-3 firing',
      spoken: 'critical: DiskFull on db-3',
      urgent: true,
    });
    expect(describeSound({ channel: 'critical', reason: 'repeat', subject: 'x', earcon: 'strike' }, diskFull).announcement).toBe('critical alert DiskFull on db-3 still firing');
    expect(describeSound({ channel: 'clear', reason: 'resolved', subject: 'x', earcon: 'rise' }, diskFull)).toMatchObject({ announcement: 'resolved: DiskFull on db-3', urgent: false });
    expect(describeSound({ channel: 'warning', reason: 'new', subject: 'x', earcon: 'fall' }, { name: 'Lag', labels: { job: 'etl' } }).spoken).toBe('warning: Lag on etl');
    expect(describeSound({ channel: 'system', reason: 'feed-lost', subject: 'mqtt', earcon: 'feed-lost' }).announcement).toBe('feed lost: mqtt');
    expect(describeStorm(27)).toBe('storm: 27 alerts folded');
    expect(describeStorm(1)).toBe('storm: 1 alert folded');
  });
});
