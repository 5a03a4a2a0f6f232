/**
 * Databases for the benchmarks: a schema of its own in the bench database on the local PostgreSQL server
 * (created here when run as root on Debian, as scripts/prepare-test-env.mjs does for the tests), or an
 * embedded PGlite in a temporary folder on disk, as `eohub serve` uses it. Either is dropped afterwards.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { migrate, openPglite, openPostgres, type Backend, type Db } from '../src/db/index.ts';

const BENCH_DB = 'eohub_bench';
export const DEFAULT_BENCH_URL = `postgres://${BENCH_DB}:${BENCH_DB}@127.0.0.1:5432/${BENCH_DB}`;

export interface BenchDb {
  db: Db;
  /** For the COPY path of bulk loading (PostgreSQL only). */
  url: string | undefined;
  /** What the run measured on: server version, settings that matter. */
  describe: string;
  drop(): Promise<void>;
}

async function reachable(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    const r = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_extension WHERE extname IN ('postgis', 'btree_gist')`);
    return r.rows[0]?.n === 2;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** The bench database URL, creating the database on this machine's server when we are root and it is missing. */
export async function benchDatabaseUrl(url: string | undefined): Promise<string> {
  const wanted = url ?? DEFAULT_BENCH_URL;
  if (await reachable(wanted)) return wanted;
  if (url !== undefined || process.getuid?.() !== 0 || !existsSync('/etc/debian_version')) {
    throw new Error(
      `no PostgreSQL + PostGIS database at ${wanted.replace(/:[^:@/]+@/, ':***@')}: create one (see bench/README.md) or pass --url`,
    );
  }
  const psql = (db: string, sql: string): void => {
    execFileSync('runuser', ['-u', 'postgres', '--', 'psql', '-q', '-v', 'ON_ERROR_STOP=1', '-d', db, '-c', sql], { stdio: 'inherit' });
  };
  psql(
    'postgres',
    `DO $$BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${BENCH_DB}') THEN CREATE ROLE ${BENCH_DB} LOGIN PASSWORD '${BENCH_DB}'; END IF; END$$`,
  );
  psql('postgres', `DROP DATABASE IF EXISTS ${BENCH_DB} WITH (FORCE)`);
  psql('postgres', `CREATE DATABASE ${BENCH_DB} OWNER ${BENCH_DB}`);
  psql(BENCH_DB, 'CREATE EXTENSION postgis; CREATE EXTENSION btree_gist;');
  return wanted;
}

/** A fresh, migrated database on the backend; `variant` may rework the schema (partitioning). */
export async function openBenchDb(backend: Backend, url: string | undefined, name: string): Promise<BenchDb> {
  if (backend === 'postgres') {
    if (url === undefined) throw new Error('PostgreSQL runs need a database URL');
    const schema = `bench_${name}_${Date.now().toString(36)}`;
    const db = await openPostgres(url, schema, 20);
    await db.exec(`CREATE SCHEMA "${schema}"`);
    await migrate(db);
    const v = await db.query<{ v: string; sb: string }>(
      `SELECT current_setting('server_version') AS v, current_setting('shared_buffers') AS sb`,
    );
    return {
      db,
      url,
      describe: `PostgreSQL ${v.rows[0]?.v ?? '?'} (shared_buffers ${v.rows[0]?.sb ?? '?'})`,
      drop: async () => {
        await db.exec(`DROP SCHEMA "${schema}" CASCADE`);
        await db.close();
      },
    };
  }
  const dir = await mkdtemp(join(tmpdir(), 'eohub-bench-pglite-'));
  const db = await openPglite(dir, 'public');
  await migrate(db);
  const v = await db.query<{ v: string }>(`SELECT current_setting('server_version') AS v`);
  return {
    db,
    url: undefined,
    describe: `PGlite (PostgreSQL ${v.rows[0]?.v ?? '?'}, WASM, data on disk)`,
    drop: async () => {
      await db.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
