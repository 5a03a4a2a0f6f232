import { HubError } from '../errors/index.ts';
import type { Queryable } from '../db/index.ts';
import { QUOTA_ERRORS, quotaExceeded } from './errors.ts';
import type { Caller, ClassLimits, QuotaContext } from './types.ts';

/**
 * Usage accounting: one download_usage row per download, written when it starts (status running) and
 * completed when it ends (complete or aborted, with the bytes handed to the connection). Monthly volume
 * quotas sum these rows, so they hold across processes too.
 */
export interface UsageStart {
  id: string;
  /** Bytes the download expects to send, reserved against the monthly volume until it ends. */
  reservedBytes: number;
  subject: string;
  caller: Caller;
  productId: string;
  collection: string;
  fileName: string;
  userAgent: string | undefined;
}

export async function startUsage(tx: Queryable, u: UsageStart, nowMs: number): Promise<void> {
  const user = u.caller.actor.kind === 'user' ? u.caller.actor : undefined;
  await tx.query(
    `INSERT INTO download_usage (id, subject, user_id, username, address, product_id, collection, file_name, started_at, user_agent, status, bytes_reserved)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, to_timestamp($9 / 1000.0), $10, 'running', $11)`,
    [
      u.id,
      u.subject,
      user?.id ?? null,
      user?.username ?? null,
      u.caller.address,
      u.productId,
      u.collection,
      u.fileName,
      nowMs,
      u.userAgent?.slice(0, 512) ?? null,
      u.reservedBytes,
    ],
  );
}

export async function recordProgress(tx: Queryable, id: string, bytesSent: number): Promise<void> {
  await tx.query(`UPDATE download_usage SET bytes_sent = $2 WHERE id = $1 AND status = 'running'`, [id, bytesSent]);
}

export async function finishUsage(
  tx: Queryable,
  id: string,
  bytesSent: number,
  status: 'complete' | 'aborted',
  nowMs: number,
): Promise<void> {
  await tx.query(`UPDATE download_usage SET bytes_sent = $2, status = $3, ended_at = to_timestamp($4 / 1000.0) WHERE id = $1`, [
    id,
    bytesSent,
    status,
    nowMs,
  ]);
}

/** A download that never sent a body (304, 412, 416): not a download after all. */
export async function discardUsage(tx: Queryable, id: string): Promise<void> {
  await tx.query(`DELETE FROM download_usage WHERE id = $1`, [id]);
}

/**
 * Throws QUOTA_MONTHLY_VOLUME_EXCEEDED when the subject's downloads this calendar month (UTC) leave no
 * room for `expectedBytes` more (none left at all, when the size is not known). Running downloads count
 * as the larger of what they reserved and what they sent so far, finished ones as what they sent. The
 * caller holds the subject's lock (leases.ts) and records its own reservation in the same transaction, so
 * that checks of parallel downloads, in any process, see each other's reservations.
 */
export async function assertMonthlyVolumeLeft(
  ctx: QuotaContext,
  tx: Queryable,
  subject: string,
  limits: ClassLimits,
  expectedBytes: number,
): Promise<void> {
  const limit = limits.monthlyDownloadBytes;
  if (!ctx.settings.enabled || limit <= 0) return;
  const now = new Date(ctx.clock());
  const monthStart = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1);
  const r = await tx.query<{ bytes: number }>(
    `SELECT coalesce(sum(CASE WHEN status = 'running' THEN greatest(bytes_sent, bytes_reserved) ELSE bytes_sent END), 0)::bigint AS bytes
     FROM download_usage WHERE subject = $1 AND started_at >= to_timestamp($2 / 1000.0)`,
    [subject, monthStart],
  );
  const used = Number(r.rows[0]?.bytes ?? 0);
  if (used >= limit || used + expectedBytes > limit) {
    const nextMonth = Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1);
    const retryAfterS = Math.max(1, Math.ceil((nextMonth - now.getTime()) / 1000));
    const left = Math.max(0, limit - used);
    throw quotaExceeded(
      QUOTA_ERRORS.MONTHLY_VOLUME_EXCEEDED,
      left === 0
        ? `this month's download volume of ${limit} bytes is used up`
        : `this download of ${expectedBytes} bytes is more than the ${left} bytes left of this month's download volume of ${limit} bytes (a smaller Range fits)`,
      { retryAfterS, limit, quotaClass: limits.quotaClass },
    );
  }
}

export interface UsageQuery {
  /** ISO 8601 instants; downloads started in [from, to). */
  from?: string | undefined;
  to?: string | undefined;
  groupBy: 'user' | 'collection';
}

export interface UsageRow {
  /** The username, `anonymous:<address>`, or the collection name. */
  key: string;
  downloads: number;
  complete: number;
  aborted: number;
  running: number;
  bytes: number;
}

function instant(name: string, value: string | undefined): number | null {
  if (value === undefined || value === '') return null;
  const ms = Date.parse(value);
  if (Number.isNaN(ms))
    throw new HubError(QUOTA_ERRORS.INVALID_USAGE_QUERY, 'invalid', `${name}: ${JSON.stringify(value)} is not an ISO 8601 date or instant`);
  return ms;
}

/** Downloads started in [from, to), grouped by user (anonymous clients by address) or by collection. */
export async function summarizeUsage(ctx: QuotaContext, q: UsageQuery): Promise<UsageRow[]> {
  if (q.groupBy !== 'user' && q.groupBy !== 'collection') {
    throw new HubError(QUOTA_ERRORS.INVALID_USAGE_QUERY, 'invalid', `groupBy must be user or collection, not ${JSON.stringify(q.groupBy)}`);
  }
  const from = instant('from', q.from);
  const to = instant('to', q.to);
  const key = q.groupBy === 'user' ? `coalesce(username, 'anonymous:' || coalesce(address, '?'))` : 'collection';
  const r = await ctx.db.query<UsageRow>(
    `SELECT ${key} AS key, count(*)::int AS downloads,
            count(*) FILTER (WHERE status = 'complete')::int AS complete,
            count(*) FILTER (WHERE status = 'aborted')::int AS aborted,
            count(*) FILTER (WHERE status = 'running')::int AS running,
            coalesce(sum(bytes_sent), 0)::bigint AS bytes
     FROM download_usage
     WHERE ($1::float8 IS NULL OR started_at >= to_timestamp($1::float8 / 1000.0))
       AND ($2::float8 IS NULL OR started_at < to_timestamp($2::float8 / 1000.0))
     GROUP BY 1 ORDER BY bytes DESC, key`,
    [from, to],
  );
  return r.rows;
}
