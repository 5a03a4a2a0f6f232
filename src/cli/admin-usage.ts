import type { Command } from 'commander';
import type { UsageQuery, UsageRow } from '../quotas/index.ts';
import { printJson, withAdmin, type AdminTarget } from './admin-client.ts';

/**
 * `eohub admin usage [--from] [--to] [--by user|collection]`: the download usage summary as JSON lines, from
 * the database or through the admin API of the running server that holds the embedded database.
 */
export function addUsageCommand(admin: Command): void {
  admin
    .command('usage')
    .description('Summarise downloads (count by status, bytes) per user or per collection, as JSON lines.')
    .option('--from <instant>', 'downloads started at or after this ISO 8601 date or instant')
    .option('--to <instant>', 'downloads started before this ISO 8601 date or instant')
    .option('--by <what>', 'user or collection', 'user')
    .action(async (opts: { from?: string; to?: string; by: string }, command: Command) => {
      // summarizeUsage checks groupBy and the instants, on either path.
      const query = { from: opts.from, to: opts.to, groupBy: opts.by as UsageQuery['groupBy'] };
      const search = new URLSearchParams({
        groupBy: opts.by,
        ...(opts.from ? { from: opts.from } : {}),
        ...(opts.to ? { to: opts.to } : {}),
      });
      const usage: AdminTarget<() => Promise<UsageRow[]>> = {
        local: (hub) => () => hub.deps.quotas.usage(query),
        remote: (call) => async () => (await call<{ rows: UsageRow[] }>('GET', `/usage?${search.toString()}`)).rows,
      };
      const rows = await withAdmin(command, usage, (summarise) => summarise());
      for (const row of rows) printJson(row);
    });
}
