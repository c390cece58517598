// What a sound says in words: the ARIA live region's announcement and the shorter
// spoken label. Pure; the alert (when the sound is about one) is passed in.
import type { EarconSound } from './score/sounds';

export interface AlertFacts {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
}

export interface SoundWords {
  /** For the live region: "critical alert DiskFull on db-3 firing". */
  readonly announcement: string;
  /** For speech: "critical: DiskFull on db-3". */
  readonly spoken: string;
  /** Critical sounds interrupt (assertive region); the rest wait their turn. */
  readonly urgent: boolean;
}

/** Labels that say where an alert is, best first. */
const WHERE = ['instance', 'host', 'node', 'pod', 'service', 'job'] as const;

export function alertTitle(alert: AlertFacts | undefined, fallback: string): string {
  if (!alert) return fallback;
  const where = WHERE.map((k) => alert.labels[k]).find((v) => v !== undefined && v !== '');
  return where ? `${alert.name} on ${where}` : alert.name;
}

export function describeSound(sound: Pick<EarconSound, 'channel' | 'reason' | 'subject' | 'earcon'>, alert?: AlertFacts): SoundWords {
  const title = alertTitle(alert, sound.subject);
  switch (sound.reason) {
    case 'resolved':
      return { announcement: `resolved: ${title}`, spoken: `resolved: ${title}`, urgent: false };
    case 'pending':
      return { announcement: `building up: ${title}`, spoken: `building up: ${title}`, urgent: false };
    case 'feed-lost':
      return { announcement: `feed lost: ${sound.subject}`, spoken: `feed lost: ${sound.subject}`, urgent: false };
    case 'feed-back':
      return { announcement: `feed back: ${sound.subject}`, spoken: `feed back: ${sound.subject}`, urgent: false };
    case 'preview':
      return { announcement: `preview: ${sound.earcon}`, spoken: `preview: ${sound.earcon}`, urgent: false };
    default: {
      const state = sound.reason === 'repeat' ? 'still firing' : 'firing';
      return { announcement: `${sound.channel} alert ${title} ${state}`, spoken: `${sound.channel}: ${title}`, urgent: sound.channel === 'critical' };
    }
  }
}

export function describeStorm(folded: number): string {
  return `storm: ${folded} ${folded === 1 ? 'alert' : 'alerts'} folded`;
}
