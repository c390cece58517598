import { createRoot } from 'react-dom/client';
import { boot } from './app/boot';
import { PRESETS, loadScoreParser } from './app/score-loader';
import { App } from './ui/App';
import './ui/styles.css';

// Offline rendering for tests and tools, loaded only when first used (the parser too:
// the presets are compiled at build time, so the first screen does without it).
window.singingPager = {
  renderOffline: (req) => import('./audio/offline').then((m) => m.renderOffline(req)),
  encodeWav: (data, rate) => import('./audio/wav').then((m) => m.encodeWav(data, rate)),
  parseScore: (text) => loadScoreParser().then((parse) => parse(text)),
  presets: () => Promise.resolve({ ...PRESETS }),
};

const root = document.getElementById('root');
if (root) createRoot(root).render(<App />);
void boot();
