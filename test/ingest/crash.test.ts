import { spawn } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { migrate, openPglite, type Db } from '../../src/db/index.ts';
import { recoverIngests, sweepStaging } from '../../src/ingest/index.ts';
import { createFsStore, type BlobStore } from '../../src/storage/index.ts';
import { listSamples } from '../support/samples.ts';
import { BACKENDS, createTestDb, TEST_DATABASE_URL } from '../support/with-db.ts';

const ROOT = join(import.meta.dirname, '..', '..');
/** A batch with every kind of input: SAFE folders, a zip, SEN3 folders with many files, single netCDF files. */
const BATCH = listSamples()
  .filter((s) =>
    /S1A_IW_GRDH_1SDV_20210809|S1A_IW_SLC__1SDV_20221016|S2B_MSIL2A_20220413|S3A_SL_1_RBT|S3A_OL_1_EFR|S5P_OFFL_L2__CO_|S5P_OFFL_L2__O3____/.test(
      s.id,
    ),
  )
  .map((s) => s.productPath);

interface Run {
  killed: boolean;
  code: number | null;
}

/** Runs `eohub ingest` on the batch and kills it with SIGKILL after `killAfterMs` (never when undefined). */
function runIngest(env: NodeJS.ProcessEnv, dataDir: string, killAfterMs?: number): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [join(ROOT, 'bin', 'eohub.js'), '--data-dir', dataDir, '--log-level', 'error', 'ingest', '-j', '3', ...BATCH],
      {
        env: { ...process.env, ...env },
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = killAfterMs === undefined ? undefined : setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (signal === null && code !== 0) reject(new Error(`ingest exited ${code}: ${stderr}`));
      else resolve({ killed: signal === 'SIGKILL', code });
    });
  });
}

/** The catalogue and the store agree: whole products only, nothing orphaned, nothing pending. */
async function expectConsistent(db: Db, store: BlobStore, dataDir: string): Promise<number> {
  // What the next start does first.
  await recoverIngests(db, { primary: store, archive: store, byName: () => store }, 0);
  await sweepStaging(join(dataDir, 'staging'));
  expect((await db.query('SELECT id FROM pending_ingests')).rows).toEqual([]);
  const files = (
    await db.query<{ storage_path: string; path: string; size_bytes: number }>(
      'SELECT p.storage_path, f.path, f.size_bytes FROM products p JOIN product_files f ON f.product_id = p.id',
    )
  ).rows;
  const expected = new Map(files.map((f) => [`${f.storage_path}/${f.path}`, f.size_bytes]));
  const actual = new Map<string, number>();
  for await (const b of store.list('')) actual.set(b.key, b.sizeBytes);
  expect(actual).toEqual(expected);
  const products = (
    await db.query<{ n: number; files: number }>(
      'SELECT count(*)::int AS n, (SELECT count(*)::int FROM products p WHERE NOT EXISTS (SELECT 1 FROM product_files f WHERE f.product_id = p.id)) AS files FROM products',
    )
  ).rows[0];
  expect(products?.files).toBe(0);
  expect(await readdir(join(dataDir, 'products', '.incoming')).catch(() => [])).toEqual([]);
  expect(await readdir(join(dataDir, 'staging')).catch(() => [])).toEqual([]);
  return products?.n ?? 0;
}

describe('crash safety of ingestion', () => {
  it('has a batch of several kinds of products', () => {
    expect(BATCH.length).toBe(7);
  });

  for (const backend of BACKENDS) {
    it(`leaves only whole products after SIGKILL at random points, and a re-run completes the set [${backend}]`, async () => {
      const dataDir = await mkdtemp(join(tmpdir(), `eohub-crash-${backend}-`));
      let env: NodeJS.ProcessEnv;
      let openCheckDb: () => Promise<Db>;
      let closeCheckDb: (db: Db) => Promise<void>;
      let dropAll = async (): Promise<void> => undefined;
      if (backend === 'postgres') {
        const { db, drop } = await createTestDb('postgres');
        env = { DATABASE_URL: TEST_DATABASE_URL, EOHUB_DATABASE_SCHEMA: db.schema };
        openCheckDb = async () => db;
        closeCheckDb = async () => undefined;
        dropAll = drop;
      } else {
        // Start from the PostGIS-ready template so that each child opens the database in seconds.
        await mkdir(dataDir, { recursive: true });
        await cp(inject('pgliteTemplate'), join(dataDir, 'pglite'), { recursive: true });
        env = {};
        // As the next start would: open, take over the dead child's lock, finish any migration it was killed in.
        openCheckDb = async () => {
          const db = await openPglite(join(dataDir, 'pglite'), 'public');
          await migrate(db);
          return db;
        };
        closeCheckDb = (db) => db.close();
      }
      const store = createFsStore('online', join(dataDir, 'products'));
      // PGlite children take seconds to open their database: fewer, later kills; bounded either way.
      const rounds = backend === 'postgres' ? 20 : 8;
      const [minMs, maxMs] = backend === 'postgres' ? [400, 3000] : [2500, 9000];
      const deadline = Date.now() + 150_000;
      let seed = 12345;
      const random = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
      let kills = 0;
      for (let i = 0; i < rounds && Date.now() < deadline; i++) {
        const run = await runIngest(env, dataDir, minMs + random() * (maxMs - minMs));
        if (run.killed) kills++;
        const db = await openCheckDb();
        try {
          const n = await expectConsistent(db, store, dataDir);
          expect(n).toBeLessThanOrEqual(BATCH.length);
        } finally {
          await closeCheckDb(db);
        }
      }
      expect(kills).toBeGreaterThan(0);
      await runIngest(env, dataDir);
      const db = await openCheckDb();
      try {
        expect(await expectConsistent(db, store, dataDir)).toBe(BATCH.length);
      } finally {
        await closeCheckDb(db);
        await dropAll();
      }
    }, 300_000);
  }
});
