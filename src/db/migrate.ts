import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Db } from './connection.ts';

const MIGRATIONS_DIR = join(import.meta.dirname, 'migrations');

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export async function listMigrations(): Promise<Migration[]> {
  const files = (await readdir(MIGRATIONS_DIR)).filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f)).sort();
  return Promise.all(
    files.map(async (f) => ({
      version: Number(f.slice(0, 4)),
      name: f.slice(5, -4),
      sql: await readFile(join(MIGRATIONS_DIR, f), 'utf8'),
    })),
  );
}

/**
 * Brings the schema to the newest version: forward-only numbered SQL files. All pending ones apply in
 * one transaction together with their rows in schema_migrations, so a crash never leaves half a
 * migration; concurrent starters serialise on an advisory lock.
 */
export async function migrate(db: Db): Promise<{ applied: number[]; version: number }> {
  await ensureExtensions(db);
  await db.query(`CREATE SCHEMA IF NOT EXISTS "${db.schema}"`);
  const applied: number[] = [];
  const migrations = await listMigrations();
  await db.transaction(async (tx) => {
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`eohub-migrate:${db.schema}`]);
    await tx.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
    const done = new Set((await tx.query<{ version: number }>('SELECT version FROM schema_migrations')).rows.map((r) => r.version));
    for (const m of migrations) {
      if (done.has(m.version)) continue;
      await tx.exec(m.sql);
      await tx.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
      applied.push(m.version);
    }
  });
  return { applied, version: migrations.at(-1)?.version ?? 0 };
}

export async function schemaVersion(db: Db): Promise<number> {
  const r = await db.query<{ v: number | null }>('SELECT max(version) AS v FROM schema_migrations');
  return r.rows[0]?.v ?? 0;
}

/**
 * PostGIS and btree_gist live in `public` for every schema. Creating them needs rights a production
 * role may lack, so an existing extension is not created again.
 */
async function ensureExtensions(db: Db): Promise<void> {
  const have = new Set(
    (await db.query<{ extname: string }>(`SELECT extname FROM pg_extension WHERE extname IN ('postgis', 'btree_gist')`)).rows.map(
      (r) => r.extname,
    ),
  );
  for (const ext of ['postgis', 'btree_gist']) {
    if (!have.has(ext)) await db.query(`CREATE EXTENSION IF NOT EXISTS ${ext} SCHEMA public`);
  }
}
