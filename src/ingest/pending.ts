import { hostname } from 'node:os';
import type { Db } from '../db/index.ts';
import type { Stores } from '../storage/index.ts';
import { isProcessAlive } from '../util/process.ts';

/**
 * Pending ingests: a row per product between "files may be in storage" and "registered". A crash
 * leaves the row behind; recovery removes the files it names (unless a registered product owns that
 * prefix) and the row, so storage never holds a product the catalogue does not know.
 */

export function ownerId(): string {
  return `${hostname()}:${process.pid}`;
}

export async function registerPending(db: Db, p: { id: string; name: string; store: string; path: string }): Promise<void> {
  await db.query('INSERT INTO pending_ingests (id, name, storage_store, storage_path, owner) VALUES ($1, $2, $3, $4, $5)', [
    p.id,
    p.name,
    p.store,
    p.path,
    ownerId(),
  ]);
}

/** Removes what one pending ingest may have left in storage, then its row. */
export async function undoPending(db: Db, stores: Stores, id: string): Promise<void> {
  const r = await db.query<{ storage_store: string; storage_path: string; owned: boolean }>(
    `SELECT pi.storage_store, pi.storage_path,
       EXISTS (SELECT 1 FROM products p WHERE p.storage_store = pi.storage_store AND p.storage_path = pi.storage_path) AS owned
     FROM pending_ingests pi WHERE pi.id = $1`,
    [id],
  );
  const row = r.rows[0];
  if (!row) return;
  const store = stores.byName(row.storage_store);
  if (!row.owned) await store.deletePrefix(row.storage_path);
  await store.sweepUploads((uploadId) => uploadId !== id);
  await db.query('DELETE FROM pending_ingests WHERE id = $1', [id]);
}

/**
 * Undoes every ingest whose process is gone (same host, pid no longer running) or that is older than
 * `staleAfterMs` (another host that never came back), and sweeps unfinished uploads nobody owns.
 * Runs when `serve` and `ingest` start.
 */
export async function recoverIngests(db: Db, stores: Stores, staleAfterMs: number): Promise<{ undone: string[]; swept: string[] }> {
  const host = hostname();
  const rows = (
    await db.query<{ id: string; owner: string; age_ms: number }>(
      `SELECT id, owner, (extract(epoch FROM now() - started_at) * 1000)::float8 AS age_ms FROM pending_ingests`,
    )
  ).rows;
  const dead = rows.filter((r) => {
    const [h, pid] = r.owner.split(':');
    if (h === host && pid !== undefined && Number(pid) !== process.pid) return !isProcessAlive(Number(pid));
    return r.age_ms > staleAfterMs;
  });
  for (const r of dead) await undoPending(db, stores, r.id);
  const live = new Set(rows.filter((r) => !dead.includes(r)).map((r) => r.id));
  const swept = await stores.primary.sweepUploads((id) => live.has(id));
  return { undone: dead.map((r) => r.id), swept };
}
