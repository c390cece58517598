import type { RejectReason } from '../../domain/events';
import { ingestStore, totalRejected } from '../../store/ingest';
import { latencyStore, quantile } from '../../telemetry/latency';
import { useSampled } from '../hooks';

export function IngestPanel() {
  const ingest = useSampled(ingestStore, (s) => s, 500);
  const latency = useSampled(latencyStore, (s) => s, 1000);
  const rejected = totalRejected(ingest);
  const p50 = quantile(latency.recent, 0.5);
  const p99 = quantile(latency.recent, 0.99);
  return (
    <div className="ingest">
      <dl>
        <dt>Accepted</dt>
        <dd data-testid="accepted-count">{ingest.accepted}</dd>
        <dt>Rejected</dt>
        <dd data-testid="rejected-count" className={rejected > 0 ? 'warn' : undefined}>{rejected}</dd>
        <dt>Event → sound</dt>
        <dd title="message received → sound onset scheduled, last 512 sounds">
          {p50 === undefined ? '—' : `p50 ${p50.toFixed(1)} ms · p99 ${(p99 ?? 0).toFixed(1)} ms`}
        </dd>
      </dl>
      {rejected > 0 && (
        <>
          <ul className="reasons" aria-label="Rejected by reason">
            {(Object.entries(ingest.rejectedByReason) as [RejectReason, number][]).map(([reason, n]) => (
              <li key={reason} data-reason={reason}>
                {reason.replace('_', ' ')}: <b>{n}</b>
              </li>
            ))}
          </ul>
          <details>
            <summary>Latest rejections</summary>
            <ul className="recent-rejections">
              {ingest.recentRejections.map((r, i) => (
                <li key={i}>
                  <code>{r.topic}</code> {r.detail}
                </li>
              ))}
            </ul>
          </details>
        </>
      )}
    </div>
  );
}
