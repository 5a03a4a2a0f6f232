import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { cliDatabase, freePort, jsonLines, runEohub, startEohub, waitFor, waitForFile } from '../support/cli.ts';
import { BACKENDS } from '../support/with-db.ts';

const run = promisify(execFile);

describe('eohub admin s3-keys', () => {
  for (const backend of BACKENDS) {
    it(`creates, lists and revokes S3 key pairs, and presets the first admin's pair from the environment [${backend}]`, async () => {
      const { env, drop } = await cliDatabase(backend, { EOHUB_ADMIN_PASSWORD: 'admin secret 12' });
      const preset = { ...env, EOHUB_S3_ACCESS_KEY_ID: 'EOHPRESETADMIN0001', EOHUB_S3_SECRET_ACCESS_KEY: 'preset-secret-0123456789' };
      try {
        expect((await runEohub(['admin', 'user', 'add', 'carol'], preset)).code).toBe(0);
        const created = await runEohub(['admin', 's3-keys', 'create', '--user', 'carol'], preset);
        expect(created.code, created.stderr).toBe(0);
        const key = jsonLines(created.stdout)[0];
        expect(key).toMatchObject({
          username: 'carol',
          accessKeyId: expect.stringMatching(/^EOH[A-Z2-7]{17}$/),
          secretAccessKey: expect.any(String),
        });
        const all = jsonLines((await runEohub(['admin', 's3-keys', 'list'], preset)).stdout);
        expect(all.map((k) => k['accessKeyId'])).toEqual(expect.arrayContaining(['EOHPRESETADMIN0001', key?.['accessKeyId']]));
        expect(all.every((k) => !('secretAccessKey' in k))).toBe(true);
        const revoked = jsonLines((await runEohub(['admin', 's3-keys', 'revoke', String(key?.['accessKeyId'])], preset)).stdout)[0];
        expect(revoked?.['disabled']).toEqual(expect.any(String));
        const missing = await runEohub(['admin', 's3-keys', 'revoke', 'EOHNOSUCHKEY00000'], preset);
        expect(missing.code).toBe(2);
      } finally {
        await drop();
      }
    }, 400_000);
  }

  it('goes through a running server, whose S3 API answers the AWS CLI with the preset admin pair', async () => {
    const { env, dataDir } = await cliDatabase('pglite', { EOHUB_ADMIN_PASSWORD: 'admin secret 12' });
    const port = await freePort();
    const s3Port = await freePort();
    const server = startEohub(['serve', '--no-demo', '--port', String(port), '--host', '127.0.0.1'], {
      ...env,
      EOHUB_S3_PORT: String(s3Port),
      EOHUB_S3_ACCESS_KEY_ID: 'EOHPRESETADMIN0002',
      EOHUB_S3_SECRET_ACCESS_KEY: 'preset-secret-abcdefghij',
    });
    try {
      await waitFor(`http://127.0.0.1:${port}/health`, () => true, 90_000);
      await waitForFile(join(dataDir, 'admin-credential.json'));
      const created = await runEohub(['admin', 's3-keys', 'create'], env);
      expect(created.code, created.stderr).toBe(0);
      expect(jsonLines(created.stdout)[0]).toMatchObject({ username: 'admin' });
      const aws = {
        ...process.env,
        AWS_ACCESS_KEY_ID: 'EOHPRESETADMIN0002',
        AWS_SECRET_ACCESS_KEY: 'preset-secret-abcdefghij',
        AWS_DEFAULT_REGION: 'us-east-1',
      };
      const ls = await run('aws', ['--endpoint-url', `http://127.0.0.1:${s3Port}`, 's3', 'ls'], { env: aws });
      expect(ls.stdout).toContain('eodata');
      expect(server.output()).not.toContain('preset-secret-abcdefghij');
    } finally {
      server.kill('SIGTERM');
      await new Promise((r) => server.once('exit', r));
    }
  }, 240_000);
});
