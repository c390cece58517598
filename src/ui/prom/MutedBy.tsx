import type { AlertRecord } from '../../store/alerts';
import { suppressionsStore, suppressionOf } from '../../store/suppressions';
import { useNow, useSlice } from '../hooks';
import { dayAndTime } from '../time';
import './prom.css';

/** Alertmanager's verdict on one alert: who silenced it and until when, or that it is inhibited. */
export function MutedBy({ a }: { a: AlertRecord }) {
  const s = useSlice(suppressionsStore, (st) => st);
  const now = useNow(10_000);
  if (a.state === 'resolved') return null;
  const sup = suppressionOf(a.id, { alertname: a.name, ...a.labels }, now, s);
  if (!sup) return null;
  return (
    <div className="muted-by" data-muted={sup.silences.length ? 'silenced' : 'inhibited'}>
      <span className="muted-badge">muted</span>
      {sup.silences.length === 0 && !sup.inhibited && 'silenced in Alertmanager'}
      {sup.silences.map((x, i) => (
        <span key={x.id} title={x.comment || undefined}>
          {i > 0 && '; '}silenced by <b>{x.createdBy}</b> until <time dateTime={new Date(x.endsAt).toISOString()}>{dayAndTime(x.endsAt, now)}</time>
          {x.comment && <span className="muted-comment"> — {x.comment}</span>}
        </span>
      ))}
      {sup.inhibited && <span>{sup.silences.length ? '; ' : ''}inhibited by another alert</span>}
    </div>
  );
}
