/**
 * Jobs: the work queue in the catalogue database (table `jobs`, migration 0011) and the worker loop.
 * Capabilities enqueue on their own transaction (enqueueJob) and register handlers by kind; `eohub
 * worker` and the in-process worker of `eohub serve` run them. Owns the jobs table; emits no events.
 */
export type { Job, JobState, NewJob } from './types.ts';
export { JOB_STATES } from './types.ts';
export { JOB_ERRORS } from './errors.ts';
export {
  enqueueJob,
  claimJob,
  renewLease,
  holdsJob,
  completeJob,
  failJob,
  backoffMs,
  getJob,
  listJobs,
  cancelJob,
  retryJob,
  type JobListFilter,
} from './queue.ts';
export { startWorker, type JobHandler, type JobRun, type ScheduledJob, type Worker, type WorkerOptions } from './worker.ts';
export { bindJobAdmin, type JobAdmin } from './admin.ts';
