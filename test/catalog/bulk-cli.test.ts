import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { runEohub } from '../support/cli.ts';
import { createTestDb, TEST_DATABASE_URL } from '../support/with-db.ts';

describe('eohub catalog load and eohub demo --metadata-only', () => {
  it('writes a metadata-only catalogue as NDJSON and loads it, on PGlite, reporting bad lines by number', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'eohub-bulk-cli-'));
    await cp(inject('pgliteTemplate'), join(dataDir, 'pglite'), { recursive: true });
    const file = join(dataDir, 'items.ndjson');
    const demo = await runEohub(['demo', '--count', '120', '--seed', '3', '--metadata-only', '--out', file]);
    expect(demo.code, demo.stderr).toBe(0);
    const lines = (await readFile(file, 'utf8')).trim().split('\n');
    expect(lines).toHaveLength(120);
    lines.splice(57, 0, '{"not": "a STAC item"}');
    await writeFile(file, `${lines.join('\n')}\n`);
    const r = await runEohub(['catalog', 'load', file, '--batch', '50'], { EOHUB_DATA_DIR: dataDir });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/batch 2 \(lines 51-100, 50 records\) not loaded:\n {2}line 58: /);
    expect(r.stderr).toMatch(/^71 products loaded in .* 50 records in 1 failed batches, 121 lines$/m);
    const json = await runEohub(['catalog', 'load', file, '--json', '--stop-on-error'], { EOHUB_DATA_DIR: dataDir });
    expect(JSON.parse(json.stdout)).toMatchObject({ loaded: 0, stopped: true, failedBatches: [{ batch: 1 }] });
  });

  it('loads through COPY on PostgreSQL, straight from the generator with --ingest', async () => {
    const { db, drop } = await createTestDb('postgres', false);
    try {
      const env = {
        DATABASE_URL: TEST_DATABASE_URL,
        EOHUB_DATABASE_SCHEMA: db.schema,
        EOHUB_DATA_DIR: await mkdtemp(join(tmpdir(), 'eohub-bulk-cli-')),
      };
      const r = await runEohub(['demo', '--count', '300', '--metadata-only', '--ingest'], env);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toMatch(/300 loaded, 0 in failed batches/);
      const n = await db.query<{ n: number }>('SELECT count(*)::bigint AS n FROM products');
      expect(n.rows[0]?.n).toBe(300);
    } finally {
      await drop();
    }
  });
});
