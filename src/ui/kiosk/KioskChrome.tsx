// What kiosk mode adds around any view: the heartbeat the watchdog listens for, a
// banner when sound cannot start (with the exact Chromium flag that fixes it), and
// the controls, hidden until the pointer moves (or a key is pressed).
import { useEffect, useState } from 'react';
import { kioskBeat } from '../../app/kiosk';
import { AUTOPLAY_FLAG } from '../../app/kiosk-resume';
import { kioskStore } from '../../store/kiosk';
import type { AudioStatus } from '../../store/settings';
import { setMasterVolume, settingsStore } from '../../store/settings';
import { runAction } from '../actions';
import { useSlice } from '../hooks';
import { hhmm } from '../time';
import './kiosk-chrome.css';

export const CONTROLS_IDLE_MS = 3000;

function exitHref(): string {
  const u = new URL(location.href);
  u.searchParams.set('kiosk', '0');
  return u.href;
}

function AudioBanner() {
  const audio = useSlice(settingsStore, (s) => s.audio);
  const detail = useSlice(settingsStore, (s) => s.audioError);
  return <AudioBannerView audio={audio} detail={detail} />;
}

export function AudioBannerView({ audio, detail }: { audio: AudioStatus; detail: string | undefined }) {
  if (audio === 'running' || audio === 'starting') return null;
  return (
    <div className="kiosk-banner" role="alert" data-audio-banner={audio}>
      <span>
        <strong>No sound:</strong> {detail ?? 'the browser has not let audio start'}. For a kiosk, start Chromium with <code>{AUTOPLAY_FLAG}</code>
      </span>
      <button type="button" className="enable-sound" onClick={() => runAction('enable-sound')}>
        Enable sound
      </button>
    </div>
  );
}

function Controls({ shown }: { shown: boolean }) {
  const volume = useSlice(settingsStore, (s) => s.masterVolume);
  const audio = useSlice(settingsStore, (s) => s.audio);
  const wake = useSlice(kioskStore, (s) => s.wakeLock);
  const dog = useSlice(kioskStore, (s) => s.watchdog);
  const last = useSlice(kioskStore, (s) => s.lastReload);
  return (
    <div className={`kiosk-controls${shown ? ' shown' : ''}`} data-kiosk-controls={shown ? 'shown' : 'hidden'} aria-hidden={!shown}>
      {audio === 'running' ? (
        <button type="button" onClick={() => runAction('toggle-mute')} aria-pressed={volume === 0} tabIndex={shown ? 0 : -1}>
          {volume === 0 ? 'Unmute' : 'Mute'}
        </button>
      ) : (
        <button type="button" onClick={() => runAction('enable-sound')} tabIndex={shown ? 0 : -1}>
          Enable sound
        </button>
      )}
      <label className="kiosk-volume">
        Volume
        <input type="range" min={0} max={100} value={Math.round(volume * 100)} onChange={(e) => setMasterVolume(Number(e.target.value) / 100)} tabIndex={shown ? 0 : -1} />
      </label>
      <span className="kiosk-status">
        screen {wake === 'on' ? 'kept on' : wake} · watchdog {dog.status === 'ok' ? 'ok' : `${dog.status}: ${dog.reason}`}
        {last && ` · reloaded ${hhmm(last.at)} (${last.reason})`}
      </span>
      <a href={exitHref()} tabIndex={shown ? 0 : -1}>
        Leave kiosk
      </a>
    </div>
  );
}

export function KioskChrome() {
  const [shown, setShown] = useState(false);
  useEffect(() => {
    kioskBeat();
    const id = setInterval(kioskBeat, 1000);
    return () => clearInterval(id);
  }, []);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const wake = () => {
      setShown(true);
      document.documentElement.removeAttribute('data-kiosk-idle');
      clearTimeout(timer);
      timer = setTimeout(() => {
        setShown(false);
        document.documentElement.setAttribute('data-kiosk-idle', '');
      }, CONTROLS_IDLE_MS);
    };
    document.documentElement.setAttribute('data-kiosk-idle', '');
    window.addEventListener('pointermove', wake);
    window.addEventListener('keydown', wake);
    return () => {
      clearTimeout(timer);
      window.removeEventListener('pointermove', wake);
      window.removeEventListener('keydown', wake);
    };
  }, []);
  return (
    <>
      <AudioBanner />
      <Controls shown={shown} />
    </>
  );
}
