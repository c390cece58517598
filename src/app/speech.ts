// Connects the speaker to the browser's speech synthesiser and the persisted
// verbosity. Without the Web Speech API the setting stays, and nothing is said.
import type { Verbosity } from '../audio/speech';
import { Speaker, VERBOSITIES, isVerbosity } from '../audio/speech';
import { setVerbosity, speechStore } from '../store/speech';

const KEY = 'singing-pager.speech.v1';

let speaker: Speaker<SpeechSynthesisUtterance> | null = null;

export function loadSpeech(storage: Pick<Storage, 'getItem'> = localStorage): void {
  try {
    const v = storage.getItem(KEY);
    if (isVerbosity(v)) setVerbosity(v);
  } catch {
    /* storage blocked: the default (off) holds */
  }
}

/** Creates the speaker (when the browser can speak) and keeps the setting in the browser. */
export function startSpeech(storage: Pick<Storage, 'setItem'> = localStorage): () => void {
  const synth = typeof speechSynthesis === 'undefined' ? null : speechSynthesis;
  if (synth && typeof SpeechSynthesisUtterance === 'function') {
    speaker = new Speaker({
      synth,
      utterance: (text) => new SpeechSynthesisUtterance(text),
      timers: { setTimeout: (fn, ms) => setTimeout(fn, ms), clearTimeout: (h) => clearTimeout(h as number), now: () => performance.now() },
      verbosity: speechStore.getState().verbosity,
    });
    speechStore.setState({ available: true });
  }
  return speechStore.subscribe((s, prev) => {
    if (s.verbosity === prev.verbosity) return;
    speaker?.setVerbosity(s.verbosity);
    try {
      storage.setItem(KEY, s.verbosity);
    } catch {
      /* storage blocked: the setting holds for this session */
    }
  });
}

export function speakLabel(text: string, critical: boolean, delayMs: number): void {
  speaker?.say({ text, critical, delayMs });
}

export function cycleVerbosity(): Verbosity {
  const i = VERBOSITIES.indexOf(speechStore.getState().verbosity);
  const next = VERBOSITIES[(i + 1) % VERBOSITIES.length]!;
  setVerbosity(next);
  return next;
}
