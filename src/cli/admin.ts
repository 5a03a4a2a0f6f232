import type { Command } from 'commander';
import { addCollectionAccessCommands } from './admin-collections.ts';
import { addJobAdminCommands } from './admin-jobs.ts';
import { addS3KeyCommands } from './admin-s3-keys.ts';
import { addUsageCommand } from './admin-usage.ts';
import { addUserAdminCommands } from './admin-users.ts';
import { configFrom } from './options.ts';

async function withHub<T>(
  command: Command,
  fn: (hub: Awaited<ReturnType<typeof import('../hub/index.ts').buildHub>>) => Promise<T>,
): Promise<T> {
  const { buildHub } = await import('../hub/index.ts');
  const { pino } = await import('pino');
  const config = configFrom(command);
  const hub = await buildHub(config, { log: pino({ level: 'warn' }, process.stderr) });
  try {
    return await fn(hub);
  } finally {
    await hub.close();
  }
}

export function addAdminCommands(program: Command): void {
  const admin = program.command('admin').description('Operate the hub: database, recovery, collections, users, jobs, usage.');
  addUserAdminCommands(admin);
  addS3KeyCommands(admin);
  addJobAdminCommands(admin);
  addUsageCommand(admin);

  admin
    .command('migrate')
    .description('Apply pending database migrations and print the schema version.')
    .action(async (_opts: unknown, command: Command) => {
      await withHub(command, async (hub) => {
        const { schemaVersion } = await import('../db/index.ts');
        process.stdout.write(`schema version ${await schemaVersion(hub.deps.db)} (${hub.deps.db.backend})\n`);
      });
    });

  admin
    .command('status')
    .description('Print the backend, schema version and product count as JSON.')
    .action(async (_opts: unknown, command: Command) => {
      await withHub(command, async (hub) => {
        const { getHubStatus } = await import('../status/index.ts');
        const { INTERNAL_SEES_EVERYTHING } = await import('../access/index.ts');
        process.stdout.write(`${JSON.stringify(await getHubStatus(hub.deps.db, INTERNAL_SEES_EVERYTHING))}\n`);
      });
    });

  admin
    .command('recover')
    .description('Undo ingests interrupted by a crash (also done on every start).')
    .action(async (_opts: unknown, command: Command) => {
      await withHub(command, async (hub) => {
        const { recoverIngests } = await import('../ingest/index.ts');
        const r = await recoverIngests(hub.deps.db, hub.deps.stores, 0);
        process.stdout.write(`${JSON.stringify(r)}\n`);
      });
    });

  const collections = admin
    .command('collections')
    .alias('collection')
    .description('List and add collections, and set their access policies.');
  addCollectionAccessCommands(collections);
  collections
    .command('add')
    .description('Add a collection, e.g. a contributing mission or a service product line.')
    .argument('<name>', 'collection name as CDSE spells them: upper case, digits, - and _ (e.g. LANDSAT-8, CLMS)')
    .option('--title <title>', 'human-readable title')
    .option('--description <text>', 'description')
    .option('--storage-prefix <prefix>', 'top folder in storage (default: the name)')
    .action(async (name: string, opts: { title?: string; description?: string; storagePrefix?: string }, command: Command) => {
      await withHub(command, async (hub) => {
        const { createCollection } = await import('../catalog/index.ts');
        const c = await createCollection(hub.deps.db, {
          name,
          ...(opts.title ? { title: opts.title } : {}),
          ...(opts.description ? { description: opts.description } : {}),
          ...(opts.storagePrefix ? { storagePrefix: opts.storagePrefix } : {}),
        });
        process.stdout.write(`${JSON.stringify(c)}\n`);
      });
    });
}
