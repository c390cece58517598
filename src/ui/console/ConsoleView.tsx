import { AlertList } from './AlertList';
import { ConfigErrors } from './ConfigErrors';
import { Header } from './Header';
import { IngestPanel } from './IngestPanel';
import { MetricList } from './MetricList';
import { SparklinesPanel, TimelinePanel } from '../prom/ChartsPanel';
import { ScoreEditorSlot } from '../sound/ScoreEditorSlot';
import { SoundPanel } from '../sound/SoundPanel';

export function ConsoleView() {
  return (
    <>
      <Header />
      <ConfigErrors />
      <main className="console">
        <ScoreEditorSlot />
        <section className="panel alerts-panel" aria-labelledby="alerts-h">
          <h2 id="alerts-h">Alerts</h2>
          <AlertList />
          <TimelinePanel />
        </section>
        <aside className="side">
          <section className="panel" aria-labelledby="sound-h">
            <h2 id="sound-h">Sound</h2>
            <SoundPanel />
          </section>
          <section className="panel" aria-labelledby="metrics-h">
            <h2 id="metrics-h">Metric voices</h2>
            <MetricList />
          </section>
          <SparklinesPanel />
          <section className="panel" aria-labelledby="ingest-h">
            <h2 id="ingest-h">Input</h2>
            <IngestPanel />
          </section>
        </aside>
      </main>
    </>
  );
}
