import { INCIDENT_SECONDS } from '../../../scripts/lib/incident.mjs';
import { canDrill, startDrill, stopDrill } from '../../app/incident';
import { drillStore } from '../../store/drill';
import { settingsStore } from '../../store/settings';
import { useSlice } from '../hooks';

/** Plays the scripted incident against the local stack (the console's proxy must allow it). */
export function IncidentDrill() {
  const config = useSlice(settingsStore, (s) => s.config);
  const drill = useSlice(drillStore, (s) => s);
  if (!canDrill(config)) return null;
  return (
    <div className="drill" data-drill={drill.running ? 'running' : 'idle'}>
      {drill.running ? (
        <button type="button" onClick={stopDrill}>
          Stop incident drill
        </button>
      ) : (
        <button type="button" onClick={() => startDrill(config)} title={`Pushes a scripted incident (about ${Math.round(INCIDENT_SECONDS / 60)} minutes) to the Pushgateway; real Prometheus rules go pending, fire and resolve`}>
          Run incident drill
        </button>
      )}
      {drill.running && drill.step && <span className="drill-step">{drill.step}</span>}
      {drill.error && <span className="drill-error" role="status">{drill.error}</span>}
    </div>
  );
}
