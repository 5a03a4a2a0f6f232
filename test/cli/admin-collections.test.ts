import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliDatabase, freePort, jsonLines, runEohub, startEohub, waitFor, waitForFile } from '../support/cli.ts';
import { BACKENDS } from '../support/with-db.ts';

describe('eohub admin collection', () => {
  for (const backend of BACKENDS) {
    it(`lists collections with their policies and restricts one to roles and groups [${backend}]`, async () => {
      const { env, drop } = await cliDatabase(backend, { EOHUB_ADMIN_PASSWORD: 'cli admin password' });
      try {
        const list = await runEohub(['admin', 'collection', 'list'], env);
        expect(list.code, list.stderr).toBe(0);
        expect(jsonLines(list.stdout).find((c) => c['name'] === 'SENTINEL-2')).toMatchObject({
          policy: null,
          effectivePolicy: 'registered',
          allow: [],
          productCount: 0,
        });
        const set = await runEohub(
          ['admin', 'collection', 'access', 'SENTINEL-2', '--policy', 'restricted', '--allow', 'institutional,esa', '--allow', 'cop'],
          env,
        );
        expect(set.code, set.stderr).toBe(0);
        expect(jsonLines(set.stdout)[0]).toMatchObject({
          name: 'SENTINEL-2',
          policy: 'restricted',
          allow: ['institutional', 'esa', 'cop'],
        });
        const back = await runEohub(['admin', 'collections', 'access', 'SENTINEL-2', '--policy', 'default'], env);
        expect(jsonLines(back.stdout)[0]).toMatchObject({ policy: null, effectivePolicy: 'registered', allow: [] });
        const bad = await runEohub(['admin', 'collection', 'access', 'SENTINEL-2', '--policy', 'secret'], env);
        expect(bad.code).toBe(2);
        expect(bad.stderr).toMatch(/policy/);
      } finally {
        await drop();
      }
    }, 180_000);
  }

  it('goes through the admin API of a running server that holds the embedded database, whose next request obeys', async () => {
    const { env, dataDir } = await cliDatabase('pglite', { EOHUB_ADMIN_PASSWORD: 'cli admin password' });
    const port = await freePort();
    const server = startEohub(['serve', '--no-demo', '--port', String(port), '--host', '127.0.0.1'], env);
    try {
      const url = `http://127.0.0.1:${port}`;
      await waitFor(`${url}/health`, () => true, 90_000);
      await waitForFile(join(dataDir, 'admin-credential.json'));
      expect((await fetch(`${url}/stac/collections/SENTINEL-5P`)).status).toBe(200);
      const set = await runEohub(
        ['admin', 'collection', 'access', 'SENTINEL-5P', '--policy', 'restricted', '--allow', 'institutional'],
        env,
      );
      expect(set.code, set.stderr).toBe(0);
      expect((await fetch(`${url}/stac/collections/SENTINEL-5P`)).status).toBe(404);
      const list = await runEohub(['admin', 'collection', 'list'], env);
      expect(jsonLines(list.stdout).find((c) => c['name'] === 'SENTINEL-5P')).toMatchObject({
        policy: 'restricted',
        allow: ['institutional'],
      });
    } finally {
      server.kill('SIGTERM');
      await new Promise((r) => server.once('exit', r));
    }
  }, 240_000);
});
