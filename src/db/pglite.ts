import { mkdir } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import { btree_gist } from '@electric-sql/pglite/contrib/btree_gist';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import { postgis } from '@electric-sql/pglite-postgis';
import { lockDataDir } from './lock.ts';
import { TYPE_PARSERS, type Db, type Queryable, type QueryResult } from './connection.ts';

/** Opens (creating if needed) the embedded database in `dataDir`, or in memory when dataDir is undefined. */
export async function openPglite(dataDir: string | undefined, schema: string): Promise<Db> {
  let unlock = async (): Promise<void> => undefined;
  if (dataDir) {
    await mkdir(dataDir, { recursive: true });
    unlock = await lockDataDir(dataDir);
  }
  try {
    const pg = await PGlite.create({
      ...(dataDir ? { dataDir } : {}),
      extensions: { postgis, btree_gist, unaccent },
      parsers: TYPE_PARSERS,
    });
    await pg.exec(`SET TimeZone = 'UTC'`);
    const db = wrapPglite(pg, schema, true);
    return {
      ...db,
      async close() {
        await db.close();
        await unlock();
      },
    };
  } catch (error) {
    await unlock();
    throw error;
  }
}

/**
 * Wraps an open PGlite for one schema. Tests share one PGlite per worker and give each suite its own
 * schema; `owned` says whether close() closes the engine.
 */
export function wrapPglite(pg: PGlite, schema: string, owned: boolean): Db {
  // PGlite is a single connection: the search path is set before each statement batch so that
  // several wrappers (one per schema) can share it.
  const searchPath = `SET search_path TO "${schema}", public`;
  const ensurePath = async (): Promise<void> => {
    if (activePath.get(pg) !== schema) {
      await pg.exec(searchPath);
      activePath.set(pg, schema);
    }
  };
  const run = async <T>(
    q: PGlite | Parameters<Parameters<PGlite['transaction']>[0]>[0],
    sql: string,
    params?: readonly unknown[],
  ): Promise<QueryResult<T>> => {
    const result = params && params.length > 0 ? await q.query<T>(sql, params as unknown[]) : await q.query<T>(sql);
    return { rows: result.rows, rowCount: result.affectedRows ?? result.rows.length };
  };
  return {
    backend: 'pglite',
    schema,
    async query<T>(sql: string, params?: readonly unknown[]) {
      await ensurePath();
      return run<T>(pg, sql, params);
    },
    async exec(sql: string) {
      await ensurePath();
      await pg.exec(sql);
    },
    async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
      return pg.transaction(async (tx) => {
        await tx.exec(searchPath);
        activePath.set(pg, schema);
        return fn({
          query: <R>(sql: string, params?: readonly unknown[]) => run<R>(tx, sql, params),
          exec: async (sql: string) => {
            await tx.exec(sql);
          },
        });
      });
    },
    async close() {
      if (owned) await pg.close();
    },
  };
}

/** The schema each shared PGlite currently has on its search path. */
const activePath = new WeakMap<PGlite, string>();
