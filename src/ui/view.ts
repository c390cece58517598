// Which view is on screen, kept in the URL (?view=health) so a kiosk can be
// bookmarked on either. Switching uses history, never a reload: a reload would
// restart the sources and the audio.
import { createStore } from 'zustand/vanilla';
import type { View } from '../domain/url-state';
import { decodeView, withView } from '../domain/url-state';

export const viewStore = createStore<{ view: View }>()(() => ({
  view: typeof location === 'undefined' ? 'console' : decodeView(location.search),
}));

/** Absolute, so a path such as "//" can never read as another host. */
export function viewHref(view: View): string {
  const u = new URL(location.href);
  u.search = withView(location.search, view);
  u.hash = '';
  return u.href;
}

export function showView(view: View): void {
  if (viewStore.getState().view === view) return;
  history.pushState(null, '', viewHref(view));
  viewStore.setState({ view });
}

export function toggleView(): void {
  showView(viewStore.getState().view === 'health' ? 'console' : 'health');
}

/** Back and forward move between views. Returns the remover. */
export function followHistory(target: Window = window): () => void {
  const onPop = () => viewStore.setState({ view: decodeView(location.search) });
  target.addEventListener('popstate', onPop);
  return () => target.removeEventListener('popstate', onPop);
}
