import { pino } from 'pino';
import { beforeEach, expect, it } from 'vitest';
import {
  backoffMs,
  cancelJob,
  claimJob,
  completeJob,
  enqueueJob,
  failJob,
  getJob,
  listJobs,
  renewLease,
  retryJob,
  startWorker,
  JOB_ERRORS,
} from '../../src/jobs/index.ts';
import { runJobsUntilIdle } from '../support/jobs.ts';
import { withDb } from '../support/with-db.ts';

withDb('the job queue', (ctx) => {
  beforeEach(async () => {
    await ctx.db.query('DELETE FROM jobs');
  });

  it('gives the same job for the same idempotency key', async () => {
    const a = await enqueueJob(ctx.db, { kind: 'test.a', payload: { n: 1 }, idempotencyKey: 'k1' });
    const b = await enqueueJob(ctx.db, { kind: 'test.a', payload: { n: 2 }, idempotencyKey: 'k1' });
    expect(b.id).toBe(a.id);
    expect(b.payload).toEqual({ n: 1 });
    expect(await listJobs(ctx.db, { kind: 'test.a' })).toHaveLength(1);
  });

  it('claims the highest priority due job first, of the kinds asked for only, and never one job twice', async () => {
    await enqueueJob(ctx.db, { kind: 'test.a', priority: 0 });
    const urgent = await enqueueJob(ctx.db, { kind: 'test.a', priority: 9 });
    await enqueueJob(ctx.db, { kind: 'test.a', priority: 99, delayMs: 60_000 });
    await enqueueJob(ctx.db, { kind: 'test.other', priority: 100 });
    const first = await claimJob(ctx.db, ['test.a'], 'w1', 10_000);
    expect(first?.id).toBe(urgent.id);
    expect(first).toMatchObject({ state: 'running', attempts: 1, leaseOwner: 'w1' });
    const second = await claimJob(ctx.db, ['test.a'], 'w2', 10_000);
    expect(second?.id).not.toBe(urgent.id);
    expect(await claimJob(ctx.db, ['test.a'], 'w3', 10_000)).toBeNull();
  });

  it('queues a failed attempt again after an exponential backoff, and fails the job after its last attempt', async () => {
    expect([1, 2, 3, 4].map((a) => backoffMs(a, 100))).toEqual([100, 200, 400, 800]);
    const job = await enqueueJob(ctx.db, { kind: 'test.a', maxAttempts: 2 });
    await claimJob(ctx.db, ['test.a'], 'w1', 10_000);
    expect(await failJob(ctx.db, job.id, 'w1', 'boom', 60_000)).toBe('queued');
    const waiting = await getJob(ctx.db, job.id);
    expect(new Date(waiting.runAfter).getTime()).toBeGreaterThan(Date.now() + 50_000);
    expect(await claimJob(ctx.db, ['test.a'], 'w1', 10_000)).toBeNull();
    await ctx.db.query(`UPDATE jobs SET run_after = now() WHERE id = $1`, [job.id]);
    await claimJob(ctx.db, ['test.a'], 'w1', 10_000);
    expect(await failJob(ctx.db, job.id, 'w1', 'boom again', 10)).toBe('failed');
    expect(await getJob(ctx.db, job.id)).toMatchObject({ state: 'failed', attempts: 2, error: 'boom again' });
  });

  it("hands a job whose lease expired to another worker, and the first worker's late result is refused", async () => {
    const job = await enqueueJob(ctx.db, { kind: 'test.a' });
    await claimJob(ctx.db, ['test.a'], 'dead', 10_000);
    expect(await claimJob(ctx.db, ['test.a'], 'w2', 10_000)).toBeNull();
    await ctx.db.query(`UPDATE jobs SET lease_expires_at = now() - interval '1 second' WHERE id = $1`, [job.id]);
    const taken = await claimJob(ctx.db, ['test.a'], 'w2', 10_000);
    expect(taken).toMatchObject({ id: job.id, leaseOwner: 'w2', attempts: 2 });
    expect(await renewLease(ctx.db, job.id, 'dead', 10_000)).toBe(false);
    expect(await completeJob(ctx.db, job.id, 'dead', { late: true })).toBe(false);
    expect(await renewLease(ctx.db, job.id, 'w2', 10_000)).toBe(true);
    expect(await completeJob(ctx.db, job.id, 'w2', { ok: true })).toBe(true);
    expect(await getJob(ctx.db, job.id)).toMatchObject({ state: 'done', result: { ok: true } });
  });

  it('fails instead of rerunning a job whose worker died during its last attempt', async () => {
    const job = await enqueueJob(ctx.db, { kind: 'test.a', maxAttempts: 1 });
    await claimJob(ctx.db, ['test.a'], 'dead', 10_000);
    await ctx.db.query(`UPDATE jobs SET lease_expires_at = now() - interval '1 second' WHERE id = $1`, [job.id]);
    expect(await claimJob(ctx.db, ['test.a'], 'w2', 10_000)).toBeNull();
    expect((await getJob(ctx.db, job.id)).state).toBe('failed');
  });

  it('cancels queued jobs, retries failed ones, and refuses both in other states', async () => {
    const job = await enqueueJob(ctx.db, { kind: 'test.a' });
    expect((await cancelJob(ctx.db, job.id)).state).toBe('cancelled');
    await expect(cancelJob(ctx.db, job.id)).rejects.toMatchObject({ code: JOB_ERRORS.JOB_STATE_CONFLICT, kind: 'conflict' });
    expect(await retryJob(ctx.db, job.id)).toMatchObject({ state: 'queued', attempts: 0 });
    await expect(retryJob(ctx.db, job.id)).rejects.toMatchObject({ code: JOB_ERRORS.JOB_STATE_CONFLICT });
    await expect(getJob(ctx.db, 999_999)).rejects.toMatchObject({ code: JOB_ERRORS.JOB_NOT_FOUND, kind: 'not_found' });
    await expect(listJobs(ctx.db, { state: 'sleeping' })).rejects.toMatchObject({ code: JOB_ERRORS.JOB_INVALID_FILTER });
  });

  it('runs jobs in a worker: results recorded, a failing handler retried until it succeeds', async () => {
    let calls = 0;
    const ok = await enqueueJob(ctx.db, { kind: 'test.ok', payload: { x: 2 } });
    const flaky = await enqueueJob(ctx.db, { kind: 'test.flaky', maxAttempts: 3 });
    await runJobsUntilIdle(ctx.db, {
      handlers: {
        'test.ok': async (job) => ({ doubled: Number(job.payload['x']) * 2 }),
        'test.flaky': async () => {
          calls++;
          if (calls < 3) throw new Error(`attempt ${calls} failed`);
          return 'third time';
        },
      },
    });
    expect(await getJob(ctx.db, ok.id)).toMatchObject({ state: 'done', result: { doubled: 4 } });
    expect(await getJob(ctx.db, flaky.id)).toMatchObject({ state: 'done', attempts: 3, result: 'third time' });
  });

  it('stops a handler that runs past its timeout and records the attempt as failed', async () => {
    const job = await enqueueJob(ctx.db, { kind: 'test.slow', timeoutMs: 100, maxAttempts: 1 });
    await runJobsUntilIdle(ctx.db, {
      handlers: { 'test.slow': (_job, run) => new Promise((resolve) => run.signal.addEventListener('abort', () => resolve('late'))).then(() => new Promise(() => undefined)) },
    });
    expect(await getJob(ctx.db, job.id)).toMatchObject({ state: 'failed', error: expect.stringContaining('timed out') });
  });

  it('enqueues scheduled jobs once per period however many workers run', async () => {
    const options = { db: ctx.db, log: pino({ level: 'silent' }), handlers: {}, leaseMs: 1000, pollMs: 10, concurrency: 1, backoffBaseMs: 10 };
    const schedules = [{ kind: 'test.tick', intervalMs: 3_600_000 }];
    const a = startWorker({ ...options, schedules });
    const b = startWorker({ ...options, schedules });
    await new Promise((resolve) => setTimeout(resolve, 200));
    await Promise.all([a.stop(), b.stop()]);
    expect(await listJobs(ctx.db, { kind: 'test.tick' })).toHaveLength(1);
  });
});
