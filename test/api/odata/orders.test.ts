import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { evictProduct } from '../../../src/archive/index.ts';
import { INTERNAL_SEES_EVERYTHING } from '../../../src/access/index.ts';
import { getProduct, type Product } from '../../../src/catalog/index.ts';
import type { Hub } from '../../../src/hub/index.ts';
import { ingestPaths } from '../../../src/ingest/index.ts';
import { digests } from '../../download/helpers.ts';
import { buildTestHub } from '../../support/hub.ts';
import { runJobsUntilIdle } from '../../support/jobs.ts';
import { sample } from '../../support/samples.ts';
import { withDb } from '../../support/with-db.ts';

const basic = (u: string, p: string) => ({ authorization: `Basic ${Buffer.from(`${u}:${p}`).toString('base64')}` });
const carol = basic('carol', 'carol password');
const dave = basic('dave', 'dave password');
const admin = basic('admin', 'test hub admin password');

interface ODataOrder {
  Id: string;
  Status: string;
  StatusMessage: string;
  OrderSize: number;
  SubmissionDate: string;
  EstimatedDate: string | null;
  CompletedDate: string | null;
  EvictionDate: string | null;
  Priority: number;
  ProductId: string;
}

withDb('orders over OData and DHuS', (ctx) => {
  let hub: Hub;
  let products: Product[];
  const runJobs = () => runJobsUntilIdle(ctx.db, { archive: hub.deps.archive });
  const inject = (method: 'GET' | 'POST', url: string, headers: Record<string, string> = {}, payload?: unknown) =>
    hub.app.inject({ method, url, headers, ...(payload === undefined ? {} : { payload: payload as object }) });
  const evict = async (p: Product) => {
    await evictProduct(hub.deps.archive, p.id);
  };

  beforeAll(async () => {
    hub = await buildTestHub(ctx.db, { archive: { maxOpenOrdersPerUser: 2 } });
    await hub.deps.auth.users.addUser({ username: 'carol', password: 'carol password' });
    await hub.deps.auth.users.addUser({ username: 'dave', password: 'dave password' });
    const paths = ['S1A_IW_GRDH_1SDV_20210809T173953', 'S3A_SL_2_FRP____20210802T000420', 'S5P_NRTI_L2__CO_____20210326T030109'].map(
      (s) => sample(s).productPath,
    );
    const result = await ingestPaths(hub.deps.ingest, paths, { concurrency: 2 });
    products = await Promise.all(result.outcomes.map((o) => getProduct(ctx.db, (o as { id: string }).id, INTERNAL_SEES_EVERYTHING)));
    await runJobs();
  }, 240_000);

  afterAll(async () => {
    await hub.close();
  });

  it('orders an offline product (201, CSC Order entity), shows it to its owner only, restores it, then downloads it', async () => {
    const p = products[0] as Product;
    await evict(p);
    const search = await inject('POST', '/stac/search', carol, { ids: [p.name] });
    const item = search.json<{ features: { properties: Record<string, unknown> }[] }>().features[0];
    expect(item?.properties).toMatchObject({ 'eohub:online': false, 'eohub:eviction_date': expect.any(String) });
    const offline = await inject('GET', `/odata/v1/Products(${p.id})/$value`, carol);
    expect(offline.statusCode).toBe(503);
    expect(offline.json()).toMatchObject({ error: { code: 'PRODUCT_OFFLINE' } });
    const anonymous = await inject('POST', `/odata/v1/Products(${p.id})/OData.CSC.Order`, {}, {});
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.json()).toMatchObject({ error: { code: 'ORDER_NEEDS_USER' } });
    const placed = await inject('POST', `/odata/v1/Products(${p.id})/OData.CSC.Order`, carol, { Priority: 5 });
    expect(placed.statusCode).toBe(201);
    const order = placed.json<ODataOrder & { '@odata.context': string }>();
    expect(order).toMatchObject({
      '@odata.context': '$metadata#Orders/$entity',
      Status: 'queued',
      Priority: 5,
      ProductId: p.id,
      OrderSize: p.contentLength,
    });
    expect(order.EstimatedDate).not.toBeNull();
    expect((await inject('GET', `/odata/v1/Orders(${order.Id})`, dave)).statusCode).toBe(404);
    expect((await inject('GET', '/odata/v1/Orders', dave)).json()).toEqual({ '@odata.context': '$metadata#Orders', value: [] });
    expect((await inject('GET', '/odata/v1/Orders', carol)).json<{ value: ODataOrder[] }>().value.map((o) => o.Id)).toEqual([order.Id]);
    expect((await inject('GET', '/odata/v1/Orders', admin)).json<{ value: ODataOrder[] }>().value.map((o) => o.Id)).toContain(order.Id);
    await runJobs();
    const completed = (await inject('GET', `/odata/v1/Orders(${order.Id})`, carol)).json<ODataOrder>();
    expect(completed).toMatchObject({ Status: 'completed' });
    expect(completed.CompletedDate).not.toBeNull();
    expect(completed.EvictionDate).not.toBeNull();
    const download = await inject('GET', `/odata/v1/Products(${p.id})/$value`, carol);
    expect(download.statusCode).toBe(200);
    expect((await digests(download.rawPayload)).md5).toBe(p.checksums.find((c) => c.algorithm === 'MD5')?.value);
  });

  it('cancels an open order (and refuses to cancel it twice, 409)', async () => {
    const p = products[1] as Product;
    await evict(p);
    const order = (await inject('POST', `/odata/v1/Products(${p.id})/OData.CSC.Order`, carol, {})).json<ODataOrder>();
    expect((await inject('POST', `/odata/v1/Orders(${order.Id})/OData.CSC.Cancel`, dave)).statusCode).toBe(404);
    const cancelled = await inject('POST', `/odata/v1/Orders(${order.Id})/OData.CSC.Cancel`, carol);
    expect(cancelled.statusCode).toBe(200);
    expect(cancelled.json()).toMatchObject({ Id: order.Id, Status: 'cancelled' });
    const again = await inject('POST', `/odata/v1/Orders(${order.Id})/OData.CSC.Cancel`, carol);
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ error: { code: 'ORDER_NOT_OPEN' } });
  });

  it('takes batch orders and answers 429 in OData format past the per-user limit', async () => {
    for (const p of products) await evict(p);
    const ids = products.map((p) => p.id);
    const tooMany = await inject('POST', '/odata/v1/BatchOrder/OData.CSC.Order', dave, { IdentifierList: ids });
    expect(tooMany.statusCode).toBe(429);
    expect(tooMany.json()).toMatchObject({ error: { code: 'ORDER_LIMIT_REACHED' } });
    const batch = await inject('POST', '/odata/v1/BatchOrder/OData.CSC.Order', dave, { Products: ids.slice(0, 2).map((Id) => ({ Id })) });
    expect(batch.statusCode).toBe(201);
    expect(batch.json<{ value: ODataOrder[] }>().value.map((o) => o.ProductId)).toEqual(ids.slice(0, 2));
    const third = await inject('POST', `/odata/v1/Products(${ids[2]})/OData.CSC.Order`, dave, {});
    expect(third.statusCode).toBe(429);
  });

  it('answers 400 in OData format to malformed orders and 404 to unknown products', async () => {
    expect((await inject('POST', '/odata/v1/BatchOrder/OData.CSC.Order', carol, {})).statusCode).toBe(400);
    expect((await inject('POST', '/odata/v1/BatchOrder/OData.CSC.Order', carol, { IdentifierList: ['nope'] })).statusCode).toBe(400);
    const priority = await inject('POST', `/odata/v1/Products(${products[0]?.id})/OData.CSC.Order`, carol, { Priority: 'high' });
    expect(priority.statusCode).toBe(400);
    expect(priority.json()).toMatchObject({ error: { code: 'ORDER_INVALID' } });
    expect((await inject('POST', '/odata/v1/Products(xyz)/OData.CSC.Order', carol, {})).statusCode).toBe(400);
    const unknown = await inject('POST', '/odata/v1/Products(00000000-0000-4000-8000-000000000000)/OData.CSC.Order', carol, {});
    expect(unknown.statusCode).toBe(404);
    expect((await inject('GET', '/odata/v1/Orders(42)', carol)).statusCode).toBe(400);
    expect((await inject('GET', '/odata/v1/Orders?$top=0', carol)).statusCode).toBe(400);
  });

  it("triggers a retrieval on DHuS's $value of an offline product: 202, one order however often it is asked", async () => {
    await ctx.db.query(`UPDATE orders SET status = 'cancelled' WHERE status IN ('queued', 'in_progress')`);
    const p = products[2] as Product;
    await evict(p);
    const url = `/dhus/odata/v1/Products('${p.id}')/$value`;
    for (let i = 0; i < 3; i++) {
      const r = await inject('GET', url, carol);
      expect(r.statusCode).toBe(202);
      expect(r.body).toBe('');
    }
    const orders = (await inject('GET', '/odata/v1/Orders', carol))
      .json<{ value: ODataOrder[] }>()
      .value.filter((o) => o.ProductId === p.id && o.Status !== 'cancelled');
    expect(orders).toHaveLength(1);
    await runJobs();
    expect((await inject('GET', url, carol)).statusCode).toBe(200);
  });

  it('lists, shows, retries and cancels jobs through /admin/jobs, for admins only', async () => {
    expect((await inject('GET', '/admin/jobs', carol)).statusCode).toBe(403);
    const jobs = (await inject('GET', '/admin/jobs?kind=archive.copy', admin)).json<{ id: number; state: string }[]>();
    expect(jobs.length).toBe(products.length);
    const one = jobs[0] as { id: number; state: string };
    expect((await inject('GET', `/admin/jobs/${one.id}`, admin)).json()).toMatchObject({ id: one.id, kind: 'archive.copy', state: 'done' });
    expect((await inject('POST', `/admin/jobs/${one.id}/retry`, admin)).statusCode).toBe(409);
    expect((await inject('GET', '/admin/jobs/abc', admin)).statusCode).toBe(404);
    expect((await inject('GET', '/admin/jobs?state=sleeping', admin)).statusCode).toBe(400);
    const p = products[1] as Product;
    await evict(p);
    const order = (await inject('POST', `/odata/v1/Products(${p.id})/OData.CSC.Order`, carol, {})).json<ODataOrder>();
    const restore = (await inject('GET', '/admin/jobs?kind=archive.restore&state=queued', admin)).json<{ id: number }[]>()[0];
    expect((await inject('POST', `/admin/jobs/${restore?.id}/cancel`, admin)).json()).toMatchObject({ state: 'cancelled' });
    expect((await inject('POST', `/admin/jobs/${restore?.id}/retry`, admin)).json()).toMatchObject({ state: 'queued', attempts: 0 });
    await runJobs();
    expect((await inject('GET', `/odata/v1/Orders(${order.Id})`, carol)).json()).toMatchObject({ Status: 'completed' });
  });

  it('declares Orders, the Order entity with every property an order answers with, and the Order and Cancel actions in $metadata', async () => {
    await hub.deps.auth.users.addUser({ username: 'erin', password: 'erin password' });
    const erin = basic('erin', 'erin password');
    const placed = await inject('POST', '/odata/v1/BatchOrder/OData.CSC.Order', erin, {
      IdentifierList: products.slice(0, 2).map((p) => p.id),
    });
    expect(placed.statusCode).toBe(201);
    const answered = new Set(placed.json<{ value: Record<string, unknown>[] }>().value.flatMap((o) => Object.keys(o)));
    expect(answered).toContain('BatchOrderId');

    const meta = await inject('GET', '/odata/v1/$metadata');
    expect(XMLValidator.validate(meta.body)).toBe(true);
    const parser = new XMLParser({
      ignoreAttributes: false,
      attributeNamePrefix: '',
      isArray: (name, _path, _leaf, isAttribute) =>
        !isAttribute && ['EntityType', 'EntitySet', 'Action', 'Property', 'Parameter', 'Member'].includes(name),
    });
    interface Named {
      Name: string;
      Type?: string;
      EntityType?: string;
      IsBound?: string;
      Property?: Named[];
      Parameter?: Named[];
      ReturnType?: Named;
      Member?: Named[];
    }
    const schema = parser.parse(meta.body)['edmx:Edmx']['edmx:DataServices'].Schema as {
      EntityType: Named[];
      EnumType: Named;
      Action: Named[];
      EntityContainer: { EntitySet: Named[] };
    };
    expect(schema.EntityContainer.EntitySet).toContainEqual(expect.objectContaining({ Name: 'Orders', EntityType: 'OData.CSC.Order' }));
    const order = schema.EntityType.find((t) => t.Name === 'Order');
    expect(new Set(order?.Property?.map((p) => p.Name))).toEqual(answered);
    expect(schema.EnumType.Member?.map((m) => m.Name)).toEqual(['queued', 'in_progress', 'completed', 'failed', 'cancelled']);
    const bindings = schema.Action.map((a) => [a.Name, a.IsBound, a.Parameter?.[0]?.Type, a.ReturnType?.Type]);
    expect(bindings).toEqual([
      ['Order', 'true', 'OData.CSC.Product', 'OData.CSC.Order'],
      ['Order', 'true', 'Collection(OData.CSC.BatchOrder)', 'Collection(OData.CSC.Order)'],
      ['Cancel', 'true', 'OData.CSC.Order', 'OData.CSC.Order'],
    ]);
    const service = (await inject('GET', '/odata/v1/')).json<{ value: { name: string }[] }>();
    expect(service.value.map((s) => s.name)).toContain('Orders');
  });
});
