import { mkdtemp, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { waitForFile } from '../support/cli.ts';
import { buildTestHub } from '../support/hub.ts';
import { withDb } from '../support/with-db.ts';

withDb('the running server leaves a credential for `eohub admin` in the data folder', (ctx) => {
  it('creates the data folder first when nothing else has (PostgreSQL keeps no files there), and removes the credential on close', async () => {
    const dataDir = join(await mkdtemp(join(tmpdir(), 'eohub-credential-')), 'not-created-yet');
    const hub = await buildTestHub(ctx.db, { dataDir });
    const credentialPath = join(dataDir, 'admin-credential.json');
    try {
      await hub.app.listen({ port: 0, host: '127.0.0.1' });
      // written by the onListen hook, which may finish just after listen() resolves
      await waitForFile(credentialPath);
      const credential = JSON.parse(await readFile(credentialPath, 'utf8')) as { url: string; apiKey: string; pid: number };
      expect(credential.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(credential.pid).toBe(process.pid);
      expect((await stat(credentialPath)).mode & 0o777).toBe(0o600);
      const res = await fetch(`${credential.url}/admin/users`, { headers: { authorization: `Bearer ${credential.apiKey}` } });
      expect(res.status).toBe(200);
    } finally {
      await hub.close();
    }
    await expect(stat(credentialPath)).rejects.toThrow();
  });
});
