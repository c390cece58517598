// Every sound also shows and speaks: played sounds and storm folds go to the
// sounds store (pulses, live region) and to the speaker, after the earcon.
import type { PlayedSound } from '../audio/engine';
import { describeSound, describeStorm } from '../domain/announce';
import { STORM_HOLD_MS } from '../domain/score/conductor';
import { earconDesign, earconLength } from '../domain/score/earcons';
import { effectiveGains } from '../domain/mixer';
import { alertsStore } from '../store/alerts';
import { attentionStore, clearAcknowledged } from '../store/attention';
import { mixerStore } from '../store/mixer';
import { settingsStore } from '../store/settings';
import { recordSound } from '../store/sounds';
import { channelIds } from './mixer';
import { speakLabel } from './speech';

/** True when the listener has silenced this channel (mute, solo elsewhere, master at 0). */
function silenced(channel: string): boolean {
  if (settingsStore.getState().masterVolume <= 0) return true;
  return (effectiveGains(mixerStore.getState().channels, channelIds())[channel] ?? 1) <= 0;
}

/**
 * `atPerfMs`: the onset on the page's performance.now() clock. Runs between two
 * plays of one plan, so it never throws: a fault here must not cost a sound.
 */
export function onSoundPlayed(p: PlayedSound, atPerfMs: number): void {
  try {
    mirror(p, atPerfMs);
  } catch (err) {
    console.error('sound feedback failed', err);
  }
}

function mirror(p: PlayedSound, atPerfMs: number): void {
  const { sound } = p;
  const words = describeSound(sound, sound.facts ?? alertsStore.getState().byId.get(sound.subject));
  // A muted voice is still shown and announced (it happened), but marked, and not spoken.
  const muted = silenced(sound.channel);
  const text = muted ? `${words.announcement} (muted)` : words.announcement;
  recordSound({ at: performance.timeOrigin + atPerfMs, channel: sound.channel, subject: sound.subject, reason: sound.reason, text, urgent: words.urgent });
  // An alert that fires again is news again: its old acknowledgement no longer holds.
  if (sound.reason === 'new' && attentionStore.getState().acked[sound.subject]) clearAcknowledged(sound.subject);
  if (muted) return;
  const delayMs = Math.max(0, atPerfMs - performance.now()) + earconLength(earconDesign(sound.earcon)) * 1000;
  speakLabel(words.spoken, sound.channel === 'critical', delayMs);
}

/** A storm is announced when it starts, then at most every few seconds with its count. */
export const STORM_ANNOUNCE_MS = 3000;
let stormTotal = 0;
let lastFold = -Infinity;
let lastAnnounced = -Infinity;
let stormTimer: ReturnType<typeof setTimeout> | null = null;

function announceStorm(): void {
  stormTimer = null;
  lastAnnounced = Date.now();
  const text = describeStorm(stormTotal);
  recordSound({ at: lastAnnounced, channel: 'storm', subject: 'storm', reason: 'storm', text, urgent: false });
  if (!silenced('storm')) speakLabel(text, false, 0);
}

export function onStormFolded(count: number): void {
  const now = Date.now();
  if (now - lastFold > STORM_HOLD_MS) stormTotal = 0;
  stormTotal += count;
  lastFold = now;
  if (stormTimer) return;
  const wait = lastAnnounced + STORM_ANNOUNCE_MS - now;
  if (wait <= 0) announceStorm();
  else stormTimer = setTimeout(announceStorm, wait);
}
