/**
 * The STAC API as real clients of the field read it, over loopback: GDAL's OGC API – Features driver
 * (ogrinfo OAPIF:), GDAL's STACIT driver mosaicking a search result (and reading its pixels through the
 * download endpoints the assets point at), and owslib's OGC API – Features client (Debian's
 * python3-owslib, run with Debian's own /usr/bin/python3). The products are demo products with real
 * Cloud-Optimised GeoTIFF bands, ingested as `npm start` ingests them.
 */
import { execFile } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { demoProductPaths } from '../support/demo-products.ts';
import type { Hub } from '../../src/hub/index.ts';
import { ingestPaths } from '../../src/ingest/index.ts';
import { buildTestHub } from '../support/hub.ts';
import { withDb } from '../support/with-db.ts';

const run = promisify(execFile);

withDb('STAC API through GDAL and owslib', (ctx) => {
  let hub: Hub;
  let base: string;
  let sentinel2: number;

  beforeAll(async () => {
    hub = await buildTestHub(ctx.db);
    const result = await ingestPaths(hub.deps.ingest, await demoProductPaths(16, 'stac-clients'), { concurrency: 2 });
    expect(result.outcomes.filter((o) => o.status === 'failed')).toEqual([]);
    await hub.app.listen({ host: '127.0.0.1', port: 0 });
    base = `http://127.0.0.1:${(hub.app.server.address() as AddressInfo).port}/stac`; // a TCP listener: AddressInfo
    const r = await ctx.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM products WHERE collection = 'SENTINEL-2'`);
    sentinel2 = r.rows[0]?.n ?? 0;
    expect(sentinel2).toBeGreaterThanOrEqual(3);
  }, 180_000);

  afterAll(async () => {
    await hub.close();
  });

  it('ogrinfo lists the collections as OGC API – Features layers and counts the items of one', async () => {
    const layers = await run('ogrinfo', ['-ro', `OAPIF:${base}`]);
    for (const c of ['SENTINEL-1', 'SENTINEL-2', 'SENTINEL-3', 'SENTINEL-5P']) expect(layers.stdout).toMatch(new RegExp(`: ${c} \\(title`));
    const s2 = await run('ogrinfo', ['-ro', '-so', `OAPIF:${base}`, 'SENTINEL-2']);
    expect(s2.stdout).toContain(`Feature Count: ${sentinel2}`);
    expect(s2.stdout).toMatch(/Geometry: Polygon/);
    // The features themselves, paged through by GDAL, with their STAC properties as fields.
    const all = await run('ogrinfo', ['-ro', '-al', '-q', `OAPIF:${base}`, 'SENTINEL-2']);
    expect(all.stdout.match(/^OGRFeature\(SENTINEL-2\)/gm)?.length).toBe(sentinel2);
    expect(all.stdout).toMatch(/eo:cloud_cover \(Real\) = [\d.]+/);
  }, 120_000);

  it('gdalinfo opens a search result with the STACIT driver and reads a band mosaic through the download endpoints', async () => {
    const search = `STACIT:"${base}/search?collections=SENTINEL-2&limit=100"`;
    const info = await run('gdalinfo', [search]);
    // One subdataset per asset key and UTM zone: the bands mosaic across items.
    const subdatasets = [...info.stdout.matchAll(/SUBDATASET_\d+_NAME=(.*)$/gm)].map((m) => m[1] ?? '');
    const band = subdatasets.find((s) => /:asset=B04(_10m)?,crs=EPSG_326\d\d$/.test(s));
    expect(band, info.stdout.slice(0, 2000)).toBeDefined();
    const mosaic = await run('gdalinfo', ['-json', '-checksum', band ?? '']);
    const json = JSON.parse(mosaic.stdout) as {
      driverShortName: string;
      size: number[];
      geoTransform: number[];
      bands: { checksum: number }[];
    };
    expect(json.driverShortName).toBe('VRT');
    expect(json.size[0]).toBeGreaterThan(0);
    expect(json.geoTransform[1]).toBe(300); // the demo stores 10 m bands at 300 m, and says so in each file
    expect(json.bands[0]?.checksum).toBeGreaterThan(0);
  }, 120_000);

  it("owslib's OGC API – Features client reads collections, items, queryables and conformance", async () => {
    const script = `
import json, sys
from owslib.ogcapi.features import Features
w = Features(sys.argv[1])
items = w.collection_items('SENTINEL-2', limit=2)
print(json.dumps({
  'collections': [c['id'] for c in w.collections()['collections']],
  'matched': items.get('numberMatched'),
  'returned': len(items['features']),
  'next': any(l['rel'] == 'next' for l in items['links']),
  'queryables': sorted(w.collection_queryables('SENTINEL-2')['properties']),
  'conformance': w.conformance()['conformsTo'],
}))
`;
    const out = JSON.parse((await run('/usr/bin/python3', ['-c', script, base])).stdout) as {
      collections: string[];
      matched: number;
      returned: number;
      next: boolean;
      queryables: string[];
      conformance: string[];
    };
    expect(out.collections).toEqual(expect.arrayContaining(['SENTINEL-1', 'SENTINEL-2', 'SENTINEL-3', 'SENTINEL-5P']));
    expect(out).toMatchObject({ matched: sentinel2, returned: 2, next: true });
    expect(out.queryables).toEqual(expect.arrayContaining(['datetime', 'eo:cloud_cover', 'geometry', 'platform']));
    expect(out.conformance).toContain('http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core');
  }, 60_000);
});
