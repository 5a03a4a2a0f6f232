import type { Command } from 'commander';
import { configFrom } from './options.ts';

export function addWorkerCommand(program: Command): void {
  program
    .command('worker')
    .description(
      'Run jobs (archiving, eviction, restores, fixity audits) in a process of its own; any number share the queue. Needs PostgreSQL: the embedded database opens in one process only, where `serve` runs the jobs itself.',
    )
    .option('--concurrency <n>', 'jobs run at once (EOHUB_JOBS_CONCURRENCY)')
    .action(async (opts: { concurrency?: string }, command: Command) => {
      const config = configFrom(command, opts.concurrency ? { jobs: { concurrency: opts.concurrency } } : {});
      if (!config.databaseUrl) {
        process.stderr.write(
          'eohub: `eohub worker` needs PostgreSQL (DATABASE_URL); with the embedded database `eohub serve` runs the jobs in its own process\n',
        );
        process.exitCode = 2;
        return;
      }
      const { buildHub } = await import('../hub/index.ts');
      const { startHubWorker } = await import('../hub/worker.ts');
      const hub = await buildHub(config);
      const worker = startHubWorker(hub.deps);
      hub.deps.log.info({ owner: worker.owner }, 'eohub worker running');
      let closing = false;
      const stop = async (signal: string): Promise<void> => {
        if (closing) return;
        closing = true;
        hub.deps.log.info(`${signal}: finishing running jobs`);
        await worker.stop();
        await hub.close();
        process.exit(0);
      };
      process.once('SIGINT', () => void stop('SIGINT'));
      process.once('SIGTERM', () => void stop('SIGTERM'));
    });
}
