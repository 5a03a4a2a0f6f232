/**
 * Database: the connection (embedded PGlite + PostGIS by default, a PostgreSQL + PostGIS server when
 * DATABASE_URL is set), the numbered migrations in migrations/*.sql, and the mapping of SQLSTATEs to
 * error kinds. Owns the schema_migrations table; the other tables belong to the capabilities that the
 * migrations name.
 */
import { join, resolve } from 'node:path';
import type { HubConfig } from '../config/index.ts';
import type { Db } from './connection.ts';
import { openPglite } from './pglite.ts';
import { openPostgres } from './postgres.ts';

export type { Backend, Db, Queryable, QueryResult } from './connection.ts';
export { timestampToIso } from './connection.ts';
export { migrate, schemaVersion, listMigrations } from './migrate.ts';
export { clientDataError, toHubError, sqlState, DB_ERRORS } from './errors.ts';
export { openPglite, wrapPglite } from './pglite.ts';
export { openPostgres } from './postgres.ts';

export function pgliteDir(config: HubConfig): string {
  return join(resolve(config.dataDir), 'pglite');
}

export async function openDb(config: HubConfig): Promise<Db> {
  if (config.databaseUrl)
    return openPostgres(config.databaseUrl, config.databaseSchema, 10, { preparedStatements: config.databasePreparedStatements });
  return openPglite(pgliteDir(config), config.databaseSchema);
}
