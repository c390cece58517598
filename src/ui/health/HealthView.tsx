// The console's own health: the figures it pushes to the Pushgateway, on screen.
// Everything is sampled on a timer (once a second), never per event, so a storm
// of messages costs this view nothing extra.
import { useEffect, useState } from 'react';
import type { LatencyState } from '../../telemetry/latency';
import { latencyStore, quantile } from '../../telemetry/latency';
import type { PushStatus } from '../../telemetry/push-status';
import { pushStatusStore } from '../../telemetry/push-status';
import { selfMetrics } from '../../telemetry/self-metrics';
import { ConfigErrors } from '../console/ConfigErrors';
import { Header } from '../console/Header';
import { ago, useNow, useSampled } from '../hooks';
import { EventsBySource, LatencyHistogram, RecentLatency, RejectionsByReason } from './charts';
import type { HealthModel } from './health-model';
import { healthModel } from './health-model';
import './health.css';

const EVERY_MS = 1000;
const RECENT = 120;

/** Like useSampled, for a plain reader: runs `read` every `everyMs`, not on change. */
function usePolled<T>(read: () => T, everyMs: number): T {
  const [value, setValue] = useState(read);
  useEffect(() => {
    const id = setInterval(() => setValue(read()), everyMs);
    return () => clearInterval(id);
  }, [everyMs]); // eslint-disable-line react-hooks/exhaustive-deps -- read is module-level
  return value;
}

const readModel = (): HealthModel => healthModel(selfMetrics.registry.collect());
const selectLatency = (s: LatencyState) => s.recent.slice(-RECENT);
const selectPush = (s: PushStatus) => s;

function Figure({ label, value, testId, tone }: { label: string; value: string; testId: string; tone?: 'ok' | 'warn' | 'bad' }) {
  return (
    <div className={`figure${tone ? ` tone-${tone}` : ''}`}>
      <span className="figure-value" data-testid={testId}>
        {value}
      </span>
      <span className="figure-label">{label}</span>
    </div>
  );
}

function PushLine({ push, now }: { push: PushStatus; now: number }) {
  if (!push.target) return <p className="empty">Not pushing: no pushgateway configured.</p>;
  const last = push.last;
  return (
    <p className="push-line" data-testid="push-status" data-ok={last?.ok ? '1' : '0'}>
      Pushing as <code>{push.instance}</code> every {Math.round((push.intervalMs ?? 0) / 1000)} s to <code>{push.target}</code>
      {' — '}
      {push.lastOkAt ? `last ${last?.opaque ? 'sent' : 'accepted'} ${ago(push.lastOkAt, now)}` : 'nothing landed yet'}
      {last && !last.ok && <span className="warn"> · last attempt failed: {last.error}</span>}
      {push.failures > 0 && <span className="muted"> · {push.failures} failed of {push.pushes}</span>}
    </p>
  );
}

export function HealthView() {
  const m = usePolled(readModel, EVERY_MS);
  const recent = useSampled(latencyStore, selectLatency, EVERY_MS);
  const push = useSampled(pushStatusStore, selectPush, EVERY_MS);
  const now = useNow(EVERY_MS);
  const p50 = quantile(recent, 0.5);
  const p99 = quantile(recent, 0.99);
  const rejectedTotal = m.rejected.reduce((n, r) => n + r.count, 0);
  const eventsTotal = m.events.reduce((n, r) => n + r.alert + r.metric, 0);
  return (
    <>
      <Header />
      <ConfigErrors />
      <main className="health" aria-label="Console health">
        <section className="panel health-wide" aria-labelledby="health-h">
          <h2 id="health-h">This console{m.version ? ` · v${m.version}` : ''}</h2>
          <div className="figures">
            <Figure label="audio" value={m.audioRunning ? 'running' : 'stopped'} testId="audio-running" tone={m.audioRunning ? 'ok' : 'bad'} />
            <Figure label="voices sounding" value={String(m.voicesActive)} testId="voices-active" />
            <Figure label="folded into storms" value={String(m.voicesDropped)} testId="voices-dropped" />
            <Figure label="events accepted" value={String(eventsTotal)} testId="events-total" />
            <Figure label="rejected" value={String(rejectedTotal)} testId="rejected-total" tone={rejectedTotal > 0 ? 'warn' : undefined} />
            <Figure label="sounds timed" value={String(m.latencyCount)} testId="latency-count" />
            <Figure label="p50 / p99 event → sound" value={p50 === undefined ? '—' : `${p50.toFixed(1)} / ${(p99 ?? 0).toFixed(1)} ms`} testId="latency-quantiles" />
            <Figure label="mean sent → sound" value={m.sentMeanMs === undefined ? '—' : `${m.sentMeanMs.toFixed(1)} ms`} testId="sent-mean" />
          </div>
          <PushLine push={push} now={now} />
        </section>
        <section className="panel" aria-labelledby="lat-hist-h">
          <h2 id="lat-hist-h">Event → sound, all sounds (ms)</h2>
          {m.latencyCount === 0 ? <p className="empty">No sound played yet.</p> : <LatencyHistogram bars={m.latencyBars} />}
        </section>
        <section className="panel" aria-labelledby="lat-recent-h">
          <h2 id="lat-recent-h">Event → sound, last {RECENT} sounds</h2>
          {recent.length === 0 ? <p className="empty">No sound played yet.</p> : <RecentLatency samples={recent} />}
        </section>
        <section className="panel" aria-labelledby="ev-h">
          <h2 id="ev-h">Events by source</h2>
          {m.events.length === 0 ? <p className="empty">No source connected yet.</p> : <EventsBySource rows={m.events} />}
        </section>
        <section className="panel" aria-labelledby="rej-h">
          <h2 id="rej-h">Rejections by reason</h2>
          {rejectedTotal === 0 ? <p className="empty">Nothing rejected.</p> : <RejectionsByReason rows={m.rejected.filter((r) => r.count > 0)} />}
        </section>
        <section className="panel" aria-labelledby="src-h">
          <h2 id="src-h">Sources</h2>
          <ul className="source-health">
            {m.sources.map((s) => (
              <li key={s.source} data-source-health={s.source} data-up={s.up ? '1' : '0'}>
                <span className={`dot ${s.up ? 'up' : 'down'}`} aria-hidden="true" />
                {s.source}: {s.up ? 'up' : 'down'} · {s.reconnects} reconnect{s.reconnects === 1 ? '' : 's'}
              </li>
            ))}
          </ul>
        </section>
      </main>
    </>
  );
}
