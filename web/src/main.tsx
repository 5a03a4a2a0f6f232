import { render } from 'preact';
import { fetchPortalConfig } from './api.ts';
import { App } from './app.tsx';
import './styles.css';

const root = document.getElementById('app');
// The configuration is asked for beside the first search, not before it: only the map and login need it.
if (root) render(<App config={fetchPortalConfig()} />, root);
