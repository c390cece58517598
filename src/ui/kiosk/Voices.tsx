// A calm picture of what is sounding: each metric voice a slow wave whose height
// follows its level, and a lamp per earcon channel that glows as it sounds.
// Sampled twice a second; sounds drive the lamps straight in the DOM.
import { useEffect, useRef } from 'react';
import { metricNameOf } from '../../domain/score/metric-mapper';
import type { Score } from '../../domain/score/types';
import type { MetricRecord, MetricsState } from '../../store/metrics';
import { scoreStore } from '../../store/score';
import { useSampled, useSlice } from '../hooks';
import type { DisplaySource } from './sources';

const CHANNELS = [
  ['critical', 'critical'],
  ['warning', 'warning'],
  ['info', 'info'],
  ['clear', 'resolved'],
  ['system', 'feeds'],
] as const;
const HUES = ['#5eead4', '#93c5fd', '#c4b5fd', '#fcd34d', '#86efac', '#f9a8d4'];
const WIDTH = 1200;
const selectByName = (s: MetricsState) => s.byName;

/** Two periods of a sine across 2×WIDTH, so a translate by WIDTH loops seamlessly. */
export function wavePath(amplitude: number, periods: number, mid = 50): string {
  const pts: string[] = [];
  const n = 160;
  for (let i = 0; i <= n; i++) {
    const x = (i / n) * WIDTH * 2;
    const y = mid - amplitude * Math.sin((x / WIDTH) * periods * 2 * Math.PI);
    pts.push(`${i === 0 ? 'M' : 'L'}${x.toFixed(1)} ${y.toFixed(2)}`);
  }
  return pts.join(' ');
}

function Wave({ m, i }: { m: MetricRecord; i: number }) {
  const level = Math.min(1, Math.max(0, m.level ?? m.value));
  const amp = 4 + level * 30;
  return (
    <li className="kiosk-voice" data-voice={m.name}>
      <svg viewBox={`0 0 ${WIDTH} 100`} preserveAspectRatio="none" aria-hidden="true">
        <path className="wave" d={wavePath(amp, 2 + (i % 3))} style={{ stroke: HUES[i % HUES.length], animationDuration: `${14 + i * 3}s`, opacity: 0.35 + level * 0.6 }} />
      </svg>
      <span className="kiosk-voice-name">{m.name}</span>
    </li>
  );
}

function Lamp({ id, label, src }: { id: string; label: string; src: DisplaySource }) {
  const ref = useRef<HTMLLIElement>(null);
  useEffect(() => {
    let last = src.channelStamp(id);
    return src.subscribeSounds(() => {
      const now = src.channelStamp(id);
      if (now === undefined || now === last) return;
      last = now;
      const el = ref.current;
      if (!el) return;
      el.classList.remove('lit');
      void el.offsetWidth; // restart the animation
      el.classList.add('lit');
      el.dataset.glows = String(Number(el.dataset.glows ?? 0) + 1);
    });
  }, [id, src]);
  return (
    <li ref={ref} className={`kiosk-lamp ch-${id}`} data-lamp={id}>
      <span className="lamp-dot" aria-hidden="true" />
      {label}
    </li>
  );
}

/** Metrics the score gives a voice (a topic voice, or a PromQL voice and its series); the rest are silent. */
export function isVoiced(name: string, score: Score | null): boolean {
  return (score?.metrics ?? []).some((m) => metricNameOf(m) === name || (metricNameOf(m) === undefined && (name === m.id || name.startsWith(`${m.id}{`))));
}

export function Voices({ src }: { src: DisplaySource }) {
  const byName = useSampled(src.metrics, selectByName, 500);
  const score = useSlice(scoreStore, (s) => s.active);
  const metrics = [...byName.values()].filter((m) => isVoiced(m.name, score)).slice(0, 8);
  return (
    <section className="kiosk-voices" aria-label="What is sounding">
      {metrics.length === 0 ? <p className="kiosk-quiet">No metric voices yet</p> : <ul className="kiosk-waves">{metrics.map((m, i) => <Wave key={m.name} m={m} i={i} />)}</ul>}
      <ul className="kiosk-lamps">
        {CHANNELS.map(([id, label]) => (
          <Lamp key={id} id={id} label={label} src={src} />
        ))}
      </ul>
    </section>
  );
}
