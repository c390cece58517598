// The Sound panel: preset, master volume, mixer, snoozes, quiet hours, speech,
// and what was heard last (the visual mirror for anyone who missed a sound).
import { PRESETS, PRESET_NAMES } from '../../app/score-loader';
import { VERBOSITIES } from '../../audio/speech';
import type { Verbosity } from '../../audio/speech';
import { formatScoreError } from '../../domain/score/score-error';
import { scoreStore } from '../../store/score';
import { setMasterVolume, settingsStore } from '../../store/settings';
import { soundsStore, type SoundsState } from '../../store/sounds';
import { setVerbosity, speechStore } from '../../store/speech';
import { runAction } from '../actions';
import { useSlice, useThrottledSlice } from '../hooks';
import { AttentionControls } from './AttentionControls';
import { hhmmss } from '../time';
import { Mixer } from './Mixer';
import { soundUiStore } from './ui-state';
import './sound.css';

const VERBOSITY_LABELS: Record<Verbosity, string> = { off: 'Off', critical: 'Critical only', all: 'All' };

function Presets() {
  const text = useSlice(scoreStore, (s) => s.text);
  const name = useSlice(scoreStore, (s) => s.active?.name ?? '');
  const origin = useSlice(scoreStore, (s) => s.origin);
  const editorOpen = useSlice(soundUiStore, (s) => s.editorOpen);
  const preset = PRESET_NAMES.find((p) => PRESETS[p] === text);
  return (
    <div className="row presets" role="group" aria-labelledby="presets-l">
      <span id="presets-l" className="row-label">Score</span>
      {PRESET_NAMES.map((p, i) => (
        <button key={p} type="button" aria-pressed={p === preset} onClick={() => runAction(`preset-${p}`)} title={`${p} (${i + 1})`} data-preset={p}>
          {p}
        </button>
      ))}
      {!preset && (
        <span className="custom-score" data-score-name={name}>
          {name} <span className="hint">({origin})</span>
        </span>
      )}
      <button type="button" className="edit-score" aria-pressed={editorOpen} onClick={() => runAction('score-editor')} title="Score editor (e)">
        Edit…
      </button>
    </div>
  );
}

function ScoreErrors() {
  const errors = useSlice(scoreStore, (s) => s.errors);
  const editorOpen = useSlice(soundUiStore, (s) => s.editorOpen);
  if (errors.length === 0 || editorOpen) return null;
  return (
    <ul className="score-errors" aria-label="Score problems">
      {errors.slice(0, 5).map((e, i) => (
        <li key={i}>{formatScoreError(e)}</li>
      ))}
    </ul>
  );
}

function MasterVolume() {
  const volume = useSlice(settingsStore, (s) => s.masterVolume);
  const pct = Math.round(volume * 100);
  return (
    <div className="row master">
      <label htmlFor="master-volume" className="row-label">
        Master
      </label>
      <button type="button" aria-pressed={volume === 0} onClick={() => runAction('toggle-mute')} title="Mute everything (m)" data-act="master-mute">
        {volume === 0 ? 'Unmute' : 'Mute'}
      </button>
      <input id="master-volume" type="range" min={0} max={100} step={5} value={pct} onChange={(e) => setMasterVolume(Number(e.target.value) / 100)} aria-valuetext={`${pct}%`} title="Master volume (+ / -)" />
      <span className="strip-value" aria-hidden="true">
        {pct}%
      </span>
    </div>
  );
}

function Speech() {
  const verbosity = useSlice(speechStore, (s) => s.verbosity);
  const available = useSlice(speechStore, (s) => s.available);
  return (
    <div className="row speech" role="radiogroup" aria-labelledby="speech-l">
      <span id="speech-l" className="row-label" title="Speech verbosity (v)">
        Speech
      </span>
      {VERBOSITIES.map((v) => (
        <label key={v} className="check">
          <input type="radio" name="speech" value={v} checked={verbosity === v} onChange={() => setVerbosity(v)} />
          {VERBOSITY_LABELS[v]}
        </label>
      ))}
      {!available && <span className="hint">this browser cannot speak</span>}
    </div>
  );
}

const selectRecent = (s: SoundsState) => s.recent;

function LastHeard() {
  // At most 4 redraws a second: a storm plays ~24 sounds a second, each would re-lay out the panel.
  const recent = useThrottledSlice(soundsStore, selectRecent, 250);
  if (recent.length === 0) return <p className="hint last-heard-empty">Nothing heard yet.</p>;
  return (
    <ol className="last-heard" aria-label="Last heard">
      {recent.slice(0, 4).map((e) => (
        <li key={e.seq} className={`heard ch-${e.channel}`} data-channel={e.channel}>
          <time dateTime={new Date(e.at).toISOString()}>{hhmmss(e.at)}</time>
          <span>{e.text}</span>
        </li>
      ))}
    </ol>
  );
}

export function SoundPanel() {
  return (
    <div className="sound-panel">
      <Presets />
      <ScoreErrors />
      <MasterVolume />
      <Mixer />
      <AttentionControls />
      <Speech />
      <h3 className="sub-h">Last heard</h3>
      <LastHeard />
    </div>
  );
}
