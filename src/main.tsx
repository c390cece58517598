import { createRoot } from 'react-dom/client';
import { boot } from './app/boot';
import { PRESETS } from './app/score-loader';
import { parseScore } from './domain/score/parse';
import { App } from './ui/App';
import './ui/styles.css';

// Offline rendering for tests and tools, loaded only when first used. The parser and
// presets are in the main bundle already (a lazy import of them would only warn).
window.singingPager = {
  renderOffline: (req) => import('./audio/offline').then((m) => m.renderOffline(req)),
  encodeWav: (data, rate) => import('./audio/wav').then((m) => m.encodeWav(data, rate)),
  parseScore: (text) => Promise.resolve(parseScore(text)),
  presets: () => Promise.resolve({ ...PRESETS }),
};

const root = document.getElementById('root');
if (root) createRoot(root).render(<App />);
void boot();
