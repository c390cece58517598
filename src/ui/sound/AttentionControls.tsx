// Snooze everything, and quiet hours (critical alerts still sound in them).
import { inQuietHours, parseHHMM } from '../../domain/attention';
import { attentionStore, setQuietHours } from '../../store/attention';
import { runAction } from '../actions';
import { useNow, useSlice } from '../hooks';
import { HOUR, MINUTE, holds, snoozeFor, snoozeText } from './format';
import { snoozeEverything } from './sound-actions';

function GlobalSnooze() {
  const global = useSlice(attentionStore, (s) => s.global);
  const now = useNow(15_000);
  if (holds(global, now)) {
    return (
      <div className="row snooze-all" data-global-snooze="on">
        <span className="att-state snoozed">All alerts {snoozeText(global)}</span>
        <button type="button" onClick={() => snoozeEverything(undefined)} title="End the snooze (Z)">
          Resume
        </button>
      </div>
    );
  }
  return (
    <div className="row snooze-all" role="group" aria-labelledby="snooze-all-l" data-global-snooze="off">
      <span id="snooze-all-l" className="row-label">Snooze all</span>
      <button type="button" onClick={() => snoozeEverything(snoozeFor(15 * MINUTE))} aria-label="Snooze all alerts 15 minutes">
        15m
      </button>
      <button type="button" onClick={() => runAction('snooze-all')} aria-label="Snooze all alerts 1 hour" title="Snooze all 1 h (Z)">
        1h
      </button>
      <button type="button" onClick={() => snoozeEverything({ kind: 'resolved' })} aria-label="Snooze all alerts until none is firing">
        until resolved
      </button>
    </div>
  );
}

function QuietHoursControl() {
  const q = useSlice(attentionStore, (s) => s.quietHours);
  const now = useNow(30_000);
  const d = new Date(now);
  const active = inQuietHours(q, d.getHours() * 60 + d.getMinutes());
  const setTime = (key: 'start' | 'end', v: string) => {
    if (parseHHMM(v) !== null) setQuietHours({ ...q, [key]: v });
  };
  return (
    <div className="row quiet-hours" data-quiet={active ? 'now' : q.enabled ? 'on' : 'off'}>
      <label className="check" title="Quiet hours on / off (q)">
        <input type="checkbox" checked={q.enabled} onChange={() => runAction('quiet-hours')} />
        Quiet hours
      </label>
      <input type="time" value={q.start} onChange={(e) => setTime('start', e.target.value)} aria-label="Quiet hours start" required />
      <span aria-hidden="true">–</span>
      <input type="time" value={q.end} onChange={(e) => setTime('end', e.target.value)} aria-label="Quiet hours end" required />
      <span className="hint">{active ? 'quiet now — only critical sounds' : 'only critical sounds in them'}</span>
    </div>
  );
}

export function AttentionControls() {
  return (
    <>
      <GlobalSnooze />
      <QuietHoursControl />
    </>
  );
}
