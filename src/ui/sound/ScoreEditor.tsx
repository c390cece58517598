// The score editor: the YAML in force, validated as you type. A valid edit plays
// at once (live preview); Save keeps it in the browser; Reset returns to a preset.
// An invalid edit lists its errors by line and field, and the last good score
// keeps playing. A chunk of its own (with the YAML parser and zod), loaded by
// ScoreEditorSlot when first opened.
import { useEffect, useRef, useState } from 'react';
import type { KeyboardEvent } from 'react';
import { PRESETS, PRESET_NAMES, applyScoreResult, choosePreset, saveCustomScore } from '../../app/score-loader';
import type { PresetName } from '../../app/score-loader';
import type { ScoreError } from '../../domain/score/parse';
import { formatScoreError, parseScore } from '../../domain/score/parse';
import { scoreStore } from '../../store/score';
import { announce } from '../../store/sounds';
import { useSlice } from '../hooks';
import { closeEditor } from './ui-state';

/** Typing pauses this long before an edit is checked and played. */
export const PREVIEW_DELAY_MS = 300;

function offsetOfLine(text: string, line: number): number {
  let at = 0;
  for (let n = 1; n < line; n++) {
    const nl = text.indexOf('\n', at);
    if (nl < 0) break;
    at = nl + 1;
  }
  return at;
}

export function ScoreEditor() {
  const active = useSlice(scoreStore, (s) => s.text);
  const playing = useSlice(scoreStore, (s) => s.active?.name ?? '');
  const [draft, setDraft] = useState(active);
  const [errors, setErrors] = useState<readonly ScoreError[]>([]);
  const [saved, setSaved] = useState(false);
  const [reset, setReset] = useState<PresetName>('ambient');
  const area = useRef<HTMLTextAreaElement>(null);
  const gutter = useRef<HTMLPreElement>(null);
  const mine = useRef(active);

  // A score put in force elsewhere (a preset key) replaces the draft.
  useEffect(() => {
    if (active !== mine.current) {
      mine.current = active;
      setDraft(active);
      setErrors([]);
    }
  }, [active]);

  useEffect(() => {
    const t = setTimeout(() => {
      const r = parseScore(draft);
      setErrors(r.ok ? [] : r.errors);
      if (r.ok && draft !== scoreStore.getState().text) {
        mine.current = draft;
        applyScoreResult(draft, r, 'custom');
        setSaved(false);
      }
    }, PREVIEW_DELAY_MS);
    return () => clearTimeout(t);
  }, [draft]);

  useEffect(() => area.current?.focus(), []);

  const goTo = (line: number) => {
    const el = area.current;
    if (!el || line < 1) return;
    const at = offsetOfLine(el.value, line);
    el.focus();
    el.setSelectionRange(at, at);
  };
  const save = () => {
    saveCustomScore(draft);
    setSaved(true);
    announce(`score ${playing} saved in this browser`);
  };
  const doReset = () => {
    choosePreset(reset);
    mine.current = PRESETS[reset];
    setDraft(PRESETS[reset]);
    setErrors([]);
    announce(`score reset to ${reset}`);
  };
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape') {
      e.stopPropagation();
      closeEditor();
    } else if (e.key === 's' && (e.ctrlKey || e.metaKey) && errors.length === 0) {
      e.preventDefault();
      save();
    }
  };
  const valid = errors.length === 0;
  const lines = draft.split('\n').length;
  const bad = new Set(errors.map((e) => e.line));
  return (
    <section className="panel editor-panel" aria-labelledby="editor-h" onKeyDown={onKeyDown}>
      <div className="editor-head">
        <h2 id="editor-h">Score editor</h2>
        <span className={valid ? 'editor-status ok' : 'editor-status bad'} role="status" data-valid={valid}>
          {valid
            ? `valid — playing “${playing}” (live preview${saved ? ', saved' : ''})`
            : `${errors.length} ${errors.length === 1 ? 'error' : 'errors'} — still playing “${playing}”`}
        </span>
        <button type="button" onClick={closeEditor} aria-label="Close the score editor" title="Close (Esc)">
          Close
        </button>
      </div>
      <div className="score-edit">
        {/* Line numbers, so "line 7" can be found by eye; scrolled with the text. */}
        <pre ref={gutter} className="score-gutter" aria-hidden="true">
          {Array.from({ length: lines }, (_, i) => (
            <span key={i} className={bad.has(i + 1) ? 'bad' : undefined}>
              {i + 1}
              {'\n'}
            </span>
          ))}
        </pre>
        <textarea
          ref={area}
          className="score-text"
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
          onScroll={(e) => gutter.current && (gutter.current.scrollTop = e.currentTarget.scrollTop)}
          wrap="off"
          spellCheck={false}
          rows={22}
          aria-label="Score (YAML)"
          aria-invalid={!valid}
          aria-describedby="score-errors"
          data-testid="score-text"
        />
      </div>
      <ul id="score-errors" className="score-errors" aria-label="Score errors">
        {errors.map((e, i) => (
          <li key={i}>
            <button type="button" className="link" onClick={() => goTo(e.line)} disabled={e.line < 1}>
              {formatScoreError(e)}
            </button>
          </li>
        ))}
      </ul>
      <div className="editor-actions">
        <button type="button" onClick={save} disabled={!valid} title="Keep this score in the browser (Ctrl+S)" data-act="save-score">
          Save
        </button>
        <span className="reset">
          <label htmlFor="reset-preset">Reset to</label>
          <select id="reset-preset" value={reset} onChange={(e) => setReset(e.target.value as PresetName)}>
            {PRESET_NAMES.map((p) => (
              <option key={p} value={p}>
                {p}
              </option>
            ))}
          </select>
          <button type="button" onClick={doReset} data-act="reset-score">
            Reset
          </button>
        </span>
        <span className="hint">Valid edits play at once; Save keeps them after a reload.</span>
      </div>
    </section>
  );
}
