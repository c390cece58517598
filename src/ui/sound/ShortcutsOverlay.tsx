// The '?' overlay: every registered action and its key, read from the registry.
// A modal dialog: focus moves in, stays in (Tab wraps), Esc closes, focus returns.
import { useEffect, useRef } from 'react';
import type { KeyboardEvent } from 'react';
import type { Action } from '../actions';
import { ACTIONS } from '../actions';
import { useSlice } from '../hooks';
import { closeShortcuts, soundUiStore } from './ui-state';
import './sound.css';

const KEY_NAMES: Record<string, string> = { ' ': 'Space', '?': '?', '+': '+', '-': '−' };

function keyName(k: string): string {
  if (KEY_NAMES[k]) return KEY_NAMES[k];
  return k.length === 1 && k !== k.toLowerCase() ? `Shift+${k}` : k;
}

/** The registry as a table: one row per action, its key first. */
export function ShortcutList({ actions }: { actions: readonly Action[] }) {
  return (
    <table>
      <thead>
        <tr>
          <th scope="col">Key</th>
          <th scope="col">Action</th>
        </tr>
      </thead>
      <tbody>
        {actions.map((a) => (
          <tr key={a.id} data-action={a.id}>
            <td>
              <kbd>{keyName(a.key)}</kbd>
            </td>
            <td>{a.label}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const FOCUSABLE = 'button, [href], input, select, textarea, [tabindex]:not([tabindex="-1"])';

export function ShortcutsOverlay() {
  const open = useSlice(soundUiStore, (s) => s.shortcutsOpen);
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = dialog.current;
    if (!d || !open) return;
    const opener = document.activeElement as HTMLElement | null;
    if (!d.open) d.showModal();
    d.querySelector<HTMLElement>('.close')?.focus();
    return () => {
      if (d.open) d.close();
      opener?.focus?.();
    };
  }, [open]);

  const onKeyDown = (e: KeyboardEvent<HTMLDialogElement>) => {
    // While open, keys belong to the dialog: no shortcut fires behind it.
    e.stopPropagation();
    if (e.key === 'Escape' || e.key === '?') {
      e.preventDefault();
      closeShortcuts();
    } else if (e.key === 'Tab') {
      const els = [...e.currentTarget.querySelectorAll<HTMLElement>(FOCUSABLE)];
      const first = els[0];
      const last = els[els.length - 1];
      if (!first || !last) return;
      if (e.shiftKey && document.activeElement === first) {
        e.preventDefault();
        last.focus();
      } else if (!e.shiftKey && document.activeElement === last) {
        e.preventDefault();
        first.focus();
      }
    }
  };

  return (
    <dialog ref={dialog} className="shortcuts" aria-labelledby="shortcuts-h" onKeyDown={onKeyDown} onCancel={(e) => (e.preventDefault(), closeShortcuts())}>
      {open && (
        <>
          <div className="dialog-head">
            <h2 id="shortcuts-h">Keyboard shortcuts</h2>
            <button type="button" className="close" onClick={closeShortcuts} aria-label="Close (Esc)">
              Close
            </button>
          </div>
          <ShortcutList actions={ACTIONS} />
          <p className="hint">
            Tab moves between controls; ↑ ↓ move between alerts. Keys do nothing while you type in a field. Esc closes.
          </p>
        </>
      )}
    </dialog>
  );
}
