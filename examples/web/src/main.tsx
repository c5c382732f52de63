import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { loadDemoConfig } from './demo-config';
import './styles.css';

/** StrictMode on purpose: the flow must register and start once even when React mounts twice. */
async function boot() {
  const root = document.getElementById('root');
  if (!root) throw new Error('index.html has no #root');
  const config = await loadDemoConfig();
  createRoot(root).render(
    <StrictMode>
      <App config={config} />
    </StrictMode>,
  );
}

void boot();
