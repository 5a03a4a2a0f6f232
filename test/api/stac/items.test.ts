import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Hub } from '../../../src/hub/index.ts';
import { ingestPaths } from '../../../src/ingest/index.ts';
import { buildTestHub } from '../../support/hub.ts';
import { listSamples } from '../../support/samples.ts';
import { stacProblems } from '../../support/stac-schemas.ts';
import { withDb } from '../../support/with-db.ts';

const samples = listSamples();
const BASE = 'https://hub.example.org';

interface Item {
  id: string;
  collection: string;
  bbox?: number[];
  geometry: { type: string } | null;
  stac_extensions: string[];
  properties: Record<string, unknown>;
  links: { rel: string; href: string }[];
  assets: Record<string, { href: string; type: string; roles: string[]; 'file:size': number; 'file:checksum'?: string }>;
}

withDb('STAC items and collections of every real sample product', (ctx) => {
  let hub: Hub;
  const items = new Map<string, Item>();

  beforeAll(async () => {
    hub = await buildTestHub(ctx.db, { publicUrl: BASE });
    const r = await ingestPaths(
      hub.deps.ingest,
      samples.map((s) => s.productPath),
      { concurrency: 2 },
    );
    expect(r.outcomes.filter((o) => o.status === 'failed')).toEqual([]);
    const all = await hub.app.inject({ url: '/stac/search?limit=1000' });
    for (const f of all.json<{ features: Item[] }>().features) items.set(f.id, f);
  }, 300_000);
  afterAll(async () => hub.close());

  it('returns every sample as an item from search, each valid against STAC 1.0.0 and every extension it declares', () => {
    expect(items.size).toBe(samples.length);
    for (const item of items.values()) expect(stacProblems(item, 'item'), item.id).toEqual([]);
  });

  it('answers GET /collections/{id}/items/{itemId} with the same valid item, as application/geo+json', async () => {
    for (const item of [...items.values()].slice(0, 12)) {
      const r = await hub.app.inject({ url: `/stac/collections/${item.collection}/items/${encodeURIComponent(item.id)}` });
      expect(r.statusCode).toBe(200);
      expect(r.headers['content-type']).toBe('application/geo+json');
      expect(r.json()).toEqual(item);
    }
  });

  it('shows a Sentinel-2 L2A product with platform, eo, sat, grid, proj, processing and file assets', () => {
    const item = [...items.values()].find((i) => i.id.startsWith('S2B_MSIL2A_20210122T133229'));
    expect(item).toBeDefined();
    if (!item) return;
    expect(item.collection).toBe('SENTINEL-2');
    expect(item.properties['platform']).toBe('sentinel-2b');
    expect(item.properties['constellation']).toBe('sentinel-2');
    expect(item.properties['instruments']).toEqual(['msi']);
    expect(item.properties['grid:code']).toBe('MGRS-22HBD');
    expect(item.properties['proj:epsg']).toBe(32722);
    expect(typeof item.properties['eo:cloud_cover']).toBe('number');
    expect(item.properties['sat:relative_orbit']).toBe(81);
    expect(item.stac_extensions).toEqual(
      expect.arrayContaining([
        'https://stac-extensions.github.io/eo/v1.1.0/schema.json',
        'https://stac-extensions.github.io/grid/v1.1.0/schema.json',
        'https://stac-extensions.github.io/file/v2.1.0/schema.json',
      ]),
    );
    const product = item.assets['product'];
    expect(product?.href).toMatch(new RegExp(`^${BASE}/odata/v1/Products\\([0-9a-f-]{36}\\)/\\$value$`));
    expect(product?.type).toBe('application/zip');
    const files = Object.entries(item.assets).filter(([k]) => k !== 'product');
    expect(files.length).toBeGreaterThan(0);
    for (const [, a] of files) {
      expect(a.href).toMatch(/\/odata\/v1\/Products\([0-9a-f-]{36}\)\/Nodes\([^)]+\)(\/Nodes\([^)]+\))+\/\$value$/);
      expect(a['file:checksum']).toMatch(/^1e20[0-9a-f]{64}$/);
      expect(a['file:size']).toBeGreaterThanOrEqual(0);
    }
    expect(item.links.map((l) => l.rel).sort()).toEqual(['collection', 'parent', 'root', 'self']);
  });

  it('shows a Sentinel-1 GRD with the sar and sat extensions, lower-case orbit state', () => {
    const item =
      items.get('S1A_IW_GRDH_1SDV_20210809T173953_20210809T174018_039156_049F13_6FF8') ??
      [...items.values()].find((i) => i.id.startsWith('S1A_IW_GRDH_1SDV_20210809T173953'));
    expect(item).toBeDefined();
    if (!item) return;
    expect(item.properties['platform']).toBe('sentinel-1a');
    expect(item.properties['sar:instrument_mode']).toBe('IW');
    expect(item.properties['sar:polarizations']).toEqual(['VV', 'VH']);
    expect(item.properties['sar:product_type']).toBe('GRD');
    expect(item.properties['sar:frequency_band']).toBe('C');
    expect(item.properties['sat:orbit_state']).toBe('ascending');
    expect(item.properties['sat:absolute_orbit']).toBe(39156);
    expect(item.properties['start_datetime']).toMatch(/^2021-08-09T17:39:53/);
    expect(item.stac_extensions).toContain('https://stac-extensions.github.io/sar/v1.0.0/schema.json');
  });

  it('gives an ETag and answers 304 to If-None-Match with it', async () => {
    const item = [...items.values()][0] as Item;
    const url = `/stac/collections/${item.collection}/items/${encodeURIComponent(item.id)}`;
    const first = await hub.app.inject({ url });
    const etag = first.headers['etag'];
    expect(typeof etag).toBe('string');
    const again = await hub.app.inject({ url, headers: { 'if-none-match': String(etag) } });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
  });

  it('answers 404 with {code, description} for an unknown item and for an item asked under another collection', async () => {
    const unknown = await hub.app.inject({ url: '/stac/collections/SENTINEL-2/items/nope' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ code: 'STAC_ITEM_NOT_FOUND', description: expect.any(String) });
    const s2 = [...items.values()].find((i) => i.collection === 'SENTINEL-2') as Item;
    const wrong = await hub.app.inject({ url: `/stac/collections/SENTINEL-1/items/${encodeURIComponent(s2.id)}` });
    expect(wrong.statusCode).toBe(404);
    const noCollection = await hub.app.inject({ url: '/stac/collections/NOPE/items/x' });
    expect(noCollection.statusCode).toBe(404);
    expect(noCollection.json<{ code: string }>().code).toBe('COLLECTION_NOT_FOUND');
  });

  it('describes every collection as a valid STAC Collection with extent from the data, licence and summaries', async () => {
    const r = await hub.app.inject({ url: '/stac/collections' });
    expect(r.statusCode).toBe(200);
    const { collections } = r.json<{ collections: Record<string, unknown>[] }>();
    expect(collections.map((c) => c['id'])).toEqual(expect.arrayContaining(['SENTINEL-1', 'SENTINEL-2', 'SENTINEL-6', 'COP-DEM']));
    for (const c of collections) expect(stacProblems(c, 'collection'), String(c['id'])).toEqual([]);
    const s2 = collections.find((c) => c['id'] === 'SENTINEL-2') as {
      license: string;
      links: { rel: string; href: string }[];
      extent: { spatial: { bbox: number[][] }; temporal: { interval: (string | null)[][] } };
      summaries: Record<string, unknown>;
    };
    expect(s2.license).toBe('proprietary');
    expect(s2.links.find((l) => l.rel === 'license')?.href).toMatch(/Sentinel_Data_Legal_Notice/);
    expect(s2.extent.temporal.interval[0]?.[0]).toMatch(/^2015-08-26/);
    expect(s2.summaries['platform']).toEqual(['sentinel-2a', 'sentinel-2b']);
    expect(s2.summaries['eo:cloud_cover']).toMatchObject({ minimum: expect.any(Number), maximum: expect.any(Number) });
    const empty = collections.find((c) => c['id'] === 'SENTINEL-6') as { extent: { temporal: { interval: unknown[][] } } };
    expect(empty.extent.temporal.interval).toEqual([[null, null]]);
  });

  it('finds an item by its derived values in query and sortby: platform, orbit state, grid code', async () => {
    const byPlatform = await hub.app.inject({
      method: 'POST',
      url: '/stac/search',
      payload: { query: { platform: { eq: 'sentinel-2b' } }, limit: 100 },
    });
    const ids = byPlatform.json<{ features: Item[] }>().features.map((f) => f.properties['platform']);
    expect(ids.length).toBeGreaterThan(0);
    expect(new Set(ids)).toEqual(new Set(['sentinel-2b']));
    const byState = await hub.app.inject({
      url: `/stac/search?query=${encodeURIComponent('{"sat:orbit_state":{"eq":"descending"}}')}&limit=100`,
    });
    const states = byState.json<{ features: Item[] }>().features.map((f) => f.properties['sat:orbit_state']);
    expect(states.length).toBeGreaterThan(0);
    expect(new Set(states)).toEqual(new Set(['descending']));
    const byGrid = await hub.app.inject({ method: 'POST', url: '/stac/search', payload: { query: { 'grid:code': { eq: 'MGRS-22HBD' } } } });
    expect(byGrid.json<{ features: Item[] }>().features.map((f) => f.properties['grid:code'])).toEqual(['MGRS-22HBD']);
    const sorted = await hub.app.inject({ url: '/stac/search?collections=SENTINEL-2&sortby=-platform,id&limit=100' });
    const platforms = sorted.json<{ features: Item[] }>().features.map((f) => String(f.properties['platform']));
    expect(platforms).toEqual([...platforms].sort().reverse());
  });
});
