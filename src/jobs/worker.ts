import { hostname } from 'node:os';
import type { Logger } from 'pino';
import type { Db } from '../db/index.ts';
import { enqueueJob, claimJob, completeJob, failJob, renewLease } from './queue.ts';
import type { Job, NewJob } from './types.ts';

/** What a handler gets besides the job: its lease owner (for holdsJob) and a signal that fires on timeout or lost lease. */
export interface JobRun {
  owner: string;
  signal: AbortSignal;
}

export type JobHandler = (job: Job, run: JobRun) => Promise<unknown>;

/** A job enqueued every `intervalMs` (eviction, fixity); the idempotency key per period keeps many workers from doubling it. */
export interface ScheduledJob {
  kind: string;
  intervalMs: number;
  payload?: Record<string, unknown>;
  priority?: number;
}

export interface WorkerOptions {
  db: Db;
  log: Logger;
  handlers: Readonly<Record<string, JobHandler>>;
  schedules?: readonly ScheduledJob[];
  leaseMs: number;
  pollMs: number;
  concurrency: number;
  backoffBaseMs: number;
  /** Defaults to host:pid:random. */
  owner?: string;
}

export interface Worker {
  readonly owner: string;
  /** Resolves when every running job has finished (or given up its lease); claims no more. */
  stop(): Promise<void>;
}

class JobAborted extends Error {}

/**
 * The worker loop: `concurrency` slots, each claiming one job at a time, running its handler while a
 * heartbeat renews the lease every third of it, and recording done, retry-with-backoff or failed. A job
 * whose lease this worker lost (cancelled, or taken over after a stall) is abandoned without writing.
 */
export function startWorker(options: WorkerOptions): Worker {
  const owner = options.owner ?? `${hostname()}:${process.pid}:${Math.random().toString(36).slice(2, 8)}`;
  const kinds = Object.keys(options.handlers);
  const log = options.log.child({ worker: owner });
  let stopping = false;
  const wakers = new Set<() => void>();
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const wake = (): void => {
        clearTimeout(t);
        wakers.delete(wake);
        resolve();
      };
      const t = setTimeout(wake, ms);
      wakers.add(wake);
    });

  async function runOne(job: Job): Promise<void> {
    const handler = options.handlers[job.kind];
    if (!handler) return;
    const controller = new AbortController();
    const timeout = setTimeout(() => controller.abort(new JobAborted(`timed out after ${job.timeoutMs} ms`)), job.timeoutMs);
    const heartbeat = setInterval(() => {
      renewLease(options.db, job.id, owner, options.leaseMs)
        .then((held) => {
          if (!held) controller.abort(new JobAborted('lease lost (cancelled or taken over)'));
        })
        .catch((error: unknown) => log.warn({ err: error, job: job.id }, 'lease renewal failed'));
    }, Math.max(50, Math.floor(options.leaseMs / 3)));
    try {
      const aborted = new Promise<never>((_, reject) => {
        controller.signal.addEventListener('abort', () => reject(controller.signal.reason as Error), { once: true });
      });
      const result = await Promise.race([handler(job, { owner, signal: controller.signal }), aborted]);
      if (await completeJob(options.db, job.id, owner, result ?? null)) log.info({ job: job.id, kind: job.kind }, 'job done');
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const state = await failJob(options.db, job.id, owner, message, options.backoffBaseMs).catch(() => null);
      log.warn({ job: job.id, kind: job.kind, attempt: job.attempts, state, err: message }, 'job attempt failed');
    } finally {
      clearTimeout(timeout);
      clearInterval(heartbeat);
      controller.abort(new JobAborted('finished'));
    }
  }

  async function slot(): Promise<void> {
    while (!stopping) {
      let job: Job | null = null;
      try {
        job = await claimJob(options.db, kinds, owner, options.leaseMs);
      } catch (error) {
        log.error({ err: error }, 'claiming a job failed');
      }
      if (job) await runOne(job);
      else await sleep(options.pollMs);
    }
  }

  async function scheduler(): Promise<void> {
    while (!stopping) {
      for (const s of options.schedules ?? []) {
        const period = Math.floor(Date.now() / s.intervalMs);
        const job: NewJob = {
          kind: s.kind,
          payload: s.payload ?? {},
          priority: s.priority ?? -10,
          maxAttempts: 1,
          idempotencyKey: `schedule:${s.kind}:${s.intervalMs}:${period}`,
        };
        await enqueueJob(options.db, job).catch((error: unknown) => log.warn({ err: error, kind: s.kind }, 'scheduling failed'));
      }
      await sleep(Math.min(options.pollMs * 5, ...(options.schedules ?? []).map((s) => s.intervalMs), 60_000));
    }
  }

  const loops = [...Array.from({ length: options.concurrency }, () => slot()), ...(options.schedules?.length ? [scheduler()] : [])];
  log.info({ kinds, concurrency: options.concurrency }, 'worker started');
  return {
    owner,
    async stop() {
      stopping = true;
      for (const wake of [...wakers]) wake();
      await Promise.all(loops);
    },
  };
}
