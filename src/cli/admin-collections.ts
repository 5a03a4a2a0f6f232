import type { Command } from 'commander';
import type { CollectionAccessAdmin, CollectionAccessInfo } from '../access/index.ts';
import { printJson, withAdmin, type AdminTarget } from './admin-client.ts';

/**
 * `eohub admin collection list|access`: collections with their access policies, on the database or
 * through a running server's admin API (admin-client.ts).
 */
const COLLECTIONS: AdminTarget<CollectionAccessAdmin> = {
  local: (hub) => hub.deps.access.admin,
  remote: (call) => ({
    listCollections: () => call('GET', '/collections'),
    setAccess: (name, change) => call<CollectionAccessInfo>('PUT', `/collections/${encodeURIComponent(name)}/access`, change),
  }),
};

/** `--allow a,b --allow c` → ['a', 'b', 'c']. */
const collectNames = (value: string, previous: string[] = []): string[] => [
  ...previous,
  ...value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean),
];

export function addCollectionAccessCommands(collections: Command): void {
  collections
    .command('list')
    .description(
      'List collections with their access policy, the policy in effect, the allowed roles or groups and product counts, as JSON lines.',
    )
    .action(async (_opts: unknown, command: Command) => {
      for (const c of await withAdmin(command, COLLECTIONS, (admin) => admin.listCollections())) printJson(c);
    });
  collections
    .command('access')
    .description("Set a collection's access policy: public, registered (download needs a login), restricted (only --allow), or default.")
    .argument('<name>', 'collection name, e.g. SENTINEL-2')
    .requiredOption('--policy <policy>', 'public | registered | restricted | default (follow access.defaultPolicy)')
    .option('--allow <names>', 'roles or groups allowed into a restricted collection, comma-separated (repeatable)', collectNames)
    .action(async (name: string, opts: { policy: string; allow?: string[] }, command: Command) => {
      const change = { policy: opts.policy === 'default' ? null : opts.policy, allow: opts.allow ?? [] };
      printJson(await withAdmin(command, COLLECTIONS, (admin) => admin.setAccess(name, change)));
    });
}
