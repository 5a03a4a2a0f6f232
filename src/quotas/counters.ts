import { QUOTA_ERRORS, quotaExceeded } from './errors.ts';
import type { ClassLimits, QuotaContext } from './types.ts';

/**
 * Request rate as fixed windows counted in the database (request_counters), so that every server process
 * adds to the same count: one upsert per request returns the new count, and a count above the limit is
 * refused until the window ends. Past windows are deleted now and then by whichever process counts.
 */
let countsSinceSweep = 0;
const SWEEP_EVERY = 500;

export async function countRequest(ctx: QuotaContext, subject: string, bucket: string, limits: ClassLimits, limit: number): Promise<void> {
  if (limit <= 0) return;
  const now = ctx.clock();
  const windowMs = ctx.settings.windowMs;
  const windowStart = Math.floor(now / windowMs) * windowMs;
  const r = await ctx.db.query<{ count: number }>(
    `INSERT INTO request_counters (subject, bucket, window_start, count) VALUES ($1, $2, to_timestamp($3 / 1000.0), 1)
     ON CONFLICT (subject, bucket, window_start) DO UPDATE SET count = request_counters.count + 1
     RETURNING count`,
    [subject, bucket, windowStart],
  );
  if (++countsSinceSweep >= SWEEP_EVERY) {
    countsSinceSweep = 0;
    await ctx.db.query(`DELETE FROM request_counters WHERE window_start < to_timestamp($1 / 1000.0)`, [windowStart]);
  }
  if ((r.rows[0]?.count ?? 0) > limit) {
    const retryAfterS = Math.max(1, Math.ceil((windowStart + windowMs - now) / 1000));
    throw quotaExceeded(
      QUOTA_ERRORS.TOO_MANY_REQUESTS,
      `more than ${limit} ${bucket} requests in ${windowMs / 1000} s for the ${limits.quotaClass} class; retry in ${retryAfterS} s`,
      { retryAfterS, limit, quotaClass: limits.quotaClass },
    );
  }
}
