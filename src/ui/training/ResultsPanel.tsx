// Quiz results kept in this browser, exportable as JSON.
import { clearResults, exportResults } from '../../app/training-control';
import { resultsStore } from '../../store/training-results';
import { useSlice } from '../hooks';
import { hhmm } from '../time';
import { seconds } from './format';

export function ResultsPanel() {
  const results = useSlice(resultsStore, (s) => s.results);
  return (
    <section className="panel" aria-labelledby="results-h">
      <h2 id="results-h">Quiz results</h2>
      {results.length === 0 ? (
        <p className="empty">No quiz taken in this browser yet.</p>
      ) : (
        <>
          <table className="quiz-table results">
            <tbody>
              {results.slice(0, 20).map((r) => (
                <tr key={`${r.at}-${r.scenarioId}`} data-result={r.scenarioId}>
                  <td>
                    {new Date(r.at).toLocaleDateString()} {hhmm(r.at)}
                  </td>
                  <td>{r.title}</td>
                  <td>
                    {r.points}/{r.maxPoints} ({r.percent}%)
                  </td>
                  <td>{r.meanDetectionMs !== undefined ? seconds(r.meanDetectionMs) : '—'}</td>
                  <td>{r.speed}×</td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="row">
            <button type="button" onClick={exportResults} data-act="export-results">
              Export results (JSON)
            </button>
            <button type="button" onClick={() => clearResults()}>
              Clear
            </button>
          </div>
        </>
      )}
    </section>
  );
}
