import { pino } from 'pino';
import { scopeFor, type AccessScope } from '../../src/access/index.ts';
import type { Actor } from '../../src/auth/index.ts';
import { archiveJobHandlers, type ArchiveContext } from '../../src/archive/index.ts';
import type { Db } from '../../src/db/index.ts';
import { startWorker, type JobHandler } from '../../src/jobs/index.ts';

/**
 * Runs jobs with a worker of the given handlers (by default the archive's) until none is running or due
 * within a few seconds (a retry waiting out its short backoff counts as pending).
 */
export async function runJobsUntilIdle(
  db: Db,
  options: { archive?: ArchiveContext; handlers?: Record<string, JobHandler>; timeoutMs?: number } = {},
): Promise<void> {
  const handlers = options.handlers ?? (options.archive ? archiveJobHandlers(options.archive) : {});
  const worker = startWorker({ db, log: pino({ level: 'silent' }), handlers, leaseMs: 5000, pollMs: 10, concurrency: 2, backoffBaseMs: 10 });
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  try {
    for (;;) {
      const r = await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM jobs WHERE kind = ANY($1::text[]) AND (state = 'running' OR (state = 'queued' AND run_after <= now() + interval '5 seconds'))`,
        [Object.keys(handlers)],
      );
      if ((r.rows[0]?.n ?? 0) === 0) return;
      if (Date.now() > deadline) throw new Error('jobs still pending when the time was up');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  } finally {
    await worker.stop();
  }
}

/** The actor's scope on a hub whose collections are all public: nothing hidden (orders placed directly). */
export const scopeSeeingAll = (actor: Actor): AccessScope => scopeFor(actor, [], 'public');
