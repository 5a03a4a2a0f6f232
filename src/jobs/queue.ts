import type { Queryable } from '../db/index.ts';
import { HubError } from '../errors/index.ts';
import { JOB_ERRORS } from './errors.ts';
import { JOB_STATES, type Job, type JobState, type NewJob } from './types.ts';

/**
 * The job queue: jobs are rows of `jobs`, claimed with `FOR UPDATE SKIP LOCKED` so that any number of
 * workers share them without claiming one twice.
 *
 * Why not pg-boss: it keeps its own schema and migrations beside ours (DESIGN.md wants one migration
 * chain on both backends), it talks to PostgreSQL through its own `pg` pool, which the embedded PGlite
 * cannot give (one in-process connection, no socket), so jobs could not be enqueued on the caller's
 * transaction (ingest enqueues archiving atomically with the product row), and its expiration has no
 * heartbeat: a multi-hour restore would need a multi-hour expiry before a killed worker's job is taken
 * over. Here a worker holds a short lease that heartbeats renew while the job runs.
 */

const COLUMNS = `id, kind, payload, state, priority, attempts, max_attempts, run_after, lease_owner, lease_expires_at, timeout_ms,
  idempotency_key, result, error, created_at, started_at, finished_at, updated_at`;

interface JobRow {
  id: number;
  kind: string;
  payload: Record<string, unknown>;
  state: JobState;
  priority: number;
  attempts: number;
  max_attempts: number;
  run_after: string;
  lease_owner: string | null;
  lease_expires_at: string | null;
  timeout_ms: number;
  idempotency_key: string | null;
  result: unknown;
  error: string | null;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  updated_at: string;
}

function toJob(r: JobRow): Job {
  return {
    id: Number(r.id),
    kind: r.kind,
    payload: r.payload,
    state: r.state,
    priority: r.priority,
    attempts: r.attempts,
    maxAttempts: r.max_attempts,
    runAfter: r.run_after,
    leaseOwner: r.lease_owner,
    leaseExpiresAt: r.lease_expires_at,
    timeoutMs: r.timeout_ms,
    idempotencyKey: r.idempotency_key,
    result: r.result,
    error: r.error,
    createdAt: r.created_at,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    updatedAt: r.updated_at,
  };
}

/** Adds a job on the caller's transaction (or returns the job already holding its idempotency key). */
export async function enqueueJob(tx: Queryable, job: NewJob): Promise<Job> {
  const inserted = await tx.query<JobRow>(
    `INSERT INTO jobs (kind, payload, priority, max_attempts, run_after, timeout_ms, idempotency_key)
     VALUES ($1, $2::jsonb, $3, $4, now() + $5 * interval '1 millisecond', $6, $7)
     ON CONFLICT (idempotency_key) DO NOTHING
     RETURNING ${COLUMNS}`,
    [
      job.kind,
      JSON.stringify(job.payload ?? {}),
      job.priority ?? 0,
      job.maxAttempts ?? 5,
      job.delayMs ?? 0,
      job.timeoutMs ?? 3_600_000,
      job.idempotencyKey ?? null,
    ],
  );
  const row = inserted.rows[0];
  if (row) return toJob(row);
  const existing = await tx.query<JobRow>(`SELECT ${COLUMNS} FROM jobs WHERE idempotency_key = $1`, [job.idempotencyKey]);
  return toJob(existing.rows[0] as JobRow);
}

/**
 * Claims the most urgent due job of these kinds for `owner`: a queued one whose time has come, or a
 * running one whose lease expired (its worker died). Jobs that already used their last attempt when
 * their lease expired fail instead of running again.
 */
export async function claimJob(db: Queryable, kinds: readonly string[], owner: string, leaseMs: number): Promise<Job | null> {
  await db.query(
    `UPDATE jobs SET state = 'failed', error = coalesce(error, 'the worker stopped answering during the last attempt'),
       finished_at = now(), updated_at = now(), lease_owner = NULL, lease_expires_at = NULL
     WHERE state = 'running' AND lease_expires_at < now() AND attempts >= max_attempts AND kind = ANY($1::text[])`,
    [kinds],
  );
  const r = await db.query<JobRow>(
    `WITH next AS (
       SELECT id FROM jobs
       WHERE kind = ANY($1::text[])
         AND ((state = 'queued' AND run_after <= now()) OR (state = 'running' AND lease_expires_at < now()))
       ORDER BY priority DESC, run_after, id
       LIMIT 1
       FOR UPDATE SKIP LOCKED)
     UPDATE jobs j SET state = 'running', attempts = j.attempts + 1, lease_owner = $2,
       lease_expires_at = now() + $3 * interval '1 millisecond', started_at = coalesce(j.started_at, now()), updated_at = now()
     FROM next WHERE j.id = next.id
     RETURNING j.*`,
    [kinds, owner, leaseMs],
  );
  const row = r.rows[0];
  return row ? toJob(row) : null;
}

/** Extends the lease; false when the job is no longer this worker's (cancelled, or taken over). */
export async function renewLease(db: Queryable, jobId: number, owner: string, leaseMs: number): Promise<boolean> {
  const r = await db.query(
    `UPDATE jobs SET lease_expires_at = now() + $3 * interval '1 millisecond', updated_at = now()
     WHERE id = $1 AND lease_owner = $2 AND state = 'running'`,
    [jobId, owner, leaseMs],
  );
  return r.rowCount === 1;
}

/** Whether `owner` still holds the job; handlers check it on their transaction before committing their effect. */
export async function holdsJob(tx: Queryable, jobId: number, owner: string): Promise<boolean> {
  const r = await tx.query(`SELECT 1 FROM jobs WHERE id = $1 AND lease_owner = $2 AND state = 'running' FOR UPDATE`, [jobId, owner]);
  return r.rows.length === 1;
}

export async function completeJob(db: Queryable, jobId: number, owner: string, result: unknown): Promise<boolean> {
  const r = await db.query(
    `UPDATE jobs SET state = 'done', result = $3::jsonb, error = NULL, finished_at = now(), updated_at = now(),
       lease_owner = NULL, lease_expires_at = NULL
     WHERE id = $1 AND lease_owner = $2 AND state = 'running'`,
    [jobId, owner, JSON.stringify(result ?? null)],
  );
  return r.rowCount === 1;
}

/** Exponential backoff: base, 2×base, 4×base... capped at an hour. */
export function backoffMs(attempts: number, baseMs: number): number {
  return Math.min(3_600_000, baseMs * 2 ** Math.max(0, attempts - 1));
}

/** Records a failed attempt: queued again after a backoff, or failed for good after the last attempt. */
export async function failJob(db: Queryable, jobId: number, owner: string, message: string, baseBackoffMs: number): Promise<JobState | null> {
  const r = await db.query<{ state: JobState }>(
    `UPDATE jobs SET
       state = CASE WHEN attempts >= max_attempts THEN 'failed' ELSE 'queued' END,
       run_after = now() + LEAST(3600000, $4::float8 * power(2, GREATEST(attempts - 1, 0))) * interval '1 millisecond',
       finished_at = CASE WHEN attempts >= max_attempts THEN now() END,
       error = $3, updated_at = now(), lease_owner = NULL, lease_expires_at = NULL
     WHERE id = $1 AND lease_owner = $2 AND state = 'running'
     RETURNING state`,
    [jobId, owner, message.slice(0, 4000), baseBackoffMs],
  );
  return r.rows[0]?.state ?? null;
}

export async function getJob(db: Queryable, jobId: number): Promise<Job> {
  const r = await db.query<JobRow>(`SELECT ${COLUMNS} FROM jobs WHERE id = $1`, [jobId]);
  const row = r.rows[0];
  if (!row) throw new HubError(JOB_ERRORS.JOB_NOT_FOUND, 'not_found', `no job ${jobId}`);
  return toJob(row);
}

export interface JobListFilter {
  state?: string;
  kind?: string;
  limit?: number;
}

/** Newest first. */
export async function listJobs(db: Queryable, filter: JobListFilter = {}): Promise<Job[]> {
  if (filter.state !== undefined && !(JOB_STATES as readonly string[]).includes(filter.state)) {
    throw new HubError(JOB_ERRORS.JOB_INVALID_FILTER, 'invalid', `state must be one of ${JOB_STATES.join(', ')}`);
  }
  const r = await db.query<JobRow>(
    `SELECT ${COLUMNS} FROM jobs WHERE ($1::text IS NULL OR state = $1) AND ($2::text IS NULL OR kind = $2)
     ORDER BY id DESC LIMIT $3`,
    [filter.state ?? null, filter.kind ?? null, Math.min(Math.max(filter.limit ?? 100, 1), 10_000)],
  );
  return r.rows.map(toJob);
}

/**
 * Cancels a queued or running job. A running job's worker notices at its next heartbeat (the lease is
 * no longer its own) and its effect is not committed (handlers check holdsJob).
 */
export async function cancelJob(db: Queryable, jobId: number): Promise<Job> {
  return transition(
    db,
    jobId,
    `UPDATE jobs SET state = 'cancelled', finished_at = now(), updated_at = now(), lease_owner = NULL, lease_expires_at = NULL
     WHERE id = $1 AND state IN ('queued', 'running')`,
  );
}

/** Queues a failed or cancelled job again with a fresh set of attempts. */
export async function retryJob(db: Queryable, jobId: number): Promise<Job> {
  return transition(
    db,
    jobId,
    `UPDATE jobs SET state = 'queued', attempts = 0, run_after = now(), error = NULL, finished_at = NULL, updated_at = now()
     WHERE id = $1 AND state IN ('failed', 'cancelled')`,
  );
}

/** Runs an admin state change; a job in a state the change does not apply to is a conflict. */
async function transition(db: Queryable, jobId: number, sql: string): Promise<Job> {
  if ((await db.query(sql, [jobId])).rowCount === 0) {
    const job = await getJob(db, jobId);
    throw new HubError(JOB_ERRORS.JOB_STATE_CONFLICT, 'conflict', `job ${jobId} is ${job.state}`);
  }
  return getJob(db, jobId);
}
