import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { registerLargeProduct } from '../download/helpers.ts';
import { freePort, startEohub, waitFor } from '../support/cli.ts';
import { buildTestHub } from '../support/hub.ts';
import { createTestDb, TEST_DATABASE_URL } from '../support/with-db.ts';

type Running = { abort: AbortController };

/** Starts a download and reads its first bytes, then leaves it paused (the server paces it anyway). */
async function startDownload(url: string, key: string): Promise<Running> {
  const abort = new AbortController();
  const res = await fetch(url, { headers: { 'x-api-key': key }, signal: abort.signal });
  expect(res.status).toBe(200);
  const reader = (res.body as ReadableStream<Uint8Array>).getReader();
  expect(((await reader.read()).value ?? []).length).toBeGreaterThan(0);
  return { abort };
}

describe('quotas across server processes [postgres]', () => {
  it('two `eohub serve` processes on one PostgreSQL enforce one concurrent-download limit together: 2 on A + 2 on B, the fifth on either is 429', async () => {
    const { db, drop } = await createTestDb('postgres');
    const storageDir = await mkdtemp(join(tmpdir(), 'eohub-quota-store-'));
    const seed = await buildTestHub(db, { storageDir });
    const product = await registerLargeProduct(db, seed.deps.stores, { fileCount: 2, fileBytes: 512 * 1024 });
    await seed.deps.auth.users.addUser({ username: 'rita', password: 'rita password 1' });
    const key = (await seed.deps.auth.users.createApiKey('rita', 'test')).key;
    await seed.close();

    const servers = await Promise.all(
      ['a', 'b'].map(async (name) => {
        const port = await freePort();
        const env = {
          DATABASE_URL: TEST_DATABASE_URL,
          EOHUB_DATABASE_SCHEMA: db.schema,
          EOHUB_DATA_DIR: await mkdtemp(join(tmpdir(), `eohub-quota-${name}-`)),
          EOHUB_STORAGE_DIR: storageDir,
          EOHUB_LOG_LEVEL: 'warn',
          EOHUB_ADMIN_PASSWORD: 'test hub admin password',
          EOHUB_QUOTA_REGISTERED_CONCURRENT_DOWNLOADS: '4',
          // Paced so that the downloads are still running when the fifth comes.
          EOHUB_QUOTA_REGISTERED_BANDWIDTH_BYTES_PER_S: '65536',
        };
        const process = startEohub(['serve', '--no-demo', '--port', String(port), '--host', '127.0.0.1'], env);
        return { process, url: `http://127.0.0.1:${port}` };
      }),
    );
    const running: Running[] = [];
    try {
      for (const s of servers) await waitFor(`${s.url}/health`, () => true, 90_000);
      const [a, b] = servers as [(typeof servers)[number], (typeof servers)[number]];
      const value = (server: { url: string }) => `${server.url}/odata/v1/Products(${product.id})/$value`;
      for (const server of [a, a, b, b]) running.push(await startDownload(value(server), key));

      for (const server of [a, b]) {
        const fifth = await fetch(value(server), { headers: { 'x-api-key': key } });
        expect(fifth.status, server.url).toBe(429);
        expect(Number(fifth.headers.get('retry-after'))).toBeGreaterThan(0);
        expect(((await fifth.json()) as { error: { code: string } }).error.code).toBe('QUOTA_TOO_MANY_DOWNLOADS');
      }

      // One ends on A: a slot is free for B.
      running.shift()?.abort.abort();
      const deadline = Date.now() + 15_000;
      let again = await fetch(value(b), { headers: { 'x-api-key': key } });
      while (again.status === 429 && Date.now() < deadline) {
        await again.body?.cancel();
        await new Promise((r) => setTimeout(r, 200));
        again = await fetch(value(b), { headers: { 'x-api-key': key } });
      }
      expect(again.status).toBe(200);
      await again.body?.cancel();
    } finally {
      for (const r of running) r.abort.abort();
      for (const s of servers) {
        s.process.kill('SIGTERM');
        await new Promise((r) => s.process.once('exit', r));
      }
      await drop();
    }
  }, 240_000);
});
