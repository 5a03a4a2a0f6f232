/**
 * The web portal's built files: where they are (web/dist, made by Vite from web/) and building them when
 * they are missing or older than their sources, so that a fresh clone works with `npm install && npm start`
 * and `npm test` alone. Owns no tables; the portal itself talks only to the public APIs.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';

export const REPO_ROOT = join(import.meta.dirname, '..', '..');
export const PORTAL_SOURCE_DIR = join(REPO_ROOT, 'web');
export const PORTAL_DIST_DIR = join(PORTAL_SOURCE_DIR, 'dist');

/** Newest modification time (ms) of the portal's sources and build configuration. */
async function newestSourceMs(dir: string): Promise<number> {
  let newest = 0;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (entry.name === 'dist' || entry.name === 'node_modules') continue;
    const path = join(dir, entry.name);
    const ms = entry.isDirectory() ? await newestSourceMs(path) : (await stat(path)).mtimeMs;
    newest = Math.max(newest, ms);
  }
  return newest;
}

/** True when web/dist is missing or older than anything under web/. */
export async function isPortalBuildStale(): Promise<boolean> {
  const index = join(PORTAL_DIST_DIR, 'index.html');
  if (!existsSync(index)) return true;
  const builtMs = (await stat(index)).mtimeMs;
  return (await newestSourceMs(PORTAL_SOURCE_DIR)) > builtMs;
}

/**
 * Runs `vite build` on web/ in a child process (Vite is a development dependency: an install without
 * it cannot build, and says so). Resolves when the build is written.
 */
export function buildPortal(): Promise<void> {
  let viteBin: string;
  try {
    viteBin = join(createRequire(import.meta.url).resolve('vite/package.json'), '..', 'bin', 'vite.js');
  } catch {
    return Promise.reject(new Error('the portal is not built and Vite is not installed (run `npm install` with development dependencies)'));
  }
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [viteBin, 'build', '--logLevel', 'warn'], {
      cwd: PORTAL_SOURCE_DIR,
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`vite build of the portal exited with ${String(code)}`))));
  });
}

/** Builds the portal if its output is missing or stale; true when it built. */
export async function ensurePortalBuilt(): Promise<boolean> {
  if (!(await isPortalBuildStale())) return false;
  await buildPortal();
  return true;
}
