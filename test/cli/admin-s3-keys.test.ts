import { execFile } from 'node:child_process';
import { cp, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, inject, it } from 'vitest';
import type { Backend } from '../../src/db/index.ts';
import { freePort, runEohub, startEohub, waitFor, waitForFile } from '../support/cli.ts';
import { BACKENDS, createTestDb, TEST_DATABASE_URL } from '../support/with-db.ts';

const run = promisify(execFile);

async function cliDatabase(backend: Backend): Promise<{ env: NodeJS.ProcessEnv; dataDir: string; drop: () => Promise<void> }> {
  const dataDir = await mkdtemp(join(tmpdir(), 'eohub-s3-keys-'));
  const base = { EOHUB_DATA_DIR: dataDir, EOHUB_LOG_LEVEL: 'warn', EOHUB_ADMIN_PASSWORD: 'admin secret 12' };
  if (backend === 'pglite') {
    await cp(inject('pgliteTemplate'), join(dataDir, 'pglite'), { recursive: true });
    return { env: base, dataDir, drop: async () => undefined };
  }
  const { db, drop } = await createTestDb('postgres', false);
  return { env: { ...base, DATABASE_URL: TEST_DATABASE_URL, EOHUB_DATABASE_SCHEMA: db.schema }, dataDir, drop };
}

const lines = (stdout: string) =>
  stdout
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);

describe('eohub admin s3-keys', () => {
  for (const backend of BACKENDS) {
    it(`creates, lists and revokes S3 key pairs, and presets the first admin's pair from the environment [${backend}]`, async () => {
      const { env, drop } = await cliDatabase(backend);
      const preset = { ...env, EOHUB_S3_ACCESS_KEY_ID: 'EOHPRESETADMIN0001', EOHUB_S3_SECRET_ACCESS_KEY: 'preset-secret-0123456789' };
      try {
        expect((await runEohub(['admin', 'user', 'add', 'carol'], preset)).code).toBe(0);
        const created = await runEohub(['admin', 's3-keys', 'create', '--user', 'carol'], preset);
        expect(created.code, created.stderr).toBe(0);
        const key = lines(created.stdout)[0];
        expect(key).toMatchObject({ username: 'carol', accessKeyId: expect.stringMatching(/^EOH[A-Z2-7]{17}$/), secretAccessKey: expect.any(String) });
        const all = lines((await runEohub(['admin', 's3-keys', 'list'], preset)).stdout);
        expect(all.map((k) => k['accessKeyId'])).toEqual(expect.arrayContaining(['EOHPRESETADMIN0001', key?.['accessKeyId']]));
        expect(all.every((k) => !('secretAccessKey' in k))).toBe(true);
        const revoked = lines((await runEohub(['admin', 's3-keys', 'revoke', String(key?.['accessKeyId'])], preset)).stdout)[0];
        expect(revoked?.['disabled']).toEqual(expect.any(String));
        const missing = await runEohub(['admin', 's3-keys', 'revoke', 'EOHNOSUCHKEY00000'], preset);
        expect(missing.code).toBe(2);
      } finally {
        await drop();
      }
    }, 180_000);
  }

  it('goes through a running server, whose S3 API answers the AWS CLI with the preset admin pair', async () => {
    const { env, dataDir } = await cliDatabase('pglite');
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
      expect(lines(created.stdout)[0]).toMatchObject({ username: 'admin' });
      const aws = { ...process.env, AWS_ACCESS_KEY_ID: 'EOHPRESETADMIN0002', AWS_SECRET_ACCESS_KEY: 'preset-secret-abcdefghij', AWS_DEFAULT_REGION: 'us-east-1' };
      const ls = await run('aws', ['--endpoint-url', `http://127.0.0.1:${s3Port}`, 's3', 'ls'], { env: aws });
      expect(ls.stdout).toContain('eodata');
      expect(server.output()).not.toContain('preset-secret-abcdefghij');
    } finally {
      server.kill('SIGTERM');
      await new Promise((r) => server.once('exit', r));
    }
  }, 240_000);
});
