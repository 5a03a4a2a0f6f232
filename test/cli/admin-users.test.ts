import { execFile } from 'node:child_process';
import { stat, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { cliDatabase, freePort, jsonLines, ROOT, runEohub, startEohub, waitFor, waitForFile } from '../support/cli.ts';
import { BACKENDS } from '../support/with-db.ts';

const run = promisify(execFile);

describe('eohub admin user', () => {
  for (const backend of BACKENDS) {
    it(`manages users, roles and API keys, and prints a generated first-admin password once [${backend}]`, async () => {
      const { env, drop } = await cliDatabase(backend);
      try {
        const first = await runEohub(['admin', 'user', 'list'], env);
        expect(first.code, first.stderr).toBe(0);
        const generated = /user "admin", password (\S+)/.exec(first.stderr)?.[1];
        expect(generated).toMatch(/^[A-Za-z0-9_-]{24}$/);
        expect(jsonLines(first.stdout).map((u) => u['username'])).toEqual(['admin']);

        const add = await runEohub(
          ['admin', 'user', 'add', 'alice', '--email', 'alice@example.org', '--role', 'institutional', 'esa'],
          env,
        );
        expect(add.code, add.stderr).toBe(0);
        expect(add.stderr).not.toMatch(/first admin/);
        expect(jsonLines(add.stdout)[0]).toMatchObject({
          username: 'alice',
          roles: ['institutional', 'registered'],
          groups: ['esa'],
          password: expect.any(String),
        });

        const role = await runEohub(['admin', 'user', 'role', 'add', 'ALICE', 'admin'], env);
        expect(jsonLines(role.stdout)[0]).toMatchObject({ roles: ['admin', 'institutional', 'registered'] });
        const removed = await runEohub(['admin', 'user', 'role', 'remove', 'alice', 'esa'], env);
        expect(jsonLines(removed.stdout)[0]).toMatchObject({ groups: [] });
        const key = jsonLines((await runEohub(['admin', 'user', 'apikey', 'create', 'alice', '--name', 'ci'], env)).stdout)[0];
        expect(key).toMatchObject({ key: expect.stringMatching(/^eoh_[0-9a-f]{12}_/), name: 'ci', revoked: null });
        const revoked = jsonLines((await runEohub(['admin', 'user', 'apikey', 'revoke', String(key?.['prefix'])], env)).stdout)[0];
        expect(revoked?.['revoked']).toEqual(expect.any(String));
        expect(jsonLines((await runEohub(['admin', 'user', 'disable', 'alice'], env)).stdout)[0]).toMatchObject({ disabled: true });
        expect(jsonLines((await runEohub(['admin', 'rotate-signing-key'], env)).stdout)[0]).toMatchObject({ kid: expect.any(String) });
        const missing = await runEohub(['admin', 'user', 'disable', 'nobody'], env);
        expect(missing.code).toBe(2);
        expect(missing.stderr).toMatch(/no user nobody/);
      } finally {
        await drop();
      }
    }, 180_000);
  }

  it('goes through the admin API of a running server that holds the embedded database, and the CDSE curl flow works against it', async () => {
    const { env, dataDir } = await cliDatabase('pglite');
    const port = await freePort();
    const server = startEohub(['serve', '--no-demo', '--port', String(port), '--host', '127.0.0.1'], {
      ...env,
      EOHUB_ADMIN_PASSWORD: 'admin secret 5',
      EOHUB_LOG_LEVEL: 'info',
    });
    try {
      await waitFor(`http://127.0.0.1:${port}/health`, () => true, 90_000);
      const credentialFile = join(dataDir, 'admin-credential.json');
      // written by the server's onListen hook, which may finish just after /health first answers
      await waitForFile(credentialFile);
      expect((await stat(credentialFile)).mode & 0o777).toBe(0o600);

      const add = await runEohub(['admin', 'user', 'add', 'bob', '--password-stdin'], env);
      // no standard input: an empty password is refused, and no user is created
      expect(add.code).toBe(2);
      expect(add.stderr).toMatch(/no password/);
      const added = await runEohub(['admin', 'user', 'add', 'bob', '--role', 'institutional'], env);
      expect(added.code, added.stderr).toBe(0);
      const bob = jsonLines(added.stdout)[0];
      expect(bob).toMatchObject({ username: 'bob', roles: ['institutional', 'registered'] });
      expect(jsonLines((await runEohub(['admin', 'user', 'list'], env)).stdout).map((u) => u['username'])).toEqual(['admin', 'bob']);

      const flow = await run(join(ROOT, 'test/api/auth/cdse-token-flow.sh'), [
        `http://127.0.0.1:${port}`,
        'bob',
        String(bob?.['password']),
      ]);
      expect(flow.stdout).toContain('token_type Bearer expires_in 600');
      expect(flow.stdout).toContain('stac 200');
      expect(flow.stdout).toContain('health 200');
      expect(flow.stdout).toContain('bad-token 401');

      const disabled = await runEohub(['admin', 'user', 'disable', 'bob'], env);
      expect(jsonLines(disabled.stdout)[0]).toMatchObject({ disabled: true });
      await expect(
        run(join(ROOT, 'test/api/auth/cdse-token-flow.sh'), [`http://127.0.0.1:${port}`, 'bob', String(bob?.['password'])]),
      ).rejects.toThrow();

      // nothing secret reached the server's log
      for (const secret of [
        'admin secret 5',
        String(bob?.['password']),
        JSON.parse(await readFile(credentialFile, 'utf8')).apiKey as string,
      ]) {
        expect(server.output()).not.toContain(secret);
      }
    } finally {
      server.kill('SIGTERM');
      await new Promise((r) => server.once('exit', r));
    }
    await expect(stat(join(dataDir, 'admin-credential.json'))).rejects.toThrow();
  }, 240_000);
});
