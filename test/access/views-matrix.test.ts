import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INTERNAL_SEES_EVERYTHING, type AccessPolicy } from '../../src/access/index.ts';
import { createCollection, findProductByName, type Product } from '../../src/catalog/index.ts';
import type { Hub } from '../../src/hub/index.ts';
import { buildTestHub } from '../support/hub.ts';
import { addStoredProduct, s3Request, type S3Credentials } from '../support/s3.ts';
import { withDb } from '../support/with-db.ts';

/**
 * The authorization matrix along its view dimension (issue 7, "per portal view"): the same hub reached
 * through its own host and through two portal views, for each role, on every API surface. A view shows
 * only its collections, exactly as a restricted collection is hidden (absent from results, counts,
 * lists; 404 by key; downloads 404), and it never opens what a policy closes: the marine view takes in
 * the restricted SENTINEL-5P, which still only institutional users and admins see there.
 */
const ROLES = ['anonymous', 'registered', 'institutional', 'admin'] as const;
type Role = (typeof ROLES)[number];

const FIXTURE: { policy: AccessPolicy; collection: string; path: string; attribute: string }[] = [
  { policy: 'public', collection: 'SENTINEL-1', path: 'Sentinel-1/SAR/GRD/2024/05/01/S1A_VIEW_PUBLIC.SAFE', attribute: 'sarGain' },
  { policy: 'registered', collection: 'SENTINEL-2', path: 'Sentinel-2/MSI/L2A/2024/05/01/S2A_VIEW_REGISTERED.SAFE', attribute: 'msiGain' },
  { policy: 'restricted', collection: 'SENTINEL-5P', path: 'Sentinel-5P/TROPOMI/L2__CO____/2024/05/01/S5P_VIEW_RESTRICTED.nc', attribute: 'tropomiGain' },
];

/** The hub's own host (no view), and two views: one by names, one by a prefix and with a publicUrl of its own. */
const VIEWS = [
  { name: 'none', host: 'hub.example.org', collections: null, links: 'https://hub.example.org' },
  { name: 'marine', host: 'marine.example.org', collections: ['SENTINEL-1', 'SENTINEL-5P'], links: 'http://marine.example.org' },
  { name: 'optical', host: 'optical.example.org', collections: ['SENTINEL-2*'], links: 'https://optical.example.org/hub' },
] as const;
type View = (typeof VIEWS)[number];

const USERS: Record<Exclude<Role, 'anonymous'>, { username: string; password: string }> = {
  registered: { username: 'rita', password: 'rita registered password' },
  institutional: { username: 'ivan', password: 'ivan institutional password' },
  admin: { username: 'admin', password: 'test hub admin password' },
};

const inView = (view: View, collection: string): boolean =>
  view.collections === null || view.collections.some((c) => (c.endsWith('*') ? collection.startsWith(c.slice(0, -1)) : c === collection));
const allowed = (role: Role, policy: AccessPolicy): boolean => policy !== 'restricted' || role === 'institutional' || role === 'admin';
const visible = (view: View, role: Role, f: (typeof FIXTURE)[number]): boolean => inView(view, f.collection) && allowed(role, f.policy);

const xml = new XMLParser({ isArray: (name) => name === 'Contents' });

withDb('the access matrix through portal views', (ctx) => {
  let hub: Hub;
  const products = new Map<string, Product>();
  const apiKeys = new Map<Role, string>();
  const s3Keys = new Map<Role, S3Credentials>();

  beforeAll(async () => {
    hub = await buildTestHub(ctx.db, {
      publicUrl: 'https://hub.example.org',
      access: {
        defaultPolicy: 'registered',
        cacheMs: 60_000,
        views: [
          { name: 'marine', hosts: ['marine.example.org'], collections: ['SENTINEL-1', 'SENTINEL-5P'] },
          { name: 'optical', hosts: ['Optical.Example.org'], collections: ['SENTINEL-2*'], publicUrl: 'https://optical.example.org/hub/' },
        ],
      },
    });
    for (const f of FIXTURE) {
      await addStoredProduct(hub, f.path, { 'manifest.safe': Buffer.from(`${f.policy} bytes`) }, {
        collection: f.collection,
        attributes: { [f.attribute]: { type: 'Double', value: 1.5 } },
      });
      const name = f.path.split('/').at(-1) as string; // paths above have segments
      products.set(f.collection, (await findProductByName(ctx.db, name, INTERNAL_SEES_EVERYTHING)) as Product);
    }
    await hub.deps.access.admin.setAccess('SENTINEL-1', { policy: 'public' });
    await hub.deps.access.admin.setAccess('SENTINEL-5P', { policy: 'restricted', allow: ['institutional'] });
    await hub.deps.auth.users.addUser({ ...USERS.registered });
    await hub.deps.auth.users.addUser({ ...USERS.institutional, roles: ['institutional'] });
    for (const role of ['registered', 'institutional', 'admin'] as const) {
      apiKeys.set(role, (await hub.deps.auth.users.createApiKey(USERS[role].username, 'views')).key);
      const { secretAccessKey, info } = await hub.deps.s3.keys.createKey(USERS[role].username);
      s3Keys.set(role, { accessKeyId: info.accessKeyId, secretAccessKey });
    }
  }, 120_000);

  afterAll(async () => {
    await hub.close();
  });

  function headers(view: View, role: Role, scheme: 'bearer' | 'basic' = 'bearer'): Record<string, string> {
    const host = { host: view.host };
    if (role === 'anonymous') return host;
    if (scheme === 'bearer') return { ...host, authorization: `Bearer ${String(apiKeys.get(role))}` };
    const { username, password } = USERS[role];
    return { ...host, authorization: `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}` };
  }

  const get = (view: View, role: Role, url: string, scheme: 'bearer' | 'basic' = 'bearer') =>
    hub.app.inject({ method: 'GET', url, headers: headers(view, role, scheme) });

  describe.each(VIEWS)('through $name ($host)', (view) => {
    describe.each(ROLES)('%s', (role) => {
      const shown = FIXTURE.filter((f) => visible(view, role, f));
      const shownIds = () => shown.map((f) => (products.get(f.collection) as Product).id).sort();
      const shownNames = () => shown.map((f) => (products.get(f.collection) as Product).name).sort();
      const shownCollections = shown.map((f) => f.collection).sort();
      const fixtureCollections = new Set(FIXTURE.map((f) => f.collection));

      it('STAC search: the visible products, in results and numberMatched; links stay in the view', async () => {
        const r = await get(view, role, '/stac/search?limit=100');
        expect(r.statusCode).toBe(200);
        const body = r.json<{ features: { id: string }[]; numberMatched: number; links: { rel: string; href: string }[] }>();
        expect(body.features.map((f) => f.id).sort()).toEqual(shownNames());
        expect(body.numberMatched).toBe(shown.length);
        expect(body.links.find((l) => l.rel === 'self')?.href).toMatch(new RegExp(`^${view.links}/stac/search`));
      });

      it('STAC collections and queryables', async () => {
        const list = await get(view, role, '/stac/collections');
        const ids = list.json<{ collections: { id: string }[] }>().collections.map((c) => c.id);
        expect(ids.filter((c) => fixtureCollections.has(c)).sort()).toEqual(shownCollections);
        if (view.collections !== null) expect(ids.every((c) => inView(view, c))).toBe(true);
        const queryables = Object.keys((await get(view, role, '/stac/queryables')).json<{ properties: object }>().properties);
        for (const f of FIXTURE) expect(queryables.includes(f.attribute), f.attribute).toBe(visible(view, role, f));
      });

      it('OData Products with $count, and Collections', async () => {
        const r = await get(view, role, '/odata/v1/Products?$count=true&$top=100');
        const body = r.json<{ value: { Id: string }[]; '@odata.count': number }>();
        expect(body.value.map((p) => p.Id).sort()).toEqual(shownIds());
        expect(body['@odata.count']).toBe(shown.length);
        const names = (await get(view, role, '/odata/v1/Collections')).json<{ value: { Name: string }[] }>().value.map((c) => c.Name);
        expect(names.filter((c) => fixtureCollections.has(c)).sort()).toEqual(shownCollections);
      });

      it('resto search', async () => {
        const r = await get(view, role, '/resto/api/collections/search.json?maxRecords=100&exactCount=1');
        const body = r.json<{ features: { id: string }[]; properties: { totalResults: number } }>();
        expect(body.features.map((f) => f.id).sort()).toEqual(shownIds());
        expect(body.properties.totalResults).toBe(shown.length);
      });

      it('DHuS OpenSearch (Basic auth)', async () => {
        const r = await get(view, role, '/dhus/search?format=json&rows=100&q=*', 'basic');
        const feed = r.json<{ feed: { entry?: { id: string } | { id: string }[]; 'opensearch:totalResults': string } }>().feed;
        const entries = feed.entry === undefined ? [] : Array.isArray(feed.entry) ? feed.entry : [feed.entry];
        expect(entries.map((e) => e.id).sort()).toEqual(shownIds());
        expect(feed['opensearch:totalResults']).toBe(String(shown.length));
      });

      if (role !== 'anonymous') {
        it('S3 ListObjects through an endpoint host of the view', async () => {
          const r = await s3Request(hub.s3App, s3Keys.get(role) as S3Credentials, {
            key: '',
            query: { 'list-type': '2' },
            headers: { host: `${view.host}:8081` },
          });
          expect(r.statusCode, r.body).toBe(200);
          const keys = ((xml.parse(r.body) as { ListBucketResult: { Contents?: { Key: string }[] } }).ListBucketResult.Contents ?? []).map(
            (c) => c.Key,
          );
          expect(keys.sort()).toEqual(shown.map((f) => `${f.path}/manifest.safe`).sort());
        });
      }

      describe.each(FIXTURE)('a $policy product of $collection', (f) => {
        const seen = visible(view, role, f);
        const product = () => products.get(f.collection) as Product;
        const download = !seen ? 404 : f.policy === 'registered' && role === 'anonymous' ? 401 : 200;

        it(`STAC collection, items and item: ${seen ? 200 : 404}`, async () => {
          expect((await get(view, role, `/stac/collections/${f.collection}`)).statusCode).toBe(seen ? 200 : 404);
          expect((await get(view, role, `/stac/collections/${f.collection}/items`)).statusCode).toBe(seen ? 200 : 404);
          const item = await get(view, role, `/stac/collections/${f.collection}/items/${encodeURIComponent(product().name)}`);
          expect(item.statusCode).toBe(seen ? 200 : 404);
          if (seen) expect(item.json<{ links: { rel: string; href: string }[] }>().links.find((l) => l.rel === 'self')?.href).toMatch(new RegExp(`^${view.links}/`));
        });

        it(`OData and resto by key: ${seen ? 200 : 404}`, async () => {
          const odata = await get(view, role, `/odata/v1/Products(${product().id})`);
          expect(odata.statusCode).toBe(seen ? 200 : 404);
          if (!seen) expect(odata.json()).toMatchObject({ error: { code: 'PRODUCT_NOT_FOUND' } });
          expect((await get(view, role, `/resto/api/collections/${f.collection}/${product().id}.json`)).statusCode).toBe(seen ? 200 : 404);
        });

        it(`OData and DHuS $value downloads: ${download}`, async () => {
          expect((await get(view, role, `/odata/v1/Products(${product().id})/$value`)).statusCode).toBe(download);
          expect((await get(view, role, `/dhus/odata/v1/Products('${product().id}')/$value`, 'basic')).statusCode).toBe(download);
        });
      });
    });
  });

  describe('a collection created after the scopes were cached', () => {
    it('is outside a view unless its entries take it in, even before the policy cache expires', async () => {
      await createCollection(ctx.db, { name: 'LATE-1', title: 'Late', storagePrefix: 'Late-1' });
      await createCollection(ctx.db, { name: 'SENTINEL-2-LATE', title: 'Late S2', storagePrefix: 'Sentinel-2-Late' });
      const ids = async (view: View) =>
        (await get(view, 'admin', '/stac/collections')).json<{ collections: { id: string }[] }>().collections.map((c) => c.id);
      const [none, marine, optical] = VIEWS;
      expect(await ids(none)).toEqual(expect.arrayContaining(['LATE-1', 'SENTINEL-2-LATE']));
      expect(await ids(marine)).not.toContain('LATE-1');
      expect(await ids(optical)).toEqual(['SENTINEL-2', 'SENTINEL-2-LATE']);
      expect((await get(optical, 'admin', '/stac/collections/LATE-1')).statusCode).toBe(404);
      expect((await get(optical, 'admin', '/stac/collections/SENTINEL-2-LATE')).statusCode).toBe(200);
    });
  });

  describe('entering a view', () => {
    const [, marine, optical] = VIEWS;

    it('also by X-Forwarded-Host, as a reverse proxy that rewrites Host sends it', async () => {
      const r = await hub.app.inject({ url: '/stac/collections', headers: { host: '127.0.0.1:8080', 'x-forwarded-host': marine.host } });
      expect(r.json<{ collections: { id: string }[] }>().collections.map((c) => c.id)).toEqual(['SENTINEL-1']);
    });

    it('cannot be escaped by an X-Forwarded-Host naming another host: the Host header is asked first', async () => {
      const r = await hub.app.inject({ url: '/stac/collections', headers: { host: `${optical.host}:443`, 'x-forwarded-host': 'hub.example.org' } });
      expect(r.json<{ collections: { id: string }[] }>().collections.map((c) => c.id)).toEqual(['SENTINEL-2', 'SENTINEL-2-LATE']);
    });
  });
});
