// The action registry: one key per action, every action in the '?' overlay, and
// a key press runs the same function a button does.
import { renderToString } from 'react-dom/server';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { ACTIONS, installShortcuts, runAction } from '../../src/ui/actions';
import { ShortcutList } from '../../src/ui/sound/ShortcutsOverlay';
import { mixerStore, resetMixer } from '../../src/store/mixer';
import { scoreStore } from '../../src/store/score';
import { attentionStore, resetAttention } from '../../src/store/attention';
import { applyAlerts, resetAlerts } from '../../src/store/alerts';
import { recordSound, resetSounds, soundsStore } from '../../src/store/sounds';
import { speechStore, resetSpeech } from '../../src/store/speech';

const saved = new Map<string, string>();
beforeAll(() => {
  vi.stubGlobal('localStorage', {
    getItem: (k: string) => saved.get(k) ?? null,
    setItem: (k: string, v: string) => void saved.set(k, v),
    removeItem: (k: string) => void saved.delete(k),
  });
});
afterAll(() => vi.unstubAllGlobals());
beforeEach(() => {
  resetMixer();
  resetAttention();
  resetAlerts();
  resetSounds();
  resetSpeech();
  saved.clear();
});

function press(target: EventTarget, key: string, from?: object): void {
  const e = Object.assign(new Event('keydown', { cancelable: true }), { key, ctrlKey: false, metaKey: false, altKey: false });
  if (from) Object.defineProperty(e, 'target', { value: from }); // the focused element
  target.dispatchEvent(e);
}

describe('action registry', () => {
  it('gives every action its own id and its own key', () => {
    const keys = ACTIONS.map((a) => a.key);
    expect(new Set(keys).size).toBe(keys.length);
    expect(new Set(ACTIONS.map((a) => a.id)).size).toBe(ACTIONS.length);
    for (const k of ['1', '2', '3', 'm', '+', '-', 'a', 'z', 'Z', 'q', 'v', 'e', '?', 'c']) expect(keys).toContain(k);
  });

  it('lists every registered action, with its key, in the shortcuts overlay', () => {
    const html = renderToString(<ShortcutList actions={ACTIONS} />);
    for (const a of ACTIONS) {
      expect(html).toContain(`data-action="${a.id}"`);
      expect(html).toContain(a.label.replace(/&/g, '&amp;'));
    }
    expect(html.match(/<tr data-action=/g)).toHaveLength(ACTIONS.length);
  });

  it('a key and runAction do the same thing (mute, solo, preset, quiet hours, speech)', () => {
    const win = new EventTarget();
    const uninstall = installShortcuts(win as unknown as Window);
    press(win, 'c');
    expect(mixerStore.getState().channels.critical?.muted).toBe(true);
    runAction('mute-critical');
    expect(mixerStore.getState().channels.critical?.muted).toBe(false);
    press(win, 'W');
    expect(mixerStore.getState().channels.warning?.solo).toBe(true);
    press(win, '2');
    expect(scoreStore.getState().active?.name).toBe('classic');
    expect(saved.get('singing-pager.preset.v1')).toBe('classic');
    press(win, 'q');
    expect(attentionStore.getState().quietHours.enabled).toBe(true);
    press(win, 'v');
    expect(speechStore.getState().verbosity).toBe('critical');
    // Typing into a field is not a shortcut; a checkbox or slider takes no letters, so it is.
    press(win, 'c', { tagName: 'INPUT', type: 'text' });
    press(win, 'c', { tagName: 'TEXTAREA' });
    expect(mixerStore.getState().channels.critical?.muted).toBe(false);
    press(win, 'c', { tagName: 'INPUT', type: 'checkbox' });
    expect(mixerStore.getState().channels.critical?.muted).toBe(true);
    press(win, 'c', { tagName: 'INPUT', type: 'range' });
    uninstall();
    press(win, 'c');
    expect(mixerStore.getState().channels.critical?.muted).toBe(false);
  });

  it('acknowledges and snoozes the alert heard last; Z snoozes all and ends that snooze', () => {
    const alert = (id: string) => ({ kind: 'alert', id, name: id, severity: 'critical', state: 'firing', labels: { instance: 'db-3' }, annotations: {}, source: 'mqtt', receivedAt: 0 }) as const;
    applyAlerts([alert('Older'), alert('Heard')]);
    recordSound({ at: Date.now(), channel: 'critical', subject: 'Heard', reason: 'new', text: 'x', urgent: true });
    recordSound({ at: Date.now() - 5000, channel: 'critical', subject: 'Older', reason: 'new', text: 'x', urgent: true });
    runAction('acknowledge');
    expect(attentionStore.getState().acked).toEqual({ Heard: true });
    expect(soundsStore.getState().announcement?.text).toBe('acknowledged Heard on db-3');
    runAction('acknowledge'); // the next one not yet acknowledged
    expect(attentionStore.getState().acked).toEqual({ Heard: true, Older: true });
    runAction('snooze-15m');
    const z = attentionStore.getState().snoozed.Heard;
    expect(z?.kind === 'time' && z.until - Date.now()).toBeGreaterThan(14 * 60_000);
    runAction('snooze-all');
    expect(attentionStore.getState().global?.kind).toBe('time');
    runAction('snooze-all');
    expect(attentionStore.getState().global).toBeUndefined();
  });
});
