import { expect, it } from 'vitest';
import { ACCESS_ERRORS, createAccessService } from '../../src/access/index.ts';
import { ANONYMOUS } from '../../src/auth/index.ts';
import { ADMIN_HEADERS, buildTestHub } from '../support/hub.ts';
import { withDb } from '../support/with-db.ts';

const ADMIN = ADMIN_HEADERS;

withDb('the access service', (ctx) => {
  it('reuses the policies for cacheMs, reads them again after, and forgets them at once on its own changes', async () => {
    let now = 0;
    const access = createAccessService(ctx.db, { defaultPolicy: 'registered', cacheMs: 1000 }, () => now);
    expect((await access.scopeFor(ANONYMOUS)).hiddenCollections).toEqual([]);
    // Changed behind this service's back, as another server process would.
    await ctx.db.query(`UPDATE collections SET access_policy = 'restricted' WHERE name = 'SENTINEL-3'`);
    expect((await access.scopeFor(ANONYMOUS)).hiddenCollections).toEqual([]);
    now += 1000;
    expect((await access.scopeFor(ANONYMOUS)).hiddenCollections).toEqual(['SENTINEL-3']);
    await access.admin.setAccess('SENTINEL-3', { policy: null });
    expect((await access.scopeFor(ANONYMOUS)).hiddenCollections).toEqual([]);
  });

  it('lists every collection with its own and its effective policy, allow list and product count', async () => {
    const access = createAccessService(ctx.db, { defaultPolicy: 'registered', cacheMs: 0 });
    const changed = await access.admin.setAccess('SENTINEL-1', { policy: 'restricted', allow: ['institutional', 'esa', 'esa'] });
    expect(changed).toMatchObject({
      name: 'SENTINEL-1',
      policy: 'restricted',
      effectivePolicy: 'restricted',
      allow: ['institutional', 'esa'],
    });
    const list = await access.admin.listCollections();
    expect(list.find((c) => c.name === 'SENTINEL-2')).toMatchObject({
      policy: null,
      effectivePolicy: 'registered',
      allow: [],
      productCount: 0,
    });
    expect(list.find((c) => c.name === 'SENTINEL-1')).toMatchObject({ policy: 'restricted' });
    const events = await ctx.db.query<{ payload: unknown }>(
      `SELECT payload FROM events WHERE type = 'collection.access' AND collection = 'SENTINEL-1'`,
    );
    expect(events.rows.at(-1)?.payload).toEqual({ policy: 'restricted', allow: ['institutional', 'esa'] });
    await access.admin.setAccess('SENTINEL-1', { policy: null });
  });

  it('refuses unknown policies and bad names, and an unknown collection', async () => {
    const access = createAccessService(ctx.db, { defaultPolicy: 'registered', cacheMs: 0 });
    await expect(access.admin.setAccess('SENTINEL-1', { policy: 'secret' })).rejects.toMatchObject({
      code: ACCESS_ERRORS.INVALID_ACCESS_POLICY,
    });
    await expect(access.admin.setAccess('SENTINEL-1', { policy: 'restricted', allow: ['bad name'] })).rejects.toMatchObject({
      code: ACCESS_ERRORS.INVALID_ACCESS_POLICY,
    });
    await expect(access.admin.setAccess('NO-SUCH', { policy: 'public' })).rejects.toMatchObject({ code: 'COLLECTION_NOT_FOUND' });
  });

  it('serves the admin API to admins only, and a change applies to the next request', async () => {
    const hub = await buildTestHub(ctx.db, { access: { defaultPolicy: 'registered', cacheMs: 60_000 } });
    try {
      expect((await hub.app.inject({ url: '/admin/collections' })).statusCode).toBe(401);
      const put = (payload: unknown) =>
        hub.app.inject({ method: 'PUT', url: '/admin/collections/SENTINEL-3/access', headers: ADMIN, payload: payload as object });
      expect((await put({ policy: 'nope' })).json()).toMatchObject({ code: ACCESS_ERRORS.INVALID_ACCESS_POLICY });
      expect((await put({ policy: 'nope' })).statusCode).toBe(400);
      expect((await hub.app.inject({ url: '/stac/collections/SENTINEL-3' })).statusCode).toBe(200);
      expect((await put({ policy: 'restricted', allow: ['institutional'] })).statusCode).toBe(200);
      expect((await hub.app.inject({ url: '/stac/collections/SENTINEL-3' })).statusCode).toBe(404);
      expect((await hub.app.inject({ url: '/stac/collections/SENTINEL-3', headers: ADMIN })).statusCode).toBe(200);
      const list = await hub.app.inject({ url: '/admin/collections', headers: ADMIN });
      expect(list.json<{ name: string }[]>().find((c) => c.name === 'SENTINEL-3')).toMatchObject({
        policy: 'restricted',
        allow: ['institutional'],
      });
      expect(
        (await hub.app.inject({ method: 'PUT', url: '/admin/collections/NO-SUCH/access', headers: ADMIN, payload: { policy: null } }))
          .statusCode,
      ).toBe(404);
      await put({ policy: null });
    } finally {
      await hub.close();
    }
  });
});
