// Replaying real history: a window of Prometheus's ALERTS (and, optionally, a
// PromQL per metric voice) rebuilt into a scenario with query_range, then played
// through the same path as any replay.
import { useMemo, useState } from 'react';
import type { FormEvent } from 'react';
import { startTraining } from '../../app/training-control';
import { metricNameOf } from '../../domain/score/metric-mapper';
import { historyScenario } from '../../sources/prom-history';
import { scoreStore } from '../../store/score';
import { settingsStore } from '../../store/settings';
import { useSlice } from '../hooks';

/** "2024-11-21T10:05" in local time, as a datetime-local input wants it. */
function localInput(ms: number): string {
  const d = new Date(ms - new Date(ms).getTimezoneOffset() * 60_000);
  return d.toISOString().slice(0, 16);
}

export function PromHistoryForm() {
  const configured = useSlice(settingsStore, (s) => s.config.prometheus ?? '');
  const score = useSlice(scoreStore, (s) => s.active);
  const voices = useMemo(() => (score?.metrics ?? []).flatMap((m) => (metricNameOf(m) === undefined ? [] : [metricNameOf(m)!])), [score]);
  const [base, setBase] = useState(configured);
  const [from, setFrom] = useState(() => localInput(Date.now() - 3600_000));
  const [to, setTo] = useState(() => localInput(Date.now()));
  const [step, setStep] = useState('');
  const [queries, setQueries] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setMessage(null);
    try {
      const s = await historyScenario({
        baseUrl: base.trim(),
        start: new Date(from).getTime() / 1000,
        end: new Date(to).getTime() / 1000,
        ...(step.trim() !== '' && { step: Number(step) }),
        voices: Object.entries(queries).map(([name, promql]) => ({ name, promql })),
        fetch: (u, init) => fetch(u, init),
        signal: AbortSignal.timeout(30_000),
      });
      const alerts = new Set(s.events.flatMap((x) => (x.kind === 'alert' ? [x.name] : []))).size;
      startTraining(s);
      setMessage(`Rebuilt ${alerts} alert${alerts === 1 ? '' : 's'} and ${s.events.length} events. Press Play.`);
    } catch (err) {
      setMessage((err as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="panel" aria-labelledby="promhist-h">
      <h2 id="promhist-h">Replay from Prometheus</h2>
      <form className="prom-history" onSubmit={(e) => void submit(e)}>
        <label>
          Prometheus <input type="text" value={base} onChange={(e) => setBase(e.target.value)} placeholder="http://prometheus:9090 or /prometheus" required />
        </label>
        <label>
          From <input type="datetime-local" value={from} onChange={(e) => setFrom(e.target.value)} required />
        </label>
        <label>
          To <input type="datetime-local" value={to} onChange={(e) => setTo(e.target.value)} required />
        </label>
        <label>
          Step (s) <input type="number" min={1} value={step} onChange={(e) => setStep(e.target.value)} placeholder="auto" />
        </label>
        <fieldset>
          <legend>Metric voices (optional PromQL, first series; aggregate to one)</legend>
          {voices.map((v) => (
            <label key={v}>
              {v} <input type="text" value={queries[v] ?? ''} onChange={(e) => setQueries((q) => ({ ...q, [v]: e.target.value }))} placeholder={`e.g. avg(${v === 'cpu' ? 'rate(node_cpu_seconds_total{mode!="idle"}[1m])' : `sp_demo_${v}`})`} />
            </label>
          ))}
        </fieldset>
        <button type="submit" disabled={busy}>
          {busy ? 'Asking Prometheus…' : 'Rebuild the timeline'}
        </button>
      </form>
      <p className="hint">The page may only reach this origin and the sources it was configured with (its Content-Security-Policy): use the console's own Prometheus, or a same-origin path to it.</p>
      {message && <p role="status">{message}</p>}
    </section>
  );
}
