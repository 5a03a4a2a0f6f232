import pg from 'pg';
import { TYPE_PARSERS, type Db, type Queryable } from './connection.ts';

const types = {
  getTypeParser: ((oid: number, format?: string) => {
    const custom = TYPE_PARSERS[oid];
    if (custom && format !== 'binary') return custom;
    return pg.types.getTypeParser(oid, format as 'text');
  }) as typeof pg.types.getTypeParser,
};

/** Connects to a PostgreSQL + PostGIS server. Each connection runs in UTC with eohub's schema first on its path. */
export async function openPostgres(url: string, schema: string, maxConnections = 10): Promise<Db> {
  const pool = new pg.Pool({
    connectionString: url,
    max: maxConnections,
    options: `-c search_path="${schema}",public -c TimeZone=UTC`,
    types,
  });
  pool.on('error', () => {
    // An idle client lost its connection; the pool replaces it. Queries in flight get their own error.
  });
  // Fail fast with a clear error when the server is unreachable.
  const client = await pool.connect();
  client.release();
  return {
    backend: 'postgres',
    schema,
    async query<T>(sql: string, params?: readonly unknown[]) {
      const r = await pool.query(sql, params as unknown[] | undefined);
      return { rows: r.rows as T[], rowCount: r.rowCount ?? r.rows.length };
    },
    async exec(sql: string) {
      await pool.query(sql);
    },
    async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
      const c = await pool.connect();
      try {
        await c.query('BEGIN');
        const result = await fn({
          async query<R>(sql: string, params?: readonly unknown[]) {
            const r = await c.query(sql, params as unknown[] | undefined);
            return { rows: r.rows as R[], rowCount: r.rowCount ?? r.rows.length };
          },
          async exec(sql: string) {
            await c.query(sql);
          },
        });
        await c.query('COMMIT');
        return result;
      } catch (error) {
        await c.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        c.release();
      }
    },
    async close() {
      await pool.end();
    },
  };
}
