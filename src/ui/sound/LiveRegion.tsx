// Every sound is announced: critical ones assertively (they interrupt), the rest
// politely, as a short log so two sounds at once are both read.
import { useEffect, useState } from 'react';
import type { Announcement } from '../../store/sounds';
import { soundsStore } from '../../store/sounds';
import { useSlice } from '../hooks';

const LOG = 5;

export function LiveRegion() {
  const latest = useSlice(soundsStore, (s) => s.announcement);
  const [polite, setPolite] = useState<readonly Announcement[]>([]);
  const [urgent, setUrgent] = useState<Announcement | null>(null);
  useEffect(() => {
    if (!latest) return;
    if (latest.urgent) setUrgent(latest);
    else setPolite((p) => [...p, latest].slice(-LOG));
  }, [latest]);
  return (
    <div className="visually-hidden">
      <div aria-live="polite" aria-relevant="additions text" data-live="polite">
        {polite.map((a) => (
          <p key={a.seq}>{a.text}</p>
        ))}
      </div>
      <div aria-live="assertive" aria-atomic="true" data-live="assertive">
        {urgent && <p key={urgent.seq}>{urgent.text}</p>}
      </div>
    </div>
  );
}
