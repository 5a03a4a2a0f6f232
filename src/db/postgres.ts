import { createHash } from 'node:crypto';
import pg from 'pg';
import { TYPE_PARSERS, type Db, type QueryOptions, type Queryable } from './connection.ts';

const types = {
  getTypeParser: ((oid: number, format?: string) => {
    const custom = TYPE_PARSERS[oid];
    if (custom && format !== 'binary') return custom;
    return pg.types.getTypeParser(oid, format as 'text');
  }) as typeof pg.types.getTypeParser,
};

/**
 * Distinct statements prepared for generic plans per process. Each connection keeps every statement it
 * prepared until it closes, so the number is bounded; past it, statements run as ordinary ones.
 */
export const MAX_PREPARED_STATEMENTS = 200;

/**
 * Statements run with `{ plan: 'generic' }`: named (so prepared once per connection) on connections of their
 * own whose `plan_cache_mode` is `force_generic_plan`. PostgreSQL's default would keep planning them per
 * call, because a generic plan's estimated cost (made without the values) looks worse than the custom
 * ones; the caller knows better (query/generic-plan.ts). Other statements never meet that setting.
 */
function genericStatements(url: string, options: string, max: number): { pool: pg.Pool; nameOf(sql: string): string | undefined } {
  const pool = new pg.Pool({ connectionString: url, max, options: `${options} -c plan_cache_mode=force_generic_plan`, types });
  pool.on('error', () => {
    // As for the main pool: an idle client lost its connection and is replaced.
  });
  const names = new Map<string, string>();
  return {
    pool,
    nameOf(sql) {
      const known = names.get(sql);
      if (known !== undefined || names.size >= MAX_PREPARED_STATEMENTS) return known;
      const name = `eohub_${createHash('sha256').update(sql).digest('hex').slice(0, 32)}`;
      names.set(sql, name);
      return name;
    },
  };
}

/** Connects to a PostgreSQL + PostGIS server. Each connection runs in UTC with eohub's schema first on its path. */
export async function openPostgres(
  url: string,
  schema: string,
  maxConnections = 10,
  options: { preparedStatements?: boolean } = {},
): Promise<Db> {
  const startup = `-c search_path="${schema}",public -c TimeZone=UTC`;
  const pool = new pg.Pool({ connectionString: url, max: maxConnections, options: startup, types });
  // Half as many again at most, opened only when a statement asks for a generic plan.
  const generic =
    options.preparedStatements === false ? undefined : genericStatements(url, startup, Math.max(1, Math.ceil(maxConnections / 2)));
  pool.on('error', () => {
    // An idle client lost its connection; the pool replaces it. Queries in flight get their own error.
  });
  // Fail fast with a clear error when the server is unreachable.
  const client = await pool.connect();
  client.release();
  return {
    backend: 'postgres',
    schema,
    async query<T>(sql: string, params?: readonly unknown[], queryOptions?: QueryOptions) {
      const name = queryOptions?.plan === 'generic' ? generic?.nameOf(sql) : undefined;
      const values = params as unknown[] | undefined;
      const r =
        name === undefined || generic === undefined
          ? await pool.query(sql, values)
          : await generic.pool.query({ name, text: sql, values: values ?? [] });
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
      await Promise.all([pool.end(), generic?.pool.end()]);
    },
  };
}
