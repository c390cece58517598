// Saved settings (localStorage), 10,000 cases each (FUZZ_RUNS): the config layer, the
// attention settings (snoozes, acknowledgements, quiet hours) and the mixer, as valid
// JSON mutated one step, random JSON, broken text. Loading never throws, names why it
// ignored something, and what it keeps is safe to use: a corrupt snooze silences nothing.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadSavedLayer } from '../../../src/app/config-loader';
import { isQuiet, pruneAttention } from '../../../src/domain/attention';
import { URL_KEYS, resolveConfig } from '../../../src/domain/config';
import { effectiveGains } from '../../../src/domain/mixer';
import { parseSavedAttention, parseSavedMixer } from '../../../src/domain/saved-settings';
import { RUNS, asText, json, nearValid, prototypeIsClean, str } from './arbitraries';

const raw = (valids: unknown[]) => fc.oneof({ weight: 5, arbitrary: asText(nearValid(valids)) }, { weight: 1, arbitrary: asText(json) }, { weight: 1, arbitrary: str });

const CONFIG = { mqtt: 'ws://127.0.0.1:9001', prometheus: '/prometheus', pushgateway: 'https://pgw.example', source: 'live', kiosk: true, pollInterval: 5 };
const ATTENTION = {
  snoozed: { 'a|x': { kind: 'time', until: 1_900_000_000_000 }, 'b|y': { kind: 'resolved' } },
  acked: { 'a|x': true },
  quietHours: { enabled: true, start: '22:00', end: '07:00' },
  global: { kind: 'time', until: 1 },
};
const MIXER = { critical: { gain: 1, muted: false, solo: false }, warning: { gain: 0.5, muted: true, solo: false }, storm: { gain: 2, muted: false, solo: true } };
const ALERT = { id: 'c|z', severity: 'critical', state: 'firing' as const };

describe('fuzz: saved settings', () => {
  it('config layer (loadSavedLayer + resolveConfig)', () => {
    fc.assert(
      fc.property(raw([CONFIG]), (text) => {
        const { layer, error } = loadSavedLayer({ getItem: () => text });
        if (error) expect(error).toMatch(/^saved settings /);
        const { config, errors } = resolveConfig({}, {}, layer);
        for (const k of URL_KEYS) if (config[k] !== undefined) expect(typeof config[k]).toBe('string');
        for (const e of errors) expect(e.layer === 'saved' && e.message.length > 0).toBe(true);
      }),
      RUNS,
    );
    expect(prototypeIsClean()).toBe(true);
  });

  it('attention settings: corrupt entries are dropped with a reason and silence nothing', () => {
    let named = 0;
    fc.assert(
      fc.property(raw([ATTENTION]), (text) => {
        const { attention, error } = parseSavedAttention(text);
        if (error) {
          named++;
          expect(error).toMatch(/^saved attention settings/);
        }
        const now = 1_800_000_000_000;
        // A critical alert nobody snoozed is heard whatever was saved (quiet hours spare criticals).
        const globalHolds = attention.global?.kind === 'time' ? now < attention.global.until : attention.global?.kind === 'resolved';
        if (!globalHolds && !attention.snoozed[ALERT.id]) expect(isQuiet(attention, ALERT, now, 12 * 60, true)).toBe(false);
        expect(typeof isQuiet(attention, undefined, now, 23 * 60, false)).toBe('boolean');
        pruneAttention(attention, now, new Set(['a|x']));
        expect(Object.getPrototypeOf(attention.snoozed)).toBe(Object.prototype);
      }),
      RUNS,
    );
    expect(named).toBeGreaterThan(0);
    expect(prototypeIsClean()).toBe(true);
  });

  it('mixer settings: gains stay finite and within 0..2', () => {
    fc.assert(
      fc.property(raw([MIXER]), (text) => {
        const { channels, error } = parseSavedMixer(text);
        if (error) expect(error).toMatch(/^saved mixer settings/);
        const gains = effectiveGains(channels, ['critical', 'warning', 'info', 'clear', 'storm', 'system', 'constructor', '__proto__']);
        for (const g of Object.values(gains)) expect(Number.isFinite(g) && g >= 0 && g <= 2).toBe(true);
      }),
      RUNS,
    );
    expect(prototypeIsClean()).toBe(true);
  });
});
