// Which of the sound controls' overlays are open. UI-only state.
import { createStore } from 'zustand/vanilla';

export interface SoundUiState {
  readonly shortcutsOpen: boolean;
  readonly editorOpen: boolean;
}

export const soundUiStore = createStore<SoundUiState>()(() => ({ shortcutsOpen: false, editorOpen: false }));

export const toggleShortcuts = () => soundUiStore.setState((s) => ({ shortcutsOpen: !s.shortcutsOpen }));
export const closeShortcuts = () => soundUiStore.setState({ shortcutsOpen: false });
export const toggleEditor = () => soundUiStore.setState((s) => ({ editorOpen: !s.editorOpen }));
export const closeEditor = () => soundUiStore.setState({ editorOpen: false });
