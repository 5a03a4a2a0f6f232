import { cp, mkdtemp } from 'node:fs/promises';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { btree_gist } from '@electric-sql/pglite/contrib/btree_gist';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import { postgis } from '@electric-sql/pglite-postgis';
import { afterAll, beforeAll, describe, inject } from 'vitest';
import { TYPE_PARSERS } from '../../src/db/connection.ts';
import { migrate, openPostgres, wrapPglite, type Backend, type Db } from '../../src/db/index.ts';

export const BACKENDS: readonly Backend[] = ['pglite', 'postgres'];

export const TEST_DATABASE_URL = process.env['EOHUB_TEST_DATABASE_URL'] ?? 'postgres://eohub_test:eohub_test@127.0.0.1:5432/eohub_test';

let sharedPglite: Promise<PGlite> | undefined;

/** One PGlite per worker process, opened from the template that global-setup made. */
function workerPglite(): Promise<PGlite> {
  sharedPglite ??= (async () => {
    const dir = await mkdtemp(join(inject('pgliteTemplate'), '..', `worker-${process.pid}-`));
    await cp(inject('pgliteTemplate'), dir, { recursive: true });
    const pg = await PGlite.create({ dataDir: dir, extensions: { postgis, btree_gist, unaccent }, parsers: TYPE_PARSERS });
    await pg.exec(`SET TimeZone = 'UTC'`);
    return pg;
  })();
  return sharedPglite;
}

let counter = 0;

/** A fresh, migrated schema on the given backend; dropped with `drop()`. */
export async function createTestDb(backend: Backend, migrated = true): Promise<{ db: Db; drop: () => Promise<void> }> {
  const schema = `t${process.pid}_${Date.now().toString(36)}_${counter++}`;
  const db = backend === 'pglite' ? wrapPglite(await workerPglite(), schema, false) : await openPostgres(TEST_DATABASE_URL, schema, 4);
  await db.exec(`CREATE SCHEMA "${schema}"`);
  if (migrated) await migrate(db);
  return {
    db,
    drop: async () => {
      await db.exec(`DROP SCHEMA "${schema}" CASCADE`);
      await db.close();
    },
  };
}

/**
 * Runs a suite once on PGlite and once on PostgreSQL + PostGIS, each in a schema of its own:
 *
 *   withDb('product registration', (ctx) => { it('...', async () => { await ctx.db.query(...) }) })
 */
export function withDb(name: string, suite: (ctx: { db: Db; backend: Backend }) => void, options: { migrated?: boolean } = {}): void {
  for (const backend of BACKENDS) {
    describe(`${name} [${backend}]`, () => {
      let handle: Awaited<ReturnType<typeof createTestDb>> | undefined;
      const ctx = {
        backend,
        get db(): Db {
          if (!handle) throw new Error('the test database is opened in beforeAll');
          return handle.db;
        },
      };
      beforeAll(async () => {
        handle = await createTestDb(backend, options.migrated ?? true);
      });
      afterAll(async () => {
        await handle?.drop();
      });
      suite(ctx);
    });
  }
}
