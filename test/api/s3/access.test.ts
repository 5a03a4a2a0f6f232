import { afterAll, beforeAll, expect, it } from 'vitest';
import { XMLParser } from 'fast-xml-parser';
import type { Hub } from '../../../src/hub/index.ts';
import { buildTestHub } from '../../support/hub.ts';
import { addStoredProduct, s3Request, type S3Credentials } from '../../support/s3.ts';
import { withDb } from '../../support/with-db.ts';

const xml = new XMLParser({ isArray: (name) => ['Contents', 'CommonPrefixes'].includes(name) });
const code = (body: string): string | undefined => /<Code>([^<]+)<\/Code>/.exec(body)?.[1];

/**
 * The S3 API reads within the key owner's access scope, as every other API does: a restricted
 * collection is invisible (absent from listings, NoSuchKey on GET and HEAD) to a key whose owner is not
 * allowed into it, and readable with an allowed owner's key or an admin's. Public and registered
 * collections read with any key: a signed request is a signed-in user.
 */
const RESTRICTED = 'Sentinel-5P/TROPOMI/L2__CO____/2024/05/01/S5P_RESTRICTED.nc';
const REGISTERED = 'Sentinel-2/MSI/L2A/2024/05/01/S2A_REGISTERED.SAFE';
const PUBLIC = 'Sentinel-1/SAR/GRD/2024/05/01/S1A_PUBLIC.SAFE';

withDb('S3 access API: access policies', (ctx) => {
  let hub: Hub;
  const keys = new Map<'rita' | 'ivan' | 'admin', S3Credentials>();
  const creds = (who: 'rita' | 'ivan' | 'admin'): S3Credentials => {
    const c = keys.get(who);
    if (!c) throw new Error(`no key for ${who}`);
    return c;
  };
  const listKeys = async (who: 'rita' | 'ivan' | 'admin', query: Record<string, string> = {}): Promise<string[]> => {
    const r = await s3Request(hub.s3App, creds(who), { key: '', query: { 'list-type': '2', ...query } });
    expect(r.statusCode, r.body).toBe(200);
    const result = (xml.parse(r.body) as { ListBucketResult: { Contents?: { Key: string }[]; CommonPrefixes?: { Prefix: string }[] } })
      .ListBucketResult;
    return [...(result.Contents ?? []).map((c) => c.Key), ...(result.CommonPrefixes ?? []).map((p) => p.Prefix)];
  };

  beforeAll(async () => {
    hub = await buildTestHub(ctx.db, { access: { defaultPolicy: 'registered', cacheMs: 60_000 } });
    await addStoredProduct(hub, RESTRICTED, { 'product.nc': Buffer.from('restricted bytes') }, { collection: 'SENTINEL-5P' });
    await addStoredProduct(hub, REGISTERED, { 'manifest.safe': Buffer.from('registered bytes') }, { collection: 'SENTINEL-2' });
    await addStoredProduct(hub, PUBLIC, { 'manifest.safe': Buffer.from('public bytes') }, { collection: 'SENTINEL-1' });
    await hub.deps.access.admin.setAccess('SENTINEL-5P', { policy: 'restricted', allow: ['institutional'] });
    await hub.deps.access.admin.setAccess('SENTINEL-1', { policy: 'public' });
    await hub.deps.auth.users.addUser({ username: 'rita', password: 'rita registered password' });
    await hub.deps.auth.users.addUser({ username: 'ivan', password: 'ivan institutional password', roles: ['institutional'] });
    for (const who of ['rita', 'ivan', 'admin'] as const) {
      const { secretAccessKey, info } = await hub.deps.s3.keys.createKey(who);
      keys.set(who, { accessKeyId: info.accessKeyId, secretAccessKey });
    }
  });

  afterAll(async () => {
    await hub.close();
  });

  it("leaves a restricted collection out of the listings of a key whose owner is not allowed into it", async () => {
    expect(await listKeys('rita')).toEqual([`${PUBLIC}/manifest.safe`, `${REGISTERED}/manifest.safe`]);
    expect(await listKeys('rita', { delimiter: '/' })).toEqual(['Sentinel-1/', 'Sentinel-2/']);
    expect(await listKeys('rita', { prefix: 'Sentinel-5P/' })).toEqual([]);
    // Paging one key at a time neither shows nor stops at the hidden product.
    expect(await listKeys('rita', { 'max-keys': '1', 'start-after': `${PUBLIC}/manifest.safe` })).toEqual([`${REGISTERED}/manifest.safe`]);
  });

  it('answers NoSuchKey for an object of a hidden collection, on GET and HEAD alike', async () => {
    const get = await s3Request(hub.s3App, creds('rita'), { key: `${RESTRICTED}/product.nc` });
    expect(get.statusCode).toBe(404);
    expect(code(get.body)).toBe('NoSuchKey');
    expect((await s3Request(hub.s3App, creds('rita'), { method: 'HEAD', key: `${RESTRICTED}/product.nc` })).statusCode).toBe(404);
  });

  it('lists and reads the restricted collection with the key of an allowed owner, and of an admin', async () => {
    for (const who of ['ivan', 'admin'] as const) {
      expect(await listKeys(who), who).toEqual([`${PUBLIC}/manifest.safe`, `${REGISTERED}/manifest.safe`, `${RESTRICTED}/product.nc`]);
      const get = await s3Request(hub.s3App, creds(who), { key: `${RESTRICTED}/product.nc` });
      expect(get.statusCode, who).toBe(200);
      expect(get.body).toBe('restricted bytes');
    }
  });

  it('reads public and registered collections with any key: a signed request is a signed-in user', async () => {
    for (const who of ['rita', 'ivan'] as const) {
      expect((await s3Request(hub.s3App, creds(who), { key: `${REGISTERED}/manifest.safe` })).body).toBe('registered bytes');
      expect((await s3Request(hub.s3App, creds(who), { key: `${PUBLIC}/manifest.safe` })).body).toBe('public bytes');
    }
  });

  it('follows a policy change at once: restricting a collection hides it from the next request', async () => {
    await hub.deps.access.admin.setAccess('SENTINEL-2', { policy: 'restricted', allow: ['institutional'] });
    try {
      expect(await listKeys('rita')).toEqual([`${PUBLIC}/manifest.safe`]);
      expect((await s3Request(hub.s3App, creds('rita'), { key: `${REGISTERED}/manifest.safe` })).statusCode).toBe(404);
      expect((await s3Request(hub.s3App, creds('ivan'), { key: `${REGISTERED}/manifest.safe` })).statusCode).toBe(200);
    } finally {
      await hub.deps.access.admin.setAccess('SENTINEL-2', { policy: null });
    }
  });
});
