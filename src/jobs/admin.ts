import type { Db } from '../db/index.ts';
import { cancelJob, getJob, listJobs, retryJob, type JobListFilter } from './queue.ts';
import type { Job } from './types.ts';

/** What `eohub admin jobs` and /admin/jobs do, bound to a database (or, in the CLI, to a running server's admin API). */
export interface JobAdmin {
  list(filter?: JobListFilter): Promise<Job[]>;
  get(id: number): Promise<Job>;
  retry(id: number): Promise<Job>;
  cancel(id: number): Promise<Job>;
}

export function bindJobAdmin(db: Db): JobAdmin {
  return {
    list: (filter) => listJobs(db, filter),
    get: (id) => getJob(db, id),
    retry: (id) => retryJob(db, id),
    cancel: (id) => cancelJob(db, id),
  };
}
