// The kiosk's ambient display: the overall state in one word, readable across a
// room; the alerts firing now; a calm picture of the voices; the feeds. It reads a
// training replay's stores while one is open, else the live ones.
import { useMemo } from 'react';
import type { SourceId } from '../../domain/events';
import { severityFamily } from '../../domain/events';
import type { SeverityFamily } from '../../domain/events';
import type { AlertRecord, AlertsState } from '../../store/alerts';
import type { ConnectionInfo } from '../../store/connections';
import { connectionsStore } from '../../store/connections';
import { trainingStore } from '../../store/training';
import { ago, useNow, useSampled, useSlice } from '../hooks';
import { clockOf } from '../training/format';
import type { DisplaySource } from './sources';
import { LIVE, TRAINING } from './sources';
import { Voices } from './Voices';
import { hhmm } from '../time';
import './kiosk.css';

const RANK: Record<SeverityFamily, number> = { critical: 0, warning: 1, info: 2 };
const ROWS = 5;
const selectById = (s: AlertsState) => s.byId;
const WHERE = ['instance', 'service', 'host', 'pod'] as const;

function where(a: AlertRecord): string {
  return WHERE.map((k) => a.labels[k]).filter(Boolean).slice(0, 2).join(' · ');
}

function Hero({ firing, bySeverity, pending, worst, stale, training }: { firing: number; bySeverity: Record<SeverityFamily, number>; pending: number; worst: SeverityFamily | null; stale: string[]; training: boolean }) {
  const state = worst ?? (stale.length ? 'stale' : 'ok');
  const word = worst ?? (stale.length ? 'feed lost' : 'all clear');
  const sub = [
    worst ? (Object.entries(bySeverity) as [SeverityFamily, number][]).filter(([, n]) => n > 0).map(([f, n]) => `${n} ${f}`).join(' · ') : training ? 'nothing firing in the replay' : 'nothing firing',
    ...(pending > 0 ? [`${pending} building up`] : []),
    ...(stale.length > 0 ? [`no data from ${stale.join(', ')}`] : []),
  ].join(' · ');
  return (
    <section className={`kiosk-hero state-${state}`} data-kiosk-state={state} aria-live="polite">
      <span className="hero-dot" aria-hidden="true" />
      <div className="hero-text">
        <h1 className="hero-word">{word}</h1>
        <p className="hero-sub">{sub}</p>
      </div>
      {worst && (
        <div className="hero-count" aria-hidden="true">
          {firing}
          <span>firing</span>
        </div>
      )}
    </section>
  );
}

/** Same alert, same severity, same state: one row, so a fleet storm reads as one thing. */
export interface AlertGroup {
  readonly key: string;
  readonly first: AlertRecord;
  readonly count: number;
  readonly where: string;
  readonly since: number;
}

export function groupAlerts(active: readonly AlertRecord[]): AlertGroup[] {
  const groups = new Map<string, AlertRecord[]>();
  for (const a of active) {
    const key = `${a.state}|${severityFamily(a.severity)}|${a.name}`;
    const g = groups.get(key);
    if (g) g.push(a);
    else groups.set(key, [a]);
  }
  return [...groups.entries()].map(([key, list]) => {
    const services = [...new Set(list.map((a) => a.labels.service).filter(Boolean))];
    const hosts = [...new Set(list.map((a) => a.labels.instance ?? a.labels.host ?? a.labels.pod).filter(Boolean))];
    const hostText = hosts.length > 2 ? `${hosts.slice(0, 2).join(', ')} +${hosts.length - 2}` : hosts.join(', ');
    return {
      key,
      first: list[0]!,
      count: list.length,
      where: list.length === 1 ? where(list[0]!) : [services.length === 1 ? services[0] : '', hostText].filter(Boolean).join(' · '),
      since: Math.min(...list.map((a) => a.since)),
    };
  });
}

function Row({ g, now, training }: { g: AlertGroup; now: number; training: boolean }) {
  const a = g.first;
  const family = severityFamily(a.severity);
  return (
    <li className={`kiosk-alert sev-${family} state-${a.state}`} data-alert-id={a.id} data-count={g.count}>
      <span className="k-sev">{a.state === 'pending' ? 'pending' : family}</span>
      <span className="k-name">
        {a.name}
        {g.count > 1 && <span className="k-count">×{g.count}</span>}
      </span>
      <span className="k-where">{g.where}</span>
      <span className="k-since">{training ? `at ${clockOf(g.since)}` : now - g.since < 60_000 ? 'just now' : ago(g.since, now).replace(' ago', '')}</span>
    </li>
  );
}

const SOURCE_LABEL: Partial<Record<SourceId, string>> = { mqtt: 'MQTT', prometheus: 'Prometheus', alertmanager: 'Alertmanager', demo: 'Demo' };

function Feeds() {
  const sources = useSlice(connectionsStore, (s) => s.sources);
  const now = useNow(10_000);
  return (
    <ul className="kiosk-feeds" aria-label="Feeds">
      {(Object.entries(sources) as [SourceId, ConnectionInfo][]).map(([id, c]) => (
        <li key={id} className={`kiosk-feed status-${c.status}${c.stale ? ' stale' : ''}`} data-source={id} data-stale={c.stale ? 'true' : undefined}>
          <span className="dot" aria-hidden="true" />
          {SOURCE_LABEL[id] ?? id} {c.stale ? 'feed lost' : c.status}
        </li>
      ))}
      <li className="kiosk-clock">{hhmm(now)}</li>
    </ul>
  );
}

function Display({ src }: { src: DisplaySource }) {
  const byId = useSampled(src.alerts, selectById, 500);
  const sources = useSlice(connectionsStore, (s) => s.sources);
  const now = useNow(5000);
  const { rows, firing, bySeverity, pending, worst } = useMemo(() => {
    const active = [...byId.values()].filter((a) => a.state !== 'resolved');
    active.sort((a, b) => (a.state === b.state ? 0 : a.state === 'firing' ? -1 : 1) || RANK[severityFamily(a.severity)] - RANK[severityFamily(b.severity)] || b.since - a.since);
    const f = active.filter((a) => a.state === 'firing');
    const bySeverity: Record<SeverityFamily, number> = { critical: 0, warning: 0, info: 0 };
    for (const a of f) bySeverity[severityFamily(a.severity)]++;
    return { rows: active, firing: f.length, bySeverity, pending: active.length - f.length, worst: f[0] ? severityFamily(f[0].severity) : null };
  }, [byId]);
  const groups = useMemo(() => groupAlerts(rows), [rows]);
  // The last row makes way for the count of the rest, so nothing is cut off.
  const shown = groups.length > ROWS ? ROWS - 1 : ROWS;
  const stale = src.training ? [] : Object.entries(sources).filter(([, c]) => c?.stale).map(([id]) => SOURCE_LABEL[id as SourceId] ?? id);
  return (
    <div className="kiosk-view" data-kiosk-view={src.training ? 'training' : 'live'}>
      <Hero firing={firing} bySeverity={bySeverity} pending={pending} worst={worst} stale={stale} training={src.training} />
      <section className="kiosk-alerts" aria-label="Alerts">
        {groups.length === 0 ? (
          <p className="kiosk-quiet">No alerts</p>
        ) : (
          <ul>
            {groups.slice(0, shown).map((g) => (
              <Row key={g.key} g={g} now={now} training={src.training} />
            ))}
          </ul>
        )}
        {groups.length > shown && <p className="kiosk-more">+{groups.slice(shown).reduce((n, g) => n + g.count, 0)} more</p>}
      </section>
      <Voices src={src} />
      <Feeds />
    </div>
  );
}

export function KioskView() {
  const training = useSlice(trainingStore, (s) => s.session !== null);
  // Keyed, so switching source starts the display afresh.
  return <Display key={training ? 't' : 'l'} src={training ? TRAINING : LIVE} />;
}
