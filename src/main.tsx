import { createRoot } from 'react-dom/client';
import { boot } from './app/boot';
import { App } from './ui/App';
import './ui/styles.css';

const root = document.getElementById('root');
if (root) createRoot(root).render(<App />);
void boot();
