import { cp, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import type { Backend } from '../../src/db/index.ts';
import { runEohub } from '../support/cli.ts';
import { sample } from '../support/samples.ts';
import { BACKENDS, createTestDb, TEST_DATABASE_URL } from '../support/with-db.ts';

/** Settings for an eohub child process on a fresh database of the given backend. */
async function cliDatabase(backend: Backend): Promise<{ env: NodeJS.ProcessEnv; drop: () => Promise<void> }> {
  const dataDir = await mkdtemp(join(tmpdir(), 'eohub-cli-'));
  if (backend === 'pglite') {
    // The PostGIS-ready template opens in seconds where a new database takes many.
    await cp(inject('pgliteTemplate'), join(dataDir, 'pglite'), { recursive: true });
    return { env: { EOHUB_DATA_DIR: dataDir }, drop: async () => undefined };
  }
  const { db, drop } = await createTestDb('postgres', false);
  return { env: { DATABASE_URL: TEST_DATABASE_URL, EOHUB_DATABASE_SCHEMA: db.schema, EOHUB_DATA_DIR: dataDir }, drop };
}

describe('the eohub command', () => {
  it('describes every role with --help', async () => {
    const top = await runEohub(['--help']);
    expect(top.code).toBe(0);
    for (const role of ['serve', 'ingest', 'demo', 'admin']) expect(top.stdout).toContain(role);
    for (const role of ['serve', 'ingest', 'demo', 'admin']) {
      const r = await runEohub([role, '--help']);
      expect(r.code, role).toBe(0);
      expect(r.stdout).toContain(`Usage: eohub ${role}`);
    }
  });

  it('names every configuration problem at once and stops before listening', async () => {
    const r = await runEohub(['serve'], { EOHUB_PORT: 'eighty', DATABASE_URL: 'mysql://nope', EOHUB_LOG_LEVEL: 'loud' });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/port:/);
    expect(r.stderr).toMatch(/databaseUrl:/);
    expect(r.stderr).toMatch(/logLevel:/);
    expect(r.stderr).not.toMatch(/listening/);
  });

  for (const backend of BACKENDS) {
    it(`ingests a product and prints one JSON line per product [${backend}]`, async () => {
      const { env, drop } = await cliDatabase(backend);
      try {
        const s2 = sample('S2B_MSIL2A_20210122T133229');
        const r = await runEohub(['ingest', '--json', s2.productPath], env);
        expect(r.code, r.stderr).toBe(0);
        const lines = r.stdout
          .trim()
          .split('\n')
          .map((l) => JSON.parse(l) as Record<string, unknown>);
        expect(lines).toHaveLength(1);
        expect(lines[0]).toMatchObject({
          status: 'ingested',
          Name: 'S2B_MSIL2A_20210122T133229_N0214_R081_T22HBD_20210122T155500.SAFE',
          collection: 'SENTINEL-2',
          attributes: { tileId: '22HBD', relativeOrbitNumber: 81 },
        });
        expect(lines[0]?.['Id']).toMatch(/^[0-9a-f-]{36}$/);
        expect((lines[0]?.['footprint'] as { type: string }).type).toBe('Polygon');
        expect(r.stderr).toMatch(/1 ingested, 0 already in the catalogue, 0 failed/);

        const again = await runEohub(['ingest', s2.productPath], env);
        expect(again.code).toBe(0);
        expect(again.stderr).toMatch(/0 ingested, 1 already in the catalogue, 0 failed/);

        const status = await runEohub(['admin', 'status'], env);
        expect(JSON.parse(status.stdout)).toMatchObject({ backend, products: 1 });
      } finally {
        await drop();
      }
    });
  }

  it('exits 1 and names the product when one fails, after ingesting the rest', async () => {
    const { db, drop } = await createTestDb('postgres', false);
    try {
      const dataDir = await mkdtemp(join(tmpdir(), 'eohub-cli-'));
      const env = { DATABASE_URL: TEST_DATABASE_URL, EOHUB_DATABASE_SCHEMA: db.schema, EOHUB_DATA_DIR: dataDir };
      const r = await runEohub(['ingest', join(import.meta.dirname, 'cli.test.ts'), sample('S1A_S3_SLC').productPath], env);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/failed: .*cli\.test\.ts/);
      expect(r.stderr).toMatch(/1 ingested, 0 already in the catalogue, 1 failed/);
    } finally {
      await drop();
    }
  });

  it('adds a collection for a contributing mission', async () => {
    const { db, drop } = await createTestDb('postgres', false);
    try {
      const env = {
        DATABASE_URL: TEST_DATABASE_URL,
        EOHUB_DATABASE_SCHEMA: db.schema,
        EOHUB_DATA_DIR: await mkdtemp(join(tmpdir(), 'eohub-cli-')),
      };
      const r = await runEohub(['admin', 'collections', 'add', 'LANDSAT-8', '--title', 'Landsat 8'], env);
      expect(r.code, r.stderr).toBe(0);
      const list = await runEohub(['admin', 'collections', 'list'], env);
      expect(list.stdout).toContain('"name":"LANDSAT-8"');
      const bad = await runEohub(['admin', 'collections', 'add', 'bad name'], env);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toMatch(/collection name/);
    } finally {
      await drop();
    }
  });

  it('keeps a second process out of the embedded database with a clear message', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'eohub-lock-'));
    const { lockDataDir } = await import('../../src/db/lock.ts');
    const { mkdir } = await import('node:fs/promises');
    await mkdir(join(dataDir, 'pglite'), { recursive: true });
    const unlock = await lockDataDir(join(dataDir, 'pglite'));
    try {
      const r = await runEohub(['admin', 'status'], { EOHUB_DATA_DIR: dataDir });
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/in use by process \d+/);
    } finally {
      await unlock();
    }
  });
});
