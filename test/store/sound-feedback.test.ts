// Played sounds → the sounds store and the live region (src/app/sound-feedback.ts),
// against the real stores. Lives here because the unit project does not include test/app.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PlayedSound } from '../../src/audio/engine';
import { STORM_ANNOUNCE_MS, onSoundPlayed, onStormFolded } from '../../src/app/sound-feedback';
import type { EarconSound } from '../../src/domain/score/sounds';
import { applyAlerts, resetAlerts } from '../../src/store/alerts';
import { attentionStore, markAcknowledged, resetAttention } from '../../src/store/attention';
import { resetMixer, toggleMute } from '../../src/store/mixer';
import { resetSounds, soundsStore } from '../../src/store/sounds';
import { resetSettings, setMasterVolume } from '../../src/store/settings';

const played = (subject: string, channel: EarconSound['channel'], reason: EarconSound['reason'] = 'new'): PlayedSound => ({
  sound: { kind: 'earcon', earcon: 'strike', channel, transpose: 0, pan: 0, gain: 1, subject, reason, receivedAt: 0 },
  at: 0,
});

beforeEach(() => {
  resetAlerts();
  resetAttention();
  resetMixer();
  resetSounds();
  resetSettings();
  applyAlerts([{ kind: 'alert', id: 'disk', name: 'DiskFull', severity: 'critical', state: 'firing', labels: { instance: 'db-3' }, annotations: {}, source: 'mqtt', receivedAt: 0 }]);
});

describe('sound feedback', () => {
  it('records each played sound with its announcement, for the pulse and the live region', () => {
    onSoundPlayed(played('disk', 'critical'), performance.now() + 5);
    const s = soundsStore.getState();
    expect(s.announcement).toMatchObject({ text: 'critical alert DiskFull on db-3 firing', urgent: true });
    expect(s.lastBySubject.get('disk')).toBeGreaterThan(Date.now() - 1000);
    expect(s.lastByChannel.critical).toBe(s.lastBySubject.get('disk'));
    onSoundPlayed(played('disk', 'clear', 'resolved'), performance.now());
    expect(soundsStore.getState().announcement).toMatchObject({ text: 'resolved: DiskFull on db-3', urgent: false });
  });

  it('marks a sound the listener has silenced (muted channel, master at 0)', () => {
    toggleMute('critical');
    onSoundPlayed(played('disk', 'critical'), performance.now());
    expect(soundsStore.getState().announcement?.text).toBe('critical alert DiskFull on db-3 firing (muted)');
    toggleMute('critical');
    setMasterVolume(0);
    onSoundPlayed(played('disk', 'critical', 'repeat'), performance.now());
    expect(soundsStore.getState().announcement?.text).toBe('critical alert DiskFull on db-3 still firing (muted)');
  });

  it('an alert that fires anew is no longer acknowledged', () => {
    markAcknowledged('disk');
    onSoundPlayed(played('disk', 'critical', 'repeat'), performance.now());
    expect(attentionStore.getState().acked.disk).toBe(true);
    onSoundPlayed(played('disk', 'critical', 'new'), performance.now());
    expect(attentionStore.getState().acked.disk).toBeUndefined();
  });
});

describe('storm announcements', () => {
  beforeEach(() => vi.useFakeTimers({ now: 1_000_000 }));
  afterEach(() => vi.useRealTimers());

  it('announce the storm at once, then at most every few seconds with the running count', () => {
    onStormFolded(5);
    expect(soundsStore.getState().announcement?.text).toBe('storm: 5 alerts folded');
    for (let i = 0; i < 22; i++) {
      vi.advanceTimersByTime(100);
      onStormFolded(1);
    }
    expect(soundsStore.getState().recent.filter((e) => e.channel === 'storm')).toHaveLength(1);
    vi.advanceTimersByTime(STORM_ANNOUNCE_MS);
    expect(soundsStore.getState().announcement?.text).toBe('storm: 27 alerts folded');
    expect(soundsStore.getState().recent.filter((e) => e.channel === 'storm')).toHaveLength(2);
    // A storm that has died down starts counting again.
    vi.advanceTimersByTime(10_000);
    onStormFolded(2);
    expect(soundsStore.getState().announcement?.text).toBe('storm: 2 alerts folded');
  });
});
