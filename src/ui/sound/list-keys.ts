// Arrow keys, Home and End move between the focusable rows of a list.
import type { KeyboardEvent } from 'react';

export function onRowKeys(e: KeyboardEvent<HTMLElement>): void {
  const row = (e.target as HTMLElement).closest<HTMLElement>('[data-row]');
  if (!row || row !== e.target) return; // keys inside a row's buttons stay theirs
  const rows = [...e.currentTarget.querySelectorAll<HTMLElement>('[data-row]')];
  const i = rows.indexOf(row);
  const next = { ArrowDown: i + 1, ArrowUp: i - 1, Home: 0, End: rows.length - 1 }[e.key];
  if (next === undefined || !rows[next]) return;
  e.preventDefault();
  rows[next].focus();
}
