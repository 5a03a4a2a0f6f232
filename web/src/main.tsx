import { render } from 'preact';
import { fetchPortalConfig } from './api.ts';
import { App } from './app.tsx';
import './styles.css';

const root = document.getElementById('app');
if (root) {
  fetchPortalConfig().then(
    (config) => render(<App config={config} />, root),
    (error: unknown) => {
      root.textContent = `The portal could not load its configuration: ${String(error)}`;
    },
  );
}
