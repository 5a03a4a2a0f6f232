import { join } from 'node:path';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.ts';
import { buildHub } from '../../src/hub/index.ts';
import { registerLargeProduct } from '../download/helpers.ts';
import { cliDatabase, freePort, jsonLines, runEohub, startEohub, waitFor, waitForFile } from '../support/cli.ts';

/** Usage is recorded whatever the policy; a public one lets the anonymous download through. */
const USAGE_ENV = { EOHUB_ADMIN_PASSWORD: 'usage admin password', EOHUB_ACCESS_DEFAULT_POLICY: 'public' };

/** Two downloads by una and one anonymous, through a hub built on the CLI's database as `serve` would. */
async function seedDownloads(env: NodeJS.ProcessEnv): Promise<number> {
  const hub = await buildHub(loadConfig({ env, overrides: { demo: { onEmptyStart: false } } }), { log: pino({ level: 'silent' }) });
  try {
    const product = await registerLargeProduct(hub.deps.db, hub.deps.stores, { fileCount: 1, fileBytes: 5000 });
    await hub.deps.auth.users.addUser({ username: 'una', password: 'una password 12' });
    const key = (await hub.deps.auth.users.createApiKey('una', 'test')).key;
    const url = `/odata/v1/Products(${product.id})/$value`;
    for (const headers of [{ 'x-api-key': key }, { 'x-api-key': key }, {}]) {
      expect((await hub.app.inject({ url, headers, remoteAddress: '192.0.2.5' })).statusCode).toBe(200);
    }
    // The usage rows are closed just after each response.
    const deadline = Date.now() + 10_000;
    while ((await hub.deps.db.query(`SELECT 1 FROM download_usage WHERE status = 'running'`)).rowCount > 0 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
    }
    return product.contentLength;
  } finally {
    await hub.close();
  }
}

describe('eohub admin usage', () => {
  it('summarises downloads per user and per collection from the database [postgres]', async () => {
    const { env, drop } = await cliDatabase('postgres', USAGE_ENV);
    try {
      const size = await seedDownloads(env);
      const byUser = await runEohub(['admin', 'usage'], env);
      expect(byUser.code, byUser.stderr).toBe(0);
      expect(jsonLines(byUser.stdout)).toEqual([
        { key: 'una', downloads: 2, complete: 2, aborted: 0, running: 0, bytes: 2 * size },
        { key: 'anonymous:192.0.2.5', downloads: 1, complete: 1, aborted: 0, running: 0, bytes: size },
      ]);
      const future = await runEohub(['admin', 'usage', '--by', 'collection', '--from', '2999-01-01'], env);
      expect(jsonLines(future.stdout)).toEqual([]);
      const bad = await runEohub(['admin', 'usage', '--by', 'mission'], env);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toMatch(/groupBy must be user or collection/);
    } finally {
      await drop();
    }
  }, 180_000);

  it('goes through the admin API of a running server that holds the embedded database [pglite]', async () => {
    const { env, dataDir } = await cliDatabase('pglite', USAGE_ENV);
    const size = await seedDownloads(env);
    const port = await freePort();
    const server = startEohub(['serve', '--no-demo', '--port', String(port), '--host', '127.0.0.1'], env);
    try {
      await waitFor(`http://127.0.0.1:${port}/health`, () => true, 90_000);
      await waitForFile(join(dataDir, 'admin-credential.json'));
      const byCollection = await runEohub(['admin', 'usage', '--by', 'collection', '--to', '2999-01-01T00:00:00Z'], env);
      expect(byCollection.code, byCollection.stderr).toBe(0);
      expect(jsonLines(byCollection.stdout)).toEqual([
        { key: 'SENTINEL-2', downloads: 3, complete: 3, aborted: 0, running: 0, bytes: 3 * size },
      ]);
      const bad = await runEohub(['admin', 'usage', '--from', 'yesterday'], env);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toMatch(/not an ISO 8601/);
    } finally {
      server.kill('SIGTERM');
      await new Promise((r) => server.once('exit', r));
    }
  }, 180_000);
});
