import { archiveJobHandlers, archiveSchedules } from '../archive/index.ts';
import { startWorker, type Worker } from '../jobs/index.ts';
import type { HubDeps } from './index.ts';

/**
 * A job worker with every capability's handlers and schedules, as `eohub worker` runs it and as
 * `eohub serve` runs it in-process (jobs.inProcessWorker).
 */
export function startHubWorker(deps: HubDeps, options: { owner?: string } = {}): Worker {
  const { jobs, archive } = deps.config;
  return startWorker({
    db: deps.db,
    log: deps.log,
    handlers: { ...archiveJobHandlers(deps.archive) },
    schedules: archiveSchedules(archive),
    leaseMs: jobs.leaseMs,
    pollMs: jobs.pollMs,
    concurrency: jobs.concurrency,
    backoffBaseMs: jobs.backoffBaseMs,
    ...(options.owner ? { owner: options.owner } : {}),
  });
}
