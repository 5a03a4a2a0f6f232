import { AUTH_ERRORS, authError } from './errors.ts';
import type { AuthContext } from './types.ts';

/**
 * Brute-force protection for password sign-ins (token endpoint and HTTP Basic): failures are rows in the
 * database, so every server process sees the same count. A subject (`user:<name>`, `addr:<ip>`) with
 * `max` failures inside the window is refused until the oldest of those falls out of it.
 */
export interface FailureSubject {
  subject: string;
  kind: 'user' | 'address';
}

export function failureSubjects(username: string | undefined, address: string | undefined): FailureSubject[] {
  return [
    ...(username ? [{ subject: `user:${username.toLowerCase()}`, kind: 'user' as const }] : []),
    ...(address ? [{ subject: `addr:${address}`, kind: 'address' as const }] : []),
  ];
}

function limits(ctx: AuthContext, subjects: FailureSubject[]): { subject: string; max: number }[] {
  return subjects.map((s) => ({
    subject: s.subject,
    max: s.kind === 'user' ? ctx.settings.maxFailuresPerUser : ctx.settings.maxFailuresPerAddress,
  }));
}

/** Throws AUTH_TOO_MANY_FAILURES (details.retryAfterS) when any subject is locked. */
export async function assertNotLocked(ctx: AuthContext, subjects: FailureSubject[]): Promise<void> {
  const now = ctx.clock();
  const windowMs = ctx.settings.failureWindowMs;
  for (const { subject, max } of limits(ctx, subjects)) {
    // The max-th newest failure inside the window: the lock lifts when it leaves the window.
    const r = await ctx.db.query<{ at_ms: number }>(
      `SELECT extract(epoch FROM failed_at) * 1000 AS at_ms FROM auth_failures
       WHERE subject = $1 AND failed_at > to_timestamp($2 / 1000.0) ORDER BY failed_at DESC OFFSET $3 LIMIT 1`,
      [subject, now - windowMs, max - 1],
    );
    const at = r.rows[0]?.at_ms;
    if (at !== undefined) {
      const retryAfterS = Math.max(1, Math.ceil((Number(at) + windowMs - now) / 1000));
      throw authError(AUTH_ERRORS.TOO_MANY_FAILURES, `too many failed sign-ins; retry in ${retryAfterS} s`, { retryAfterS });
    }
  }
}

export async function recordFailure(ctx: AuthContext, subjects: FailureSubject[]): Promise<void> {
  const now = ctx.clock();
  for (const { subject } of subjects) {
    await ctx.db.query(`DELETE FROM auth_failures WHERE subject = $1 AND failed_at <= to_timestamp($2 / 1000.0)`, [
      subject,
      now - ctx.settings.failureWindowMs,
    ]);
    await ctx.db.query(`INSERT INTO auth_failures (subject, failed_at) VALUES ($1, to_timestamp($2 / 1000.0))`, [subject, now]);
  }
}

/** A successful sign-in clears the user's count (not the address's: one good password must not unlock guessing others). */
export async function clearUserFailures(ctx: AuthContext, username: string): Promise<void> {
  await ctx.db.query(`DELETE FROM auth_failures WHERE subject = $1`, [`user:${username.toLowerCase()}`]);
}
