import type { Command } from 'commander';
import type { S3KeyAdmin, S3KeyInfo } from '../s3/index.ts';
import { printJson, withAdmin, type AdminCall, type AdminTarget } from './admin-client.ts';

/** `eohub admin s3-keys ...`: key pairs for the S3 access API, directly or through a running server. */
function httpS3KeyAdmin(call: AdminCall): S3KeyAdmin {
  return {
    createKey: async (username) => {
      const { secretAccessKey, ...info } = await call<S3KeyInfo & { secretAccessKey: string }>(
        'POST',
        `/users/${encodeURIComponent(username)}/s3-keys`,
        {},
      );
      return { secretAccessKey, info };
    },
    listKeys: (username) => call('GET', `/s3-keys${username === undefined ? '' : `?user=${encodeURIComponent(username)}`}`),
    revokeKey: (accessKeyId) => call('DELETE', `/s3-keys/${encodeURIComponent(accessKeyId)}`),
  };
}

const S3_KEYS: AdminTarget<S3KeyAdmin> = { local: (hub) => hub.deps.s3.keys, remote: httpS3KeyAdmin };

const withS3Keys = <T>(command: Command, fn: (keys: S3KeyAdmin) => Promise<T>): Promise<T> => withAdmin(command, S3_KEYS, fn);

const print = printJson;

export function addS3KeyCommands(admin: Command): void {
  const keys = admin.command('s3-keys').description('Key pairs for the S3 access API (AWS Signature V4), one user each.');
  keys
    .command('create')
    .description('Issue a key pair to a user (default admin); the secret is printed once.')
    .option('--user <username>', 'owner of the key', 'admin')
    .action(async (opts: { user: string }, command: Command) => {
      const { secretAccessKey, info } = await withS3Keys(command, (k) => k.createKey(opts.user));
      print({ ...info, secretAccessKey });
    });
  keys
    .command('list')
    .description('List key pairs (without secrets) as JSON lines.')
    .option('--user <username>', "only this user's keys")
    .action(async (opts: { user?: string }, command: Command) => {
      for (const k of await withS3Keys(command, (a) => a.listKeys(opts.user))) print(k);
    });
  keys
    .command('revoke')
    .description('Disable a key pair for good.')
    .argument('<accessKeyId>')
    .action(async (accessKeyId: string, _opts: unknown, command: Command) =>
      print(await withS3Keys(command, (k) => k.revokeKey(accessKeyId))),
    );
}
