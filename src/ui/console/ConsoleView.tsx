import { AlertList } from './AlertList';
import { ConfigErrors } from './ConfigErrors';
import { Header } from './Header';
import { IngestPanel } from './IngestPanel';
import { MetricList } from './MetricList';

export function ConsoleView() {
  return (
    <>
      <Header />
      <ConfigErrors />
      <main className="console">
        <section className="panel alerts-panel" aria-labelledby="alerts-h">
          <h2 id="alerts-h">Alerts</h2>
          <AlertList />
        </section>
        <aside className="side">
          <section className="panel" aria-labelledby="metrics-h">
            <h2 id="metrics-h">Metric voices</h2>
            <MetricList />
          </section>
          <section className="panel" aria-labelledby="ingest-h">
            <h2 id="ingest-h">Input</h2>
            <IngestPanel />
          </section>
        </aside>
      </main>
    </>
  );
}
