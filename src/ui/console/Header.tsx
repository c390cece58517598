import type { SourceId } from '../../domain/events';
import { connectionsStore } from '../../store/connections';
import type { ConnectionInfo } from '../../store/connections';
import { settingsStore } from '../../store/settings';
import { runAction } from '../actions';
import { useSlice } from '../hooks';
import { ViewToggle } from '../ViewToggle';
import { TrainingLink } from '../training/TrainingLink';

const SOURCE_LABELS: Record<SourceId, string> = {
  mqtt: 'MQTT',
  demo: 'Demo',
  prometheus: 'Prometheus',
  alertmanager: 'Alertmanager',
  replay: 'Replay',
};

function statusText(c: ConnectionInfo): string {
  if (c.status === 'retrying') return `retrying (${c.attempt})`;
  if (c.status === 'down') return `down (${c.attempt} attempts)`;
  return c.status;
}

function ConnectionPill({ id, info }: { id: SourceId; info: ConnectionInfo }) {
  const title = [info.url, info.error].filter(Boolean).join(' — ');
  return (
    <li className={`pill status-${info.status}${info.stale ? ' stale' : ''}`} title={title} data-source={id} data-status={info.status} data-stale={info.stale ? 'true' : undefined}>
      <span className="dot" aria-hidden="true" />
      {SOURCE_LABELS[id]}: {statusText(info)}
      {info.stale && <span className="stale-tag"> · stale</span>}
    </li>
  );
}

function AudioControl() {
  const audio = useSlice(settingsStore, (s) => s.audio);
  const error = useSlice(settingsStore, (s) => s.audioError);
  const volume = useSlice(settingsStore, (s) => s.masterVolume);
  if (audio === 'running') {
    return (
      <div className="audio-control" data-audio="running">
        <span className="sound-on">♪ sound on</span>
        <button type="button" onClick={() => runAction('toggle-mute')} aria-pressed={volume === 0} title="Mute (m)">
          {volume === 0 ? 'Unmute' : 'Mute'}
        </button>
      </div>
    );
  }
  if (audio === 'starting') return <div className="audio-control">starting audio…</div>;
  return (
    <div className="audio-control" data-audio={audio}>
      <button type="button" className="enable-sound" onClick={() => runAction('enable-sound')}>
        Enable sound
      </button>
      {error && <span className="audio-error" role="status">{error}</span>}
    </div>
  );
}

export function Header() {
  const sources = useSlice(connectionsStore, (s) => s.sources);
  // The demo source is what plays (boot starts it for ?source=demo or with no feed and no replay).
  const demo = 'demo' in sources;
  return (
    <header className="top">
      <h1>
        Singing Pager{demo && <span className="demo-badge" title="Simulated telemetry, not a real system">DEMO DATA</span>}
      </h1>
      <ul className="connections" aria-label="Sources">
        {(Object.entries(sources) as [SourceId, ConnectionInfo][]).map(([id, info]) => (
          <ConnectionPill key={id} id={id} info={info} />
        ))}
      </ul>
      <ViewToggle />
      <TrainingLink />
      <button type="button" className="keys-button" onClick={() => runAction('shortcuts')} aria-keyshortcuts="?" title="Keyboard shortcuts (?)">
        Keys ?
      </button>
      <AudioControl />
    </header>
  );
}
