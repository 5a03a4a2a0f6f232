import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hub } from '../../../src/hub/index.ts';
import { ADMIN_HEADERS, buildTestHub } from '../../support/hub.ts';
import { stacProblems } from '../../support/stac-schemas.ts';
import { withDb } from '../../support/with-db.ts';

function stacItem(id: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    type: 'Feature',
    stac_version: '1.0.0',
    id,
    collection: 'SENTINEL-2',
    geometry: {
      type: 'Polygon',
      coordinates: [
        [
          [5, 50],
          [6, 50],
          [6, 51],
          [5, 51],
          [5, 50],
        ],
      ],
    },
    bbox: [5, 50, 6, 51],
    properties: { datetime: '2022-06-01T10:00:00Z', platform: 'sentinel-2a', 'eo:cloud_cover': 12 },
    links: [],
    assets: {},
    ...overrides,
  };
}

withDb('STAC transactions', (ctx) => {
  let hub: Hub;
  beforeAll(async () => {
    hub = await buildTestHub(ctx.db, { publicUrl: 'https://hub.example.org', stac: { transactions: true } });
  });
  afterAll(async () => hub.close());
  // Only admins write (api/stac/transaction-routes.ts; test/access/matrix.test.ts checks the refusals).
  const write = (options: {
    method: 'POST' | 'PUT' | 'PATCH' | 'DELETE';
    url: string;
    payload?: object | string;
    headers?: Record<string, string>;
  }) => hub.app.inject({ ...options, headers: { ...options.headers, ...ADMIN_HEADERS } });

  const events = async (type: string): Promise<number> =>
    Number((await ctx.db.query<{ n: number }>('SELECT count(*)::int AS n FROM events WHERE type = $1', [type])).rows[0]?.n ?? 0);

  it('declares the transaction classes when enabled', async () => {
    const conf = (await hub.app.inject({ url: '/stac/conformance' })).json<{ conformsTo: string[] }>();
    expect(conf.conformsTo).toContain('https://api.stacspec.org/v1.0.0/ogcapi-features/extensions/transaction');
  });

  it('creates an item with POST, answers 201 with the valid item and writes product.created', async () => {
    const before = await events('product.created');
    const r = await write({ method: 'POST', url: '/stac/collections/SENTINEL-2/items', payload: stacItem('TX_ONE') });
    expect(r.statusCode).toBe(201);
    expect(r.headers['location']).toBe('https://hub.example.org/stac/collections/SENTINEL-2/items/TX_ONE');
    const item = r.json<{ id: string; properties: Record<string, unknown> }>();
    expect(item.id).toBe('TX_ONE');
    expect(item.properties['eo:cloud_cover']).toBe(12);
    expect(stacProblems(item, 'item')).toEqual([]);
    expect(await events('product.created')).toBe(before + 1);
  });

  it('answers 409 for an existing id, 400 for a body naming another collection, 404 for an unknown collection', async () => {
    const again = await write({ method: 'POST', url: '/stac/collections/SENTINEL-2/items', payload: stacItem('TX_ONE') });
    expect(again.statusCode).toBe(409);
    const other = await write({
      method: 'POST',
      url: '/stac/collections/SENTINEL-2/items',
      payload: stacItem('TX_X', { collection: 'SENTINEL-1' }),
    });
    expect(other.statusCode).toBe(400);
    expect(other.json<{ code: string }>().code).toBe('STAC_BODY_MISMATCH');
    const unknown = await write({ method: 'POST', url: '/stac/collections/NOPE/items', payload: stacItem('TX_Y') });
    expect(unknown.statusCode).toBe(404);
    const notItem = await write({ method: 'POST', url: '/stac/collections/SENTINEL-2/items', payload: { hello: 1 } });
    expect(notItem.statusCode).toBe(400);
  });

  it('creates every item of an ItemCollection in one transaction', async () => {
    const r = await write({
      method: 'POST',
      url: '/stac/collections/SENTINEL-2/items',
      payload: { type: 'FeatureCollection', features: [stacItem('TX_A'), stacItem('TX_B')] },
    });
    expect(r.statusCode).toBe(201);
    expect(r.json<{ ids: string[] }>().ids).toEqual(['TX_A', 'TX_B']);
    const clash = await write({
      method: 'POST',
      url: '/stac/collections/SENTINEL-2/items',
      payload: { type: 'FeatureCollection', features: [stacItem('TX_C'), stacItem('TX_A')] },
    });
    expect(clash.statusCode).toBe(409);
    expect((await hub.app.inject({ url: '/stac/collections/SENTINEL-2/items/TX_C' })).statusCode).toBe(404);
  });

  it('replaces an item with PUT and merge-patches it with PATCH (RFC 7386), writing product.updated', async () => {
    const before = await events('product.updated');
    const put = await write({
      method: 'PUT',
      url: '/stac/collections/SENTINEL-2/items/TX_ONE',
      payload: stacItem('TX_ONE', { properties: { datetime: '2022-06-02T10:00:00Z', 'eo:cloud_cover': 40 } }),
    });
    expect(put.statusCode).toBe(200);
    expect(put.json<{ properties: Record<string, unknown> }>().properties['eo:cloud_cover']).toBe(40);
    const patch = await write({
      method: 'PATCH',
      url: '/stac/collections/SENTINEL-2/items/TX_ONE',
      headers: { 'content-type': 'application/merge-patch+json' },
      payload: JSON.stringify({ properties: { 'eo:cloud_cover': 7 } }),
    });
    expect(patch.statusCode).toBe(200);
    const patched = patch.json<{ properties: Record<string, unknown> }>();
    expect(patched.properties['eo:cloud_cover']).toBe(7);
    expect(patched.properties['datetime']).toMatch(/^2022-06-02T10:00:00/);
    expect(await events('product.updated')).toBe(before + 2);
    const wrongId = await write({
      method: 'PUT',
      url: '/stac/collections/SENTINEL-2/items/TX_ONE',
      payload: stacItem('TX_OTHER'),
    });
    expect(wrongId.statusCode).toBe(400);
    const missing = await write({ method: 'PUT', url: '/stac/collections/SENTINEL-2/items/NOPE', payload: stacItem('NOPE') });
    expect(missing.statusCode).toBe(404);
  });

  it('keeps the package size and checksum when a replacement has no package asset', async () => {
    const withPackage = stacItem('TX_PKG', {
      assets: {
        product: {
          href: 's3://eodata/x/TX_PKG.zip',
          type: 'application/zip',
          roles: ['data'],
          'file:size': 1234,
          'file:checksum': `d510${'a'.repeat(32)}`,
        },
      },
    });
    expect((await write({ method: 'POST', url: '/stac/collections/SENTINEL-2/items', payload: withPackage })).statusCode).toBe(201);
    const put = await write({ method: 'PUT', url: '/stac/collections/SENTINEL-2/items/TX_PKG', payload: stacItem('TX_PKG') });
    expect(put.statusCode).toBe(200);
    const product = put.json<{ assets: Record<string, Record<string, unknown>> }>().assets['product'];
    expect(product).toMatchObject({ 'file:size': 1234, 'file:checksum': `d510${'a'.repeat(32)}` });
  });

  it('deletes an item with DELETE and writes product.deleted; a second delete is 404', async () => {
    const r = await write({ method: 'DELETE', url: '/stac/collections/SENTINEL-2/items/TX_B' });
    expect(r.statusCode).toBe(204);
    expect(await events('product.deleted')).toBe(1);
    expect((await write({ method: 'DELETE', url: '/stac/collections/SENTINEL-2/items/TX_B' })).statusCode).toBe(404);
  });

  it('creates, replaces and deletes a collection; an existing one is 409 and a non-empty one cannot be deleted', async () => {
    const body = {
      type: 'Collection',
      stac_version: '1.0.0',
      id: 'MY-MISSION',
      title: 'Mine',
      description: 'Test',
      license: 'CC-BY-4.0',
      links: [],
      extent: {},
    };
    const created = await write({ method: 'POST', url: '/stac/collections', payload: body });
    expect(created.statusCode).toBe(201);
    expect(stacProblems(created.json(), 'collection')).toEqual([]);
    expect((await write({ method: 'POST', url: '/stac/collections', payload: body })).statusCode).toBe(409);
    const put = await write({ method: 'PUT', url: '/stac/collections/MY-MISSION', payload: { ...body, title: 'Renamed' } });
    expect(put.json<{ title: string; license: string }>()).toMatchObject({ title: 'Renamed', license: 'CC-BY-4.0' });
    expect((await write({ method: 'DELETE', url: '/stac/collections/SENTINEL-2' })).statusCode).toBe(409);
    expect((await write({ method: 'DELETE', url: '/stac/collections/MY-MISSION' })).statusCode).toBe(204);
    expect((await hub.app.inject({ url: '/stac/collections/MY-MISSION' })).statusCode).toBe(404);
  });
});

describe('STAC transactions switched off (the default)', () => {
  withDb('without stac.transactions', (ctx) => {
    let hub: Hub;
    beforeAll(async () => {
      hub = await buildTestHub(ctx.db);
    });
    afterAll(async () => hub.close());
    const write = (options: { method: 'POST' | 'DELETE'; url: string; payload?: object }) =>
      hub.app.inject({ ...options, headers: ADMIN_HEADERS });

    it('answers 404 to writes and does not declare the transaction classes', async () => {
      const r = await write({ method: 'POST', url: '/stac/collections/SENTINEL-2/items', payload: stacItem('OFF') });
      expect(r.statusCode).toBe(404);
      expect((await write({ method: 'DELETE', url: '/stac/collections/SENTINEL-2' })).statusCode).toBe(404);
      const conf = (await hub.app.inject({ url: '/stac/conformance' })).json<{ conformsTo: string[] }>();
      expect(conf.conformsTo.some((c) => c.includes('transaction'))).toBe(false);
    });
  });
});
