// Per-voice mute, solo and volume. Each strip glows when its voice sounds.
import { channelIds } from '../../app/mixer';
import { DEFAULT_CHANNEL } from '../../domain/mixer';
import { mixerStore, setChannelGain, toggleMute, toggleSolo } from '../../store/mixer';
import { scoreStore } from '../../store/score';
import { ACTIONS, runAction } from '../actions';
import { useSlice } from '../hooks';
import { usePulse } from './pulse';

const NAMES: Record<string, string> = { critical: 'Critical', warning: 'Warning', info: 'Info', clear: 'Resolved', system: 'System', storm: 'Storm' };

export function channelName(id: string): string {
  return NAMES[id] ?? (id.startsWith('metric:') ? id.slice('metric:'.length) : id);
}

/** The key of a registered action, for titles: "(c)". */
function keyOf(id: string): string {
  const k = ACTIONS.find((a) => a.id === id)?.key;
  return k ? ` (${k})` : '';
}

function Strip({ id, anySolo }: { id: string; anySolo: boolean }) {
  const c = useSlice(mixerStore, (s) => s.channels[id]) ?? DEFAULT_CHANNEL;
  const ref = usePulse<HTMLLIElement>((s) => (id.startsWith('metric:') ? undefined : s.lastByChannel[id]));
  const name = channelName(id);
  const silenced = c.muted || (anySolo && !c.solo);
  const hasAction = ACTIONS.some((a) => a.id === `mute-${id}`);
  // Channels with a key go through their registered action, so button and key agree.
  const mute = () => (hasAction ? runAction(`mute-${id}`) : toggleMute(id));
  const solo = () => (hasAction ? runAction(`solo-${id}`) : toggleSolo(id));
  return (
    <li ref={ref} className={`strip pulsable ch-${id.replace(':', '-')}${silenced ? ' silenced' : ''}`} data-channel={id}>
      <span className="strip-name" title={name}>
        {name}
      </span>
      <button type="button" className="mute" aria-pressed={c.muted} onClick={mute} aria-label={`Mute ${name}`} title={`Mute${keyOf(`mute-${id}`)}`} data-act="mute">
        M
      </button>
      <button type="button" className="solo" aria-pressed={c.solo} onClick={solo} aria-label={`Solo ${name}`} title={`Solo${keyOf(`solo-${id}`)}`} data-act="solo">
        S
      </button>
      <input
        type="range"
        min={0}
        max={200}
        step={5}
        value={Math.round(c.gain * 100)}
        onChange={(e) => setChannelGain(id, Number(e.target.value) / 100)}
        aria-label={`${name} volume`}
        aria-valuetext={`${Math.round(c.gain * 100)}%`}
      />
      <span className="strip-value" aria-hidden="true">
        {Math.round(c.gain * 100)}%
      </span>
    </li>
  );
}

export function Mixer() {
  useSlice(scoreStore, (s) => s.active); // the channels follow the score's metric voices
  const channels = useSlice(mixerStore, (s) => s.channels);
  const ids = channelIds();
  const anySolo = ids.some((id) => channels[id]?.solo);
  const metrics = ids.filter((id) => id.startsWith('metric:'));
  const earcons = ids.filter((id) => !id.startsWith('metric:'));
  return (
    <div className="mixer">
      <ul aria-label="Mixer: alert voices">
        {earcons.map((id) => (
          <Strip key={id} id={id} anySolo={anySolo} />
        ))}
      </ul>
      {metrics.length > 0 && (
        <>
          <h4 className="mixer-sub" aria-hidden="true">
            metric voices
          </h4>
          <ul aria-label="Mixer: metric voices">
            {metrics.map((id) => (
              <Strip key={id} id={id} anySolo={anySolo} />
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
