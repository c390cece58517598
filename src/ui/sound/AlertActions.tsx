// Per-alert controls in the alert list: acknowledge and snooze, with their state.
import type { AlertRecord } from '../../store/alerts';
import { attentionStore, unsnoozeAlert } from '../../store/attention';
import { announce } from '../../store/sounds';
import { alertTitle } from '../../domain/announce';
import { useNow, useSlice } from '../hooks';
import { HOUR, MINUTE, holds, snoozeFor, snoozeText } from './format';
import { ackAlert, snoozeOne } from './sound-actions';
import './sound.css';

export function AlertActions({ a }: { a: AlertRecord }) {
  const snooze = useSlice(attentionStore, (s) => s.snoozed[a.id]);
  const acked = useSlice(attentionStore, (s) => s.acked[a.id] === true);
  const now = useNow(15_000);
  if (a.state !== 'firing') return null;
  const title = alertTitle(a, a.id);
  const snoozed = holds(snooze, now);
  return (
    <div className="alert-actions" role="group" aria-label={`Actions for ${title}`}>
      {acked ? (
        <span className="att-state acked" data-att="acked">acknowledged</span>
      ) : (
        <button type="button" onClick={() => ackAlert(a)} title="Acknowledge: stops its repeats (a)" data-act="ack">
          Ack
        </button>
      )}
      {snoozed ? (
        <>
          <span className="att-state snoozed" data-att="snoozed">{snoozeText(snooze)}</span>
          <button
            type="button"
            onClick={() => {
              unsnoozeAlert(a.id);
              announce(`${title} sounds again`);
            }}
            aria-label={`Unsnooze ${title}`}
            data-act="unsnooze"
          >
            Unsnooze
          </button>
        </>
      ) : (
        <span className="snooze-group">
          <span className="snooze-label" aria-hidden="true">snooze</span>
          <button type="button" onClick={() => snoozeOne(a, snoozeFor(15 * MINUTE))} aria-label={`Snooze ${title} 15 minutes`} title="Snooze 15 min (z)" data-act="snooze-15m">
            15m
          </button>
          <button type="button" onClick={() => snoozeOne(a, snoozeFor(HOUR))} aria-label={`Snooze ${title} 1 hour`} title="Snooze 1 h (x)" data-act="snooze-1h">
            1h
          </button>
          <button type="button" onClick={() => snoozeOne(a, { kind: 'resolved' })} aria-label={`Snooze ${title} until resolved`} title="Snooze until resolved (X)" data-act="snooze-resolved">
            until resolved
          </button>
        </span>
      )}
    </div>
  );
}
