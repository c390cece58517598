// Where the score editor sits in the console. The editor is a chunk of its own (it
// brings the YAML parser and zod); it is fetched ahead after start-up, so opening it
// is instant, and opening it sooner simply loads it then.
import { Suspense, lazy, useEffect, useRef } from 'react';
import { afterStartup } from '../after-start';
import { useSlice } from '../hooks';
import { soundUiStore } from './ui-state';

const loadEditor = () => import('./ScoreEditor');
const ScoreEditor = lazy(() => loadEditor().then((m) => ({ default: m.ScoreEditor })));

/** The editor when open; closing it returns focus to its button. */
export function ScoreEditorSlot() {
  const open = useSlice(soundUiStore, (s) => s.editorOpen);
  const wasOpen = useRef(open);
  useEffect(() => void afterStartup().then(loadEditor), []);
  useEffect(() => {
    if (wasOpen.current && !open) document.querySelector<HTMLElement>('.edit-score')?.focus();
    wasOpen.current = open;
  }, [open]);
  return open ? (
    <Suspense fallback={<section className="panel editor-panel"><p className="empty">Loading the score editor…</p></section>}>
      <ScoreEditor />
    </Suspense>
  ) : null;
}
