import type { Command } from 'commander';
import type { JobAdmin } from '../jobs/index.ts';
import { printJson, withAdmin, type AdminCall, type AdminTarget } from './admin-client.ts';

/** The job operations through the admin API of a running server (when it holds the embedded database). */
export function httpJobAdmin(call: AdminCall): JobAdmin {
  return {
    list: (filter = {}) => {
      const q = new URLSearchParams(Object.entries(filter).map(([k, v]): [string, string] => [k, String(v)]));
      return call('GET', `/jobs${q.size > 0 ? `?${q.toString()}` : ''}`);
    },
    get: (id) => call('GET', `/jobs/${id}`),
    retry: (id) => call('POST', `/jobs/${id}/retry`, {}),
    cancel: (id) => call('POST', `/jobs/${id}/cancel`, {}),
  };
}

async function withJobAdmin<T>(command: Command, fn: (jobs: JobAdmin) => Promise<T>): Promise<T> {
  const { bindJobAdmin } = await import('../jobs/index.ts');
  const target: AdminTarget<JobAdmin> = { local: (hub) => bindJobAdmin(hub.deps.db), remote: httpJobAdmin };
  return withAdmin(command, target, fn);
}

function parseId(raw: string): number {
  if (!/^\d+$/.test(raw)) throw new Error(`not a job id: ${raw}`);
  return Number(raw);
}

/** `eohub admin jobs list|show|retry|cancel`. */
export function addJobAdminCommands(admin: Command): void {
  const jobs = admin.command('jobs').description('The job queue: archiving, eviction, restores, fixity audits.');
  jobs
    .command('list')
    .description('List jobs as JSON lines, newest first.')
    .option('--state <state>', 'queued, running, done, failed or cancelled')
    .option('--kind <kind>', 'e.g. archive.restore')
    .option('--limit <n>', 'most jobs listed', '100')
    .action(async (opts: { state?: string; kind?: string; limit: string }, command: Command) => {
      const filter = { ...(opts.state ? { state: opts.state } : {}), ...(opts.kind ? { kind: opts.kind } : {}), limit: Number(opts.limit) };
      for (const job of await withJobAdmin(command, (j) => j.list(filter))) printJson(job);
    });
  for (const [name, description] of [
    ['show', 'Print one job as JSON.'],
    ['retry', 'Queue a failed or cancelled job again with fresh attempts.'],
    ['cancel', 'Cancel a queued or running job.'],
  ] as const) {
    jobs
      .command(name)
      .description(description)
      .argument('<id>')
      .action(async (id: string, _opts: unknown, command: Command) =>
        printJson(await withJobAdmin(command, (j) => (name === 'show' ? j.get(parseId(id)) : j[name](parseId(id))))),
      );
  }
}
