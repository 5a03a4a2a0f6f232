import type { Command } from 'commander';
import type { UserAdmin } from '../auth/index.ts';
import { HubError } from '../errors/index.ts';
import { printJson, withAdmin, type AdminCall, type AdminTarget } from './admin-client.ts';

/**
 * `eohub admin user ...`: accounts, roles and API keys, on the database or through a running server's
 * admin API (admin-client.ts).
 */
const USERS: AdminTarget<UserAdmin> = { local: (hub) => hub.deps.auth.users, remote: (call) => httpUserAdmin(call) };

function withUserAdmin<T>(command: Command, fn: (users: UserAdmin) => Promise<T>): Promise<T> {
  return withAdmin(command, USERS, fn);
}

/** The same operations through the admin API of a running server. */
export function httpUserAdmin(call: AdminCall): UserAdmin {
  const u = (name: string) => `/users/${encodeURIComponent(name)}`;
  return {
    addUser: (input) => call('POST', '/users', input),
    listUsers: () => call('GET', '/users'),
    getUser: (name) => call('GET', u(name)),
    setDisabled: (name, disabled) => call('PATCH', u(name), { disabled }),
    setPassword: (name, password) => call('PATCH', u(name), { password }),
    addRole: (name, role) => call('PUT', `${u(name)}/roles/${encodeURIComponent(role)}`),
    removeRole: (name, role) => call('DELETE', `${u(name)}/roles/${encodeURIComponent(role)}`),
    createApiKey: async (name, keyName) => {
      const { key, ...info } = await call<{ key: string } & Awaited<ReturnType<UserAdmin['listApiKeys']>>[number]>(
        'POST',
        `${u(name)}/api-keys`,
        { name: keyName },
      );
      return { key, info };
    },
    listApiKeys: (name) => call('GET', `${u(name)}/api-keys`),
    revokeApiKey: (prefix) => call('DELETE', `/api-keys/${encodeURIComponent(prefix)}`),
    rotateSigningKey: () => call('POST', '/signing-keys/rotate', {}),
  };
}

/** A password from standard input (first line), so that it never shows in the process list. */
async function readPasswordFromStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  // stdin has no encoding set, so its chunks are Buffers
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '';
}

async function passwordOption(opts: { passwordStdin?: boolean }): Promise<{ password?: string; generated?: string }> {
  if (opts.passwordStdin) {
    const password = await readPasswordFromStdin();
    if (password.length === 0) throw new HubError('AUTH_INVALID_USER', 'invalid', 'no password on standard input');
    return { password };
  }
  const { generatePassword } = await import('../auth/index.ts');
  const generated = generatePassword();
  return { password: generated, generated };
}

const print = printJson;

export function addUserAdminCommands(admin: Command): void {
  const user = admin.command('user').description('Accounts: users, roles and groups, API keys.');
  user
    .command('add')
    .description('Create a user; prints the generated password once unless --password-stdin is given.')
    .argument('<username>')
    .option('--email <email>')
    .option('--role <role...>', 'roles (admin, institutional) or groups (any other name)')
    .option('--password-stdin', 'read the password from standard input')
    .action(async (username: string, opts: { email?: string; role?: string[]; passwordStdin?: boolean }, command: Command) => {
      const { password, generated } = await passwordOption(opts);
      const created = await withUserAdmin(command, (users) =>
        users.addUser({
          username,
          ...(opts.email ? { email: opts.email } : {}),
          ...(password !== undefined ? { password } : {}),
          ...(opts.role ? { roles: opts.role } : {}),
        }),
      );
      print(generated === undefined ? created : { ...created, password: generated });
    });
  user
    .command('list')
    .description('List users as JSON lines.')
    .action(async (_opts: unknown, command: Command) => {
      for (const u of await withUserAdmin(command, (users) => users.listUsers())) print(u);
    });
  for (const [name, disabled] of [
    ['disable', true],
    ['enable', false],
  ] as const) {
    user
      .command(name)
      .description(disabled ? 'Disable a user: tokens and keys stop working, sessions end.' : 'Enable a disabled user.')
      .argument('<username>')
      .action(async (username: string, _opts: unknown, command: Command) =>
        print(await withUserAdmin(command, (users) => users.setDisabled(username, disabled))),
      );
  }
  user
    .command('passwd')
    .description("Set a user's password (generated and printed once unless --password-stdin); ends their sessions.")
    .argument('<username>')
    .option('--password-stdin', 'read the password from standard input')
    .action(async (username: string, opts: { passwordStdin?: boolean }, command: Command) => {
      const { password, generated } = await passwordOption(opts);
      const u = await withUserAdmin(command, (users) => users.setPassword(username, password ?? ''));
      print(generated === undefined ? u : { ...u, password: generated });
    });
  const role = user.command('role').description('Roles (admin, institutional; registered is implicit) and groups.');
  role
    .command('add')
    .argument('<username>')
    .argument('<role>')
    .action(async (username: string, r: string, _opts: unknown, command: Command) =>
      print(await withUserAdmin(command, (users) => users.addRole(username, r))),
    );
  role
    .command('remove')
    .argument('<username>')
    .argument('<role>')
    .action(async (username: string, r: string, _opts: unknown, command: Command) =>
      print(await withUserAdmin(command, (users) => users.removeRole(username, r))),
    );
  const apikey = user.command('apikey').description('API keys (Authorization: Bearer, X-API-Key, or client_secret of client_credentials).');
  apikey
    .command('create')
    .description('Create an API key; the key is printed once.')
    .argument('<username>')
    .option('--name <name>', 'what the key is for', 'cli')
    .action(async (username: string, opts: { name: string }, command: Command) => {
      const { key, info } = await withUserAdmin(command, (users) => users.createApiKey(username, opts.name));
      print({ key, ...info });
    });
  admin
    .command('rotate-signing-key')
    .description('Sign new tokens with a new key; the old one stays in the JWKS until its tokens expire.')
    .action(async (_opts: unknown, command: Command) => print(await withUserAdmin(command, (users) => users.rotateSigningKey())));
  apikey
    .command('revoke')
    .argument('<prefix>', 'the key prefix (or id) shown by create')
    .action(async (prefix: string, _opts: unknown, command: Command) =>
      print(await withUserAdmin(command, (users) => users.revokeApiKey(prefix))),
    );
}
