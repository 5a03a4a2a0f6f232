import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Hub } from '../../../src/hub/index.ts';
import { buildTestHub } from '../../support/hub.ts';
import { addStoredProduct, s3Request, type S3Credentials } from '../../support/s3.ts';
import { withDb } from '../../support/with-db.ts';

const code = (body: string): string | undefined => /<Code>([^<]+)<\/Code>/.exec(body)?.[1];
const PRODUCT = 'Sentinel-2/MSI/L2A/2024/05/03/S2A_MSIL2A_QUOTA.SAFE';
const DATA = Buffer.alloc(3000, 7);

/**
 * GetObject bodies are downloads under the key owner's quotas, as on the other APIs: each is recorded
 * as usage (user, product, collection, file, bytes), and past the month's volume the answer is S3's
 * SlowDown (503) with Retry-After. Listings and HEAD are not downloads.
 */
withDb('S3 access API: quotas and usage', (ctx) => {
  let hub: Hub;
  let rita: S3Credentials;

  const usage = async () =>
    (
      await ctx.db.query<{ username: string; collection: string; file_name: string; bytes_sent: string; status: string }>(
        `SELECT username, collection, file_name, bytes_sent::text, status FROM download_usage ORDER BY started_at`,
      )
    ).rows;
  /** The usage row is closed just after the response ended. */
  const settled = async (): Promise<void> => {
    for (let i = 0; i < 200 && (await usage()).some((u) => u.status === 'running'); i++) await new Promise((r) => setTimeout(r, 25));
  };

  beforeAll(async () => {
    hub = await buildTestHub(ctx.db, { quotas: { registered: { monthlyDownloadBytes: 4000, bandwidthBytesPerS: 0 } } });
    await addStoredProduct(hub, PRODUCT, { 'B04.jp2': DATA });
    await hub.deps.auth.users.addUser({ username: 'rita', password: 'rita registered password' });
    const { secretAccessKey, info } = await hub.deps.s3.keys.createKey('rita');
    rita = { accessKeyId: info.accessKeyId, secretAccessKey };
  });

  afterAll(async () => {
    await hub.close();
  });

  it('records a GetObject as a download of the owner, and not a listing or a HEAD', async () => {
    expect((await s3Request(hub.s3App, rita, { key: '', query: { 'list-type': '2' } })).statusCode).toBe(200);
    expect((await s3Request(hub.s3App, rita, { method: 'HEAD', key: `${PRODUCT}/B04.jp2` })).statusCode).toBe(200);
    expect(await usage()).toEqual([]);
    const get = await s3Request(hub.s3App, rita, { key: `${PRODUCT}/B04.jp2` });
    expect(get.statusCode).toBe(200);
    expect(get.rawPayload.equals(DATA)).toBe(true);
    await settled();
    expect(await usage()).toEqual([{ username: 'rita', collection: 'SENTINEL-2', file_name: 'B04.jp2', bytes_sent: '3000', status: 'complete' }]);
  });

  it("counts ranged reads' bytes, and answers SlowDown with Retry-After once the month's volume is used up", async () => {
    const part = await s3Request(hub.s3App, rita, { key: `${PRODUCT}/B04.jp2`, headers: { range: 'bytes=0-999' } });
    expect(part.statusCode).toBe(206);
    await settled();
    expect((await usage()).map((u) => u.bytes_sent)).toEqual(['3000', '1000']);
    const refused = await s3Request(hub.s3App, rita, { key: `${PRODUCT}/B04.jp2` });
    expect(refused.statusCode).toBe(503);
    expect(code(refused.body)).toBe('SlowDown');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
  });
});
