import type { Queryable } from '../db/index.ts';
import { QUOTA_ERRORS, quotaExceeded } from './errors.ts';
import type { ClassLimits, QuotaContext } from './types.ts';

/**
 * Concurrent downloads as lease rows (download_leases): a slot per running download, renewed while it
 * streams. Taking a slot counts the subject's unexpired leases under a transaction-scoped advisory lock on
 * the subject, so two processes cannot both take the last slot (nor both pass the monthly volume check,
 * which runs under the same lock: usage.ts). Expired leases belong to processes that
 * died (or stalled past the TTL): whoever takes a slot next deletes them and marks their downloads aborted.
 */
export interface NewLease {
  id: string;
  subject: string;
}

export async function acquireLease(
  ctx: QuotaContext,
  tx: Queryable,
  lease: NewLease,
  limits: ClassLimits,
  retryAfterS: number,
): Promise<void> {
  const now = ctx.clock();
  await tx.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`eohub-lease:${ctx.db.schema}:${lease.subject}`]);
  await freeExpiredLeases(tx, now);
  const limit = limits.concurrentDownloads;
  if (ctx.settings.enabled && limit > 0) {
    const r = await tx.query<{ n: number }>(`SELECT count(*)::int AS n FROM download_leases WHERE subject = $1`, [lease.subject]);
    if ((r.rows[0]?.n ?? 0) >= limit) {
      throw quotaExceeded(
        QUOTA_ERRORS.TOO_MANY_DOWNLOADS,
        `${limit} downloads are already running for this ${limits.quotaClass === 'anonymous' ? 'address' : 'account'}; wait for one to end`,
        { retryAfterS, limit, quotaClass: limits.quotaClass },
      );
    }
  }
  await tx.query(
    `INSERT INTO download_leases (id, subject, acquired_at, expires_at) VALUES ($1, $2, to_timestamp($3 / 1000.0), to_timestamp($4 / 1000.0))`,
    [lease.id, lease.subject, now, now + ctx.settings.leaseTtlMs],
  );
}

/** Extends a running download's slot; puts it back if it had expired meanwhile (the download is real). */
export async function renewLease(ctx: QuotaContext, lease: NewLease): Promise<void> {
  const now = ctx.clock();
  await ctx.db.query(
    `INSERT INTO download_leases (id, subject, acquired_at, expires_at) VALUES ($1, $2, to_timestamp($3 / 1000.0), to_timestamp($4 / 1000.0))
     ON CONFLICT (id) DO UPDATE SET expires_at = EXCLUDED.expires_at`,
    [lease.id, lease.subject, now, now + ctx.settings.leaseTtlMs],
  );
}

export async function releaseLease(tx: Queryable, id: string): Promise<void> {
  await tx.query(`DELETE FROM download_leases WHERE id = $1`, [id]);
}

async function freeExpiredLeases(tx: Queryable, now: number): Promise<void> {
  await tx.query(
    `WITH gone AS (DELETE FROM download_leases WHERE expires_at <= to_timestamp($1 / 1000.0) RETURNING id)
     UPDATE download_usage SET status = 'aborted', ended_at = to_timestamp($1 / 1000.0)
     WHERE status = 'running' AND id IN (SELECT id FROM gone)`,
    [now],
  );
}

/** Slots taken now, by subject (for tests and the admin view). */
export async function countLeases(ctx: QuotaContext, subject: string): Promise<number> {
  const r = await ctx.db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM download_leases WHERE subject = $1 AND expires_at > to_timestamp($2 / 1000.0)`,
    [subject, ctx.clock()],
  );
  return r.rows[0]?.n ?? 0;
}
