// The header's link between the console and its Health view. A real link (so it
// can be opened in a new tab), but a plain click switches without a reload.
import type { MouseEvent } from 'react';
import { showView, viewHref, viewStore } from './view';
import { useSlice } from './hooks';
import './ViewToggle.css';

export function ViewToggle() {
  const view = useSlice(viewStore, (s) => s.view);
  const other = view === 'health' ? 'console' : 'health';
  const onClick = (e: MouseEvent<HTMLAnchorElement>) => {
    if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    showView(other);
  };
  return (
    <a className="view-toggle" href={viewHref(other)} onClick={onClick} data-view-link={other} title="Switch view (h)">
      {other === 'health' ? 'Health' : 'Console'}
    </a>
  );
}
