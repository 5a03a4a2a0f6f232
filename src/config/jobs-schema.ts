import { z } from 'zod';

/** The job runner (schema.ts includes it): in-process or separate workers, leases, polling and retries. */
export const jobsSchema = z
  .object({
    inProcessWorker: z
      .boolean()
      .default(true)
      .describe(
        'Run a job worker inside `eohub serve` (the embedded database allows no other process); with PostgreSQL, `eohub worker` processes can take over. Env EOHUB_JOBS_IN_PROCESS_WORKER (true/false).',
      ),
    concurrency: z.coerce.number().int().min(1).max(64).default(2).describe('Jobs one worker runs at once. Env EOHUB_JOBS_CONCURRENCY.'),
    leaseMs: z.coerce
      .number()
      .int()
      .min(100)
      .max(3_600_000)
      .default(30_000)
      .describe(
        "How long a worker holds a job between heartbeats, in ms; a dead worker's job is taken over after it runs out. Env EOHUB_JOBS_LEASE_MS.",
      ),
    pollMs: z.coerce
      .number()
      .int()
      .min(10)
      .max(60_000)
      .default(1000)
      .describe('Wait between polls of an empty queue, in ms. Env EOHUB_JOBS_POLL_MS.'),
    backoffBaseMs: z.coerce
      .number()
      .int()
      .min(0)
      .max(3_600_000)
      .default(5000)
      .describe('First retry delay of a failed job, doubled at every further attempt, in ms. Env EOHUB_JOBS_BACKOFF_BASE_MS.'),
  })
  .prefault({})
  .describe('Job runner');
