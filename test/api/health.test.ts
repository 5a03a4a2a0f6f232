import { afterAll, beforeAll, expect, it } from 'vitest';
import { insertProduct } from '../../src/catalog/index.ts';
import type { Hub } from '../../src/hub/index.ts';
import { ADMIN_HEADERS, buildTestHub } from '../support/hub.ts';
import { buildProduct } from '../support/products.ts';
import { withDb } from '../support/with-db.ts';

withDb('GET /health', (ctx) => {
  let hub: Hub;
  beforeAll(async () => {
    hub = await buildTestHub(ctx.db);
  });
  afterAll(async () => {
    await hub.close();
  });

  it('answers 200 with the backend, schema version and product count', async () => {
    await ctx.db.transaction((tx) => insertProduct(tx, buildProduct()));
    const res = await hub.app.inject({ method: 'GET', url: '/health' });
    expect(res.statusCode).toBe(200);
    const body = res.json<{ status: string; backend: string; schemaVersion: number; products: number }>();
    expect(body).toMatchObject({ status: 'ok', backend: ctx.backend, products: 1 });
    expect(body.schemaVersion).toBeGreaterThan(0);
  });

  it('counts only the products the caller may see (a restricted collection adds nothing for others)', async () => {
    const before = (await hub.app.inject({ method: 'GET', url: '/health', headers: ADMIN_HEADERS })).json<{ products: number }>();
    await ctx.db.transaction((tx) => insertProduct(tx, buildProduct({ collection: 'SENTINEL-5P' })));
    await hub.deps.access.admin.setAccess('SENTINEL-5P', { policy: 'restricted', allow: ['institutional'] });
    const anonymous = (await hub.app.inject({ method: 'GET', url: '/health' })).json<{ products: number }>();
    const admin = (await hub.app.inject({ method: 'GET', url: '/health', headers: ADMIN_HEADERS })).json<{ products: number }>();
    expect(admin.products).toBe(before.products + 1);
    expect(anonymous.products).toBe(before.products);
  });

  it('answers unknown routes with 404 in JSON', async () => {
    const res = await hub.app.inject({ method: 'GET', url: '/nope' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ code: 'NOT_FOUND' });
  });
});
