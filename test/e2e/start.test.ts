import { spawn } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { freePort, ROOT, waitFor } from '../support/cli.ts';

interface Health {
  status: string;
  backend: string;
  products: number;
  demo?: { state: string; done: number; total: number };
}

describe('npm start on an empty data folder', () => {
  it('answers /health with the embedded backend and demo products within 90 s', async () => {
    const port = await freePort();
    const dataDir = await mkdtemp(join(tmpdir(), 'eohub-start-'));
    // Exactly the README's command, in its own process group so that npm and the hub stop together.
    const child = spawn('npm', ['start', '--silent'], {
      cwd: ROOT,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      // The S3 API takes a free port too: 8081 may be held by another server on the machine.
      env: { ...process.env, EOHUB_DATA_DIR: dataDir, EOHUB_PORT: String(port), EOHUB_S3_PORT: String(await freePort()), EOHUB_LOG_LEVEL: 'warn' },
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    try {
      const started = Date.now();
      const first = await waitFor<Health>(`http://127.0.0.1:${port}/health`, (h) => h.products > 0, 90_000);
      expect(Date.now() - started).toBeLessThan(90_000);
      expect(first).toMatchObject({ status: 'ok', backend: 'pglite' });
      // The whole demo lands too (about a thousand products of every mission).
      const done = await waitFor<Health>(`http://127.0.0.1:${port}/health`, (h) => h.demo?.state !== 'loading', 240_000);
      expect(done.demo).toMatchObject({ state: 'done', done: 1000, total: 1000 });
      expect(done.products).toBe(1000);
      expect(output).toMatch(/opening the embedded \(PGlite \+ PostGIS\) database/);
    } finally {
      if (child.pid) process.kill(-child.pid, 'SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
  }, 360_000);
});
