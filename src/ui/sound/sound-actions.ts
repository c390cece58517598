// The sound controls' actions, registered in ../actions.ts: buttons and keys call
// the same functions. Each says what it did in the live region.
import { acknowledge } from '../../app/attention';
import { choosePreset, PRESET_NAMES } from '../../app/score-loader';
import { cycleVerbosity } from '../../app/speech';
import { alertTitle } from '../../domain/announce';
import type { SnoozeUntil } from '../../domain/attention';
import { alertsStore } from '../../store/alerts';
import type { AlertRecord } from '../../store/alerts';
import { attentionStore, setQuietHours, snoozeAlert, snoozeAll } from '../../store/attention';
import { mixerStore, toggleMute, toggleSolo } from '../../store/mixer';
import { announce, latestSounded } from '../../store/sounds';
import type { Action } from '../actions';
import { HOUR, MINUTE, holds, snoozeFor, snoozeText } from './format';
import { showView } from '../view';
import { soundUiStore, toggleEditor, toggleShortcuts } from './ui-state';

/** The alert a key acts on: the focused row's, else the one heard last, else the newest. */
export function targetAlert(ok: (a: AlertRecord) => boolean = () => true): AlertRecord | undefined {
  const byId = alertsStore.getState().byId;
  const focused = typeof document === 'undefined' ? null : document.activeElement?.closest<HTMLElement>('[data-alert-id]');
  const f = focused?.dataset.alertId ? byId.get(focused.dataset.alertId) : undefined;
  if (f) return f.state === 'firing' && ok(f) ? f : undefined;
  const firing = [...byId.values()].filter((a) => a.state === 'firing' && ok(a));
  const heard = latestSounded(firing.map((a) => a.id));
  if (heard) return byId.get(heard);
  return firing.reduce<AlertRecord | undefined>((best, a) => (!best || a.since > best.since ? a : best), undefined);
}

export function ackAlert(a: AlertRecord): void {
  acknowledge(a.id);
  announce(`acknowledged ${alertTitle(a, a.id)}`);
}

export function snoozeOne(a: AlertRecord, until: SnoozeUntil): void {
  snoozeAlert(a.id, until);
  announce(`${alertTitle(a, a.id)} ${snoozeText(until)}`);
}

export function snoozeEverything(until: SnoozeUntil | undefined): void {
  snoozeAll(until);
  announce(until ? `all alerts ${snoozeText(until)}` : 'snooze ended: all alerts sound again');
}

const notSnoozed = (a: AlertRecord) => !holds(attentionStore.getState().snoozed[a.id]);

function snoozeTarget(until: () => SnoozeUntil): void {
  const a = targetAlert(notSnoozed);
  if (a) snoozeOne(a, until());
  else announce('no firing alert to snooze');
}

/** Channel, its key, and what the listener calls it. */
const CHANNEL_KEYS = [
  ['critical', 'c', 'critical'],
  ['warning', 'w', 'warning'],
  ['info', 'i', 'info'],
  ['clear', 'r', 'resolved'],
] as const;

export const SOUND_ACTIONS: readonly Action[] = [
  ...PRESET_NAMES.map((name, i) => ({
    id: `preset-${name}`,
    label: `Preset: ${name}`,
    key: String(i + 1),
    run: () => {
      if (choosePreset(name)) announce(`preset ${name}`);
    },
  })),
  ...CHANNEL_KEYS.flatMap(([ch, key, name]) => [
    {
      id: `mute-${ch}`,
      label: `Mute / unmute the ${name} voice`,
      key,
      run: () => {
        toggleMute(ch);
        announce(`${name} voice ${mixerStore.getState().channels[ch]?.muted ? 'muted' : 'unmuted'}`);
      },
    },
    {
      id: `solo-${ch}`,
      label: `Solo the ${name} voice`,
      key: key.toUpperCase(),
      run: () => {
        toggleSolo(ch);
        announce(`${name} voice ${mixerStore.getState().channels[ch]?.solo ? 'solo' : 'solo off'}`);
      },
    },
  ]),
  {
    id: 'acknowledge',
    label: 'Acknowledge the focused (or latest) alert',
    key: 'a',
    run: () => {
      const a = targetAlert((x) => !attentionStore.getState().acked[x.id]);
      if (a) ackAlert(a);
      else announce('no alert to acknowledge');
    },
  },
  { id: 'snooze-15m', label: 'Snooze the focused (or latest) alert 15 min', key: 'z', run: () => snoozeTarget(() => snoozeFor(15 * MINUTE)) },
  { id: 'snooze-1h', label: 'Snooze the focused (or latest) alert 1 h', key: 'x', run: () => snoozeTarget(() => snoozeFor(HOUR)) },
  { id: 'snooze-resolved', label: 'Snooze the focused (or latest) alert until resolved', key: 'X', run: () => snoozeTarget(() => ({ kind: 'resolved' })) },
  {
    id: 'snooze-all',
    label: 'Snooze all alerts 1 h / end the snooze',
    key: 'Z',
    run: () => snoozeEverything(holds(attentionStore.getState().global) ? undefined : snoozeFor(HOUR)),
  },
  {
    id: 'quiet-hours',
    label: 'Quiet hours on / off',
    key: 'q',
    run: () => {
      const q = attentionStore.getState().quietHours;
      setQuietHours({ ...q, enabled: !q.enabled });
      announce(`quiet hours ${q.enabled ? 'off' : `on, ${q.start}–${q.end}`}`);
    },
  },
  { id: 'speech', label: 'Speech: off / critical only / all', key: 'v', run: () => announce(`speech: ${cycleVerbosity()}`) },
  {
    id: 'score-editor',
    label: 'Score editor (open / close)',
    key: 'e',
    run: () => {
      if (!soundUiStore.getState().editorOpen) showView('console');
      toggleEditor();
    },
  },
  { id: 'shortcuts', label: 'Keyboard shortcuts', key: '?', run: toggleShortcuts },
];
