import { mkdtemp, readdir, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evictProduct, listCopies, placeOrders } from '../../src/archive/index.ts';
import { INTERNAL_SEES_EVERYTHING } from '../../src/access/index.ts';
import { getProduct, listProductFiles, type Product } from '../../src/catalog/index.ts';
import type { Hub } from '../../src/hub/index.ts';
import { ingestPaths } from '../../src/ingest/index.ts';
import { getJob, type Job } from '../../src/jobs/index.ts';
import { runEohub, startEohub } from '../support/cli.ts';
import { buildTestHub } from '../support/hub.ts';
import { runJobsUntilIdle, scopeSeeingAll } from '../support/jobs.ts';
import { sample } from '../support/samples.ts';
import { createTestDb, TEST_DATABASE_URL } from '../support/with-db.ts';

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const v = await probe();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

async function bytesUnder(dir: string): Promise<number> {
  let total = 0;
  for (const e of await readdir(dir, { withFileTypes: true, recursive: true }).catch(() => [])) {
    if (e.isFile()) total += (await stat(join(e.parentPath, e.name))).size;
  }
  return total;
}

/**
 * `eohub worker` processes on PostgreSQL: one is SIGKILLed in the middle of a restore; a second one takes
 * the job over once the lease has expired and finishes it, with exactly one verified online copy.
 */
describe('eohub worker [postgres]', () => {
  let handle: Awaited<ReturnType<typeof createTestDb>>;
  let hub: Hub;
  let dataDir: string;
  let product: Product;

  beforeAll(async () => {
    handle = await createTestDb('postgres');
    dataDir = await mkdtemp(join(tmpdir(), 'eohub-worker-'));
    hub = await buildTestHub(handle.db, { dataDir });
    const result = await ingestPaths(hub.deps.ingest, [sample('S1A_IW_GRDH_1SDV_20210809T173953').productPath], { concurrency: 1 });
    product = await getProduct(handle.db, (result.outcomes[0] as { id: string }).id, INTERNAL_SEES_EVERYTHING);
    await runJobsUntilIdle(handle.db, { archive: hub.deps.archive });
    await evictProduct(hub.deps.archive, product.id);
  }, 120_000);

  afterAll(async () => {
    await hub.close();
    await handle.drop();
  });

  const env = () => ({
    DATABASE_URL: TEST_DATABASE_URL,
    EOHUB_DATABASE_SCHEMA: handle.db.schema,
    EOHUB_DATA_DIR: dataDir,
    EOHUB_ADMIN_PASSWORD: 'test hub admin password',
    EOHUB_LOG_LEVEL: 'warn',
    EOHUB_JOBS_LEASE_MS: '1500',
    EOHUB_JOBS_POLL_MS: '100',
    // Paced so that the restore of this 1.8 MB product takes a few seconds: time to kill it midway.
    EOHUB_ARCHIVE_RESTORE_BYTES_PER_SECOND: '400000',
  });

  it('finishes a restore whose worker was SIGKILLed midway, after the lease expires, with no duplicate or lost copy', async () => {
    const [order] = await placeOrders(hub.deps.archive, scopeSeeingAll({ kind: 'user', id: 'u1', username: 'ursula', roles: [], groups: [] }), {
      productIds: [product.id],
    });
    const jobId = (await handle.db.query<{ job_id: number }>(`SELECT job_id FROM orders WHERE id = $1`, [order?.id])).rows[0]?.job_id ?? 0;
    const incoming = join(dataDir, 'products', '.incoming', `restore-${jobId}`);

    const first = startEohub(['worker'], env());
    const running = await until(
      'the first worker to copy part of the product',
      async () => {
        const job = await getJob(handle.db, jobId);
        return job.state === 'running' && (await bytesUnder(incoming)) > 100_000 ? job : undefined;
      },
      60_000,
    ).catch((error: unknown) => {
      first.kill('SIGKILL');
      throw new Error(`${String(error)}\n${first.output()}`);
    });
    expect(await bytesUnder(incoming)).toBeLessThan(product.contentLength);
    first.kill('SIGKILL');
    await new Promise((r) => first.once('exit', r));
    expect((await getJob(handle.db, jobId)).state).toBe('running');

    const second = startEohub(['worker'], env());
    let done: Job;
    try {
      done = await until(
        'the second worker to finish the restore',
        async () => {
          const job = await getJob(handle.db, jobId);
          return job.state === 'done' || job.state === 'failed' ? job : undefined;
        },
        60_000,
      );
    } finally {
      second.kill('SIGTERM');
      await new Promise((r) => second.once('exit', r));
    }
    expect(done).toMatchObject({ state: 'done', attempts: 2 });
    expect(done.result).toMatchObject({ restored: product.id });
    expect(running.leaseOwner).not.toBeNull();

    expect((await getProduct(handle.db, product.id, INTERNAL_SEES_EVERYTHING)).online).toBe(true);
    const copies = await listCopies(handle.db, product.id);
    expect(copies.map((c) => c.tier)).toEqual(['archive', 'online']);
    const files = await listProductFiles(handle.db, product.id);
    const stored = [];
    for await (const b of hub.deps.stores.primary.list(product.storage.path)) stored.push(b);
    expect(stored.map((b) => b.key).sort()).toEqual(files.map((f) => `${product.storage.path}/${f.path}`).sort());
    expect(await readdir(join(dataDir, 'products', '.incoming')).catch(() => [])).toEqual([]);
    const restored = await handle.db.query(`SELECT 1 FROM events WHERE type = 'product.restored' AND product_id = $1`, [product.id]);
    expect(restored.rows).toHaveLength(1);
    const orderNow = await handle.db.query<{ status: string }>(`SELECT status FROM orders WHERE id = $1`, [order?.id]);
    expect(orderNow.rows[0]?.status).toBe('completed');
    // The restored bytes verify against the catalogue: a fixity round over the new copy is clean.
    const { runFixityRound } = await import('../../src/archive/index.ts');
    expect((await runFixityRound(hub.deps.archive, { productIds: [product.id] })).every((r) => r.ok)).toBe(true);
  }, 180_000);

  it('lists jobs with `eohub admin jobs list`', async () => {
    const r = await runEohub(['admin', 'jobs', 'list', '--kind', 'archive.restore'], env());
    expect(r.code, r.stderr).toBe(0);
    const jobs = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Job);
    expect(jobs.map((j) => j.state)).toEqual(['done']);
  }, 60_000);

  it('refuses to run on the embedded database, where serve runs the jobs', async () => {
    const r = await runEohub(['worker'], { EOHUB_DATA_DIR: dataDir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/needs PostgreSQL/);
  }, 60_000);
});
