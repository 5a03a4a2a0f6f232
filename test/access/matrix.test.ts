import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INTERNAL_SEES_EVERYTHING, type AccessPolicy } from '../../src/access/index.ts';
import { getProduct, type Product } from '../../src/catalog/index.ts';
import { listProductNodes } from '../../src/download/index.ts';
import type { Hub } from '../../src/hub/index.ts';
import { ingestPaths } from '../../src/ingest/index.ts';
import { buildTestHub } from '../support/hub.ts';
import { sample } from '../support/samples.ts';
import { withDb } from '../support/with-db.ts';

/**
 * The authorization matrix of issue 7: who (anonymous, a registered user, an institutional user, an
 * admin) sees and downloads what, for each policy, through every API surface. One real product per
 * collection: SENTINEL-1 is public, SENTINEL-2 follows the default (registered, as on CDSE), SENTINEL-5P
 * is restricted to the `institutional` role. Catalogue surfaces show a product exactly when its
 * collection is visible, in results and in counts alike; a hidden product is 404 as if absent;
 * downloads from a registered collection ask anonymous callers to sign in (401 with a challenge).
 */
const ROLES = ['anonymous', 'registered', 'institutional', 'admin'] as const;
type Role = (typeof ROLES)[number];

const FIXTURE: { policy: AccessPolicy; collection: string; sample: string }[] = [
  { policy: 'public', collection: 'SENTINEL-1', sample: 'S1A_IW_GRDH_1SDV_20210809T173953' },
  { policy: 'registered', collection: 'SENTINEL-2', sample: 'S2A_MSIL1C_20210403T101021' },
  { policy: 'restricted', collection: 'SENTINEL-5P', sample: 'S5P_NRTI_L2__CO_____20210326T030109' },
];
const POLICIES = FIXTURE.map((f) => f.policy);

const PASSWORDS: Record<Exclude<Role, 'anonymous'>, { username: string; password: string }> = {
  registered: { username: 'rita', password: 'rita registered password' },
  institutional: { username: 'ivan', password: 'ivan institutional password' },
  admin: { username: 'admin', password: 'test hub admin password' },
};

/** Whether `role` sees products under `policy`: restricted ones only with the allowed role, or as admin. */
function visible(role: Role, policy: AccessPolicy): boolean {
  return policy !== 'restricted' || role === 'institutional' || role === 'admin';
}

function downloadStatus(role: Role, policy: AccessPolicy): number {
  if (!visible(role, policy)) return 404;
  return policy === 'registered' && role === 'anonymous' ? 401 : 200;
}

withDb('the access policy matrix', (ctx) => {
  let hub: Hub;
  const products = new Map<AccessPolicy, Product>();
  /** Segments of one data file (not a quicklook) of each product, for Nodes downloads. */
  const fileSegments = new Map<AccessPolicy, string[]>();
  const apiKeys = new Map<Role, string>();

  beforeAll(async () => {
    hub = await buildTestHub(ctx.db, { access: { defaultPolicy: 'registered', cacheMs: 60_000 } });
    const result = await ingestPaths(
      hub.deps.ingest,
      FIXTURE.map((f) => sample(f.sample).productPath),
      { concurrency: 2 },
    );
    expect(result.outcomes.filter((o) => o.status === 'failed')).toEqual([]);
    for (const o of result.outcomes) {
      if (o.status !== 'ingested') continue;
      const p = await getProduct(ctx.db, o.id, INTERNAL_SEES_EVERYTHING);
      const f = FIXTURE.find((x) => x.collection === p.collection);
      if (f) products.set(f.policy, p);
    }
    expect([...products.keys()].sort()).toEqual([...POLICIES].sort());
    const admin = hub.deps.access.admin;
    await admin.setAccess('SENTINEL-1', { policy: 'public' });
    // SENTINEL-2 keeps no policy of its own: the default (registered) applies.
    await admin.setAccess('SENTINEL-5P', { policy: 'restricted', allow: ['institutional'] });
    await hub.deps.auth.users.addUser({ ...PASSWORDS.registered });
    await hub.deps.auth.users.addUser({ ...PASSWORDS.institutional, roles: ['institutional'] });
    for (const role of ['registered', 'institutional', 'admin'] as const) {
      apiKeys.set(role, (await hub.deps.auth.users.createApiKey(PASSWORDS[role].username, 'matrix')).key);
    }
    for (const [policy, p] of products) fileSegments.set(policy, await dataFile(p));
  }, 240_000);

  afterAll(async () => {
    await hub.close();
  });

  /** Walks the product's tree to its first file that is not a quicklook. */
  async function dataFile(p: Product): Promise<string[]> {
    const content = { db: ctx.db, stores: hub.deps.stores };
    let segments: string[] = [];
    for (let depth = 0; depth < 10; depth++) {
      const nodes = await listProductNodes(content, INTERNAL_SEES_EVERYTHING, p.id, segments);
      if (nodes.length === 0) return segments;
      const file = nodes.find((n) => n.file !== null && n.file.role !== 'quicklook');
      if (file) return [...segments, file.name];
      const folder = nodes.find((n) => n.file === null) ?? nodes[0];
      segments = [...segments, String(folder?.name)];
    }
    throw new Error(`no data file in ${p.name}`);
  }

  /** Bearer with the role's API key (as a CDSE token would go), or Basic (DHuS clients); none when anonymous. */
  function headers(role: Role, scheme: 'bearer' | 'basic'): Record<string, string> {
    if (role === 'anonymous') return {};
    if (scheme === 'bearer') return { authorization: `Bearer ${String(apiKeys.get(role))}` };
    const { username, password } = PASSWORDS[role];
    return { authorization: `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}` };
  }

  async function get(role: Role, url: string, scheme: 'bearer' | 'basic' = 'bearer') {
    return hub.app.inject({ method: 'GET', url, headers: headers(role, scheme) });
  }

  const product = (policy: AccessPolicy): Product => products.get(policy) as Product; // filled in beforeAll
  const visibleProducts = (role: Role): Product[] => POLICIES.filter((p) => visible(role, p)).map(product);
  const names = (ps: Product[]) => ps.map((p) => p.name).sort();
  const ids = (ps: Product[]) => ps.map((p) => p.id).sort();
  const collectionsOf = (role: Role) =>
    FIXTURE.filter((f) => visible(role, f.policy))
      .map((f) => f.collection)
      .sort();
  const fixtureCollections = new Set(FIXTURE.map((f) => f.collection));

  describe.each(ROLES)('%s', (role) => {
    describe('lists show the visible products, in results and in counts', () => {
      it('STAC search', async () => {
        const r = await get(role, '/stac/search?limit=100');
        expect(r.statusCode).toBe(200);
        const body = r.json<{ features: { id: string }[]; numberMatched: number }>();
        expect(body.features.map((f) => f.id).sort()).toEqual(names(visibleProducts(role)));
        expect(body.numberMatched).toBe(visibleProducts(role).length);
      });

      it('STAC collections', async () => {
        const r = await get(role, '/stac/collections');
        expect(r.statusCode).toBe(200);
        const shown = r.json<{ collections: { id: string }[] }>().collections.map((c) => c.id);
        expect(shown.filter((c) => fixtureCollections.has(c)).sort()).toEqual(collectionsOf(role));
      });

      it('OData Products with $count', async () => {
        const r = await get(role, '/odata/v1/Products?$count=true&$top=100');
        expect(r.statusCode).toBe(200);
        const body = r.json<{ value: { Id: string }[]; '@odata.count': number }>();
        expect(body.value.map((p) => p.Id).sort()).toEqual(ids(visibleProducts(role)));
        expect(body['@odata.count']).toBe(visibleProducts(role).length);
      });

      it('OData Products filtered to the restricted collection', async () => {
        const r = await get(role, `/odata/v1/Products?$count=true&$filter=${encodeURIComponent("Collection/Name eq 'SENTINEL-5P'")}`);
        expect(r.statusCode).toBe(200);
        expect(r.json<{ '@odata.count': number }>()['@odata.count']).toBe(visible(role, 'restricted') ? 1 : 0);
      });

      it('OData Collections', async () => {
        const r = await get(role, '/odata/v1/Collections');
        expect(r.statusCode).toBe(200);
        const shown = r.json<{ value: { Name: string }[] }>().value.map((c) => c.Name);
        expect(shown.filter((c) => fixtureCollections.has(c)).sort()).toEqual(collectionsOf(role));
      });

      it('resto search', async () => {
        const r = await get(role, '/resto/api/collections/search.json?maxRecords=100&exactCount=1');
        expect(r.statusCode).toBe(200);
        const body = r.json<{ features: { id: string }[]; properties: { totalResults: number } }>();
        expect(body.features.map((f) => f.id).sort()).toEqual(ids(visibleProducts(role)));
        expect(body.properties.totalResults).toBe(visibleProducts(role).length);
      });

      it('DHuS OpenSearch (Basic auth)', async () => {
        const r = await get(role, '/dhus/search?format=json&rows=100&q=*', 'basic');
        expect(r.statusCode).toBe(200);
        const feed = r.json<{ feed: { entry?: { id: string } | { id: string }[]; 'opensearch:totalResults': string } }>().feed;
        const entries = feed.entry === undefined ? [] : Array.isArray(feed.entry) ? feed.entry : [feed.entry];
        expect(entries.map((e) => e.id).sort()).toEqual(ids(visibleProducts(role)));
        expect(feed['opensearch:totalResults']).toBe(String(visibleProducts(role).length));
      });
    });

    describe.each(POLICIES)('a %s product', (policy) => {
      const seen = visible(role, policy);
      const collection = (FIXTURE.find((f) => f.policy === policy) as (typeof FIXTURE)[number]).collection;

      it(`STAC items of its collection: ${seen ? 200 : 404}`, async () => {
        const r = await get(role, `/stac/collections/${collection}/items?limit=100`);
        expect(r.statusCode).toBe(seen ? 200 : 404);
        if (seen) expect(r.json<{ features: { id: string }[] }>().features.map((f) => f.id)).toEqual([product(policy).name]);
      });

      it(`STAC collection: ${seen ? 200 : 404}`, async () => {
        expect((await get(role, `/stac/collections/${collection}`)).statusCode).toBe(seen ? 200 : 404);
      });

      it(`STAC item by id: ${seen ? 200 : 404}`, async () => {
        const r = await get(role, `/stac/collections/${collection}/items/${encodeURIComponent(product(policy).name)}`);
        expect(r.statusCode).toBe(seen ? 200 : 404);
      });

      it(`OData Products by key: ${seen ? 200 : 404}`, async () => {
        const r = await get(role, `/odata/v1/Products(${product(policy).id})`);
        expect(r.statusCode).toBe(seen ? 200 : 404);
        if (!seen) expect(r.json()).toMatchObject({ error: { code: 'PRODUCT_NOT_FOUND' } });
      });

      it(`resto feature: ${seen ? 200 : 404}`, async () => {
        const r = await get(role, `/resto/api/collections/${collection}/${product(policy).id}.json`);
        expect(r.statusCode).toBe(seen ? 200 : 404);
      });

      const download = downloadStatus(role, policy);

      it(`OData $value download: ${download}`, async () => {
        const r = await get(role, `/odata/v1/Products(${product(policy).id})/$value`);
        expect(r.statusCode).toBe(download);
        if (download === 200) expect(Number(r.headers['content-length'])).toBe(r.rawPayload.length);
        if (download === 401) {
          expect(r.json()).toMatchObject({ error: { code: 'DOWNLOAD_NEEDS_LOGIN' } });
          expect(r.headers['www-authenticate']).toMatch(/^Bearer realm="eohub"/);
        }
      });

      it(`Nodes download: ${download}`, async () => {
        const nodes = (fileSegments.get(policy) ?? []).map((s) => `Nodes(${encodeURIComponent(s)})`).join('/');
        const r = await get(role, `/odata/v1/Products(${product(policy).id})/${nodes}/$value`);
        expect(r.statusCode).toBe(download);
        if (download === 401) expect(r.headers['www-authenticate']).toMatch(/^Bearer/);
      });

      // Ordering needs an account (who would the order belong to?); a hidden product is absent as everywhere.
      const order = role === 'anonymous' ? 401 : seen ? 201 : 404;

      it(`OData.CSC.Order: ${order}`, async () => {
        const r = await hub.app.inject({
          method: 'POST',
          url: `/odata/v1/Products(${product(policy).id})/OData.CSC.Order`,
          headers: { ...headers(role, 'bearer'), 'content-type': 'application/json' },
          payload: {},
        });
        expect(r.statusCode).toBe(order);
        if (order === 404) expect(r.json()).toMatchObject({ error: { code: 'PRODUCT_NOT_FOUND' } });
      });

      it(`DHuS $value download (Basic auth): ${download}`, async () => {
        const r = await get(role, `/dhus/odata/v1/Products('${product(policy).id}')/$value`, 'basic');
        expect(r.statusCode).toBe(download);
        // sentinelsat sends its credentials when challenged with Basic.
        if (download === 401) expect(r.headers['www-authenticate']).toMatch(/^Basic realm="eohub"/);
      });
    });
  });

  describe('STAC transactions', () => {
    it('are refused to anonymous callers (401) and to users who are not admins (403)', async () => {
      const txHub = await buildTestHub(ctx.db, { stac: { transactions: true } });
      try {
        const body = { type: 'Collection', id: 'MATRIX-TX', description: 'x' };
        const post = (role: Role) =>
          txHub.app.inject({ method: 'POST', url: '/stac/collections', headers: headers(role, 'bearer'), payload: body });
        expect((await post('anonymous')).statusCode).toBe(401);
        expect((await post('registered')).statusCode).toBe(403);
        expect((await post('institutional')).statusCode).toBe(403);
        expect((await post('admin')).statusCode).toBe(201);
      } finally {
        await txHub.close();
      }
    });
  });
});
