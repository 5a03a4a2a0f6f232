import { expect, it } from 'vitest';
import { getProduct, listProductFiles, searchProducts, unwrapFootprint, type Product } from '../../src/catalog/index.ts';
import { and, attribute, bbox, eq, interval, lt, prop, sensingInterval, sIntersects, tIntersects } from '../../src/query/index.ts';
import type { Db } from '../../src/db/index.ts';
import type { Hub } from '../../src/hub/index.ts';
import { ingestPaths, type BatchResult } from '../../src/ingest/index.ts';
import { buildTestHub } from '../support/hub.ts';
import { readSampleExpectations } from '../support/sample-expectations.ts';
import { listSamples } from '../support/samples.ts';
import { withDb } from '../support/with-db.ts';
import { INTERNAL_SEES_EVERYTHING } from '../../src/access/index.ts';

const samples = listSamples();

/** Every [lon, lat] position of a Polygon or MultiPolygon. */
function positions(g: { type: string; coordinates: unknown } | null | undefined): number[][] {
  if (!g) return [];
  return (g.type === 'Polygon' ? (g.coordinates as number[][][]) : (g.coordinates as number[][][][]).flat()).flat();
}

function maxAbsLat(points: number[][]): number {
  return Math.max(-Infinity, ...points.map((p) => Math.abs(p[1] as number)));
}
const expectations = readSampleExpectations();

async function idsInBox(db: Db, box: [number, number, number, number]): Promise<Set<string>> {
  const r = await db.query<{ id: string }>(
    'SELECT id FROM products WHERE ST_Intersects(footprint, ST_MakeEnvelope($1, $2, $3, $4, 4326))',
    box,
  );
  return new Set(r.rows.map((x) => x.id));
}

withDb('ingesting every real sample product', (ctx) => {
  let hub: Hub;
  let result: BatchResult;
  const byId = new Map<string, Product>();

  it('ingests all of ../shared/samples in one batch, with warnings but no failures', async () => {
    hub = await buildTestHub(ctx.db);
    result = await ingestPaths(
      hub.deps.ingest,
      samples.map((s) => s.productPath),
      { concurrency: 4 },
    );
    const failures = result.outcomes.filter((o) => o.status === 'failed');
    expect(failures).toEqual([]);
    expect(result.ingested).toBe(samples.length);
    for (const [i, o] of result.outcomes.entries()) {
      if (o.status !== 'ingested') continue;
      byId.set(samples[i]?.id ?? '', await getProduct(ctx.db, o.id, INTERNAL_SEES_EVERYTHING));
    }
    await hub.close();
  }, 240_000);

  it('covers every product the samples README lists', () => {
    expect(samples.length).toBe(expectations.size);
    for (const s of samples) expect(expectations.has(s.id), s.id).toBe(true);
  });

  for (const s of samples) {
    const e = expectations.get(s.id);
    it(`stores what the README expects of ${s.id}`, async () => {
      const p = byId.get(s.id);
      expect(p, 'ingested').toBeDefined();
      if (!p || !e) return;
      if (e.footprint === true || e.footprint === 'stac-only') expect(p.footprint?.type).toBe('MultiPolygon');
      else expect(p.footprint).toBeNull();
      if (e.sensingStart) expect(p.sensingStart?.slice(0, 19)).toBe(e.sensingStart.slice(0, 19));
      if (e.sensingEnd) expect(p.sensingEnd?.slice(0, 19)).toBe(e.sensingEnd.slice(0, 19));
      if (e.orbit !== undefined) expect(p.attributes['orbitNumber']?.value).toBe(e.orbit);
      if (e.relativeOrbit !== undefined) expect(p.attributes['relativeOrbitNumber']?.value).toBe(e.relativeOrbit);
      if (e.cloudCover !== undefined) expect(p.attributes['cloudCover']?.value).toBeCloseTo(e.cloudCover, 4);
      if (e.tileId !== undefined) expect(p.attributes['tileId']?.value).toBe(e.tileId);
      if (/^S\d[AB]$/.test(e.platform)) expect(p.attributes['platformSerialIdentifier']?.value).toBe(e.platform.slice(2));
      // Every file is in the catalogue with both checksums, and the package has both too.
      const files = await listProductFiles(ctx.db, p.id);
      expect(files.length).toBeGreaterThan(0);
      for (const f of files) {
        expect(f.md5).toMatch(/^[0-9a-f]{32}$/);
        expect(f.blake3).toMatch(/^[0-9a-f]{64}$/);
      }
      expect(p.checksums.map((c) => c.algorithm)).toEqual(['MD5', 'BLAKE3']);
      // Sentinel-2 tiles with a tile MTD keep its grids; nothing else states one.
      const hasTileMtd = files.some((f) => /(^|\/)MTD_TL\.xml$|(^|\/)metadata\.xml$/.test(f.path)) && p.collection === 'SENTINEL-2';
      if (!hasTileMtd) expect(p.rasterGrids).toEqual([]);
      else if (p.rasterGrids.length > 0) expect(p.rasterGrids.map((g) => g.resolutionM)).toEqual([10, 20, 60]);
    });
  }

  it('keeps the 10, 20 and 60 m grids of Sentinel-2 tiles for the projection extension', () => {
    const t22hbd = [...byId.entries()].find(([id]) => id.includes('T22HBD'))?.[1];
    expect(t22hbd?.rasterGrids[0]).toEqual({ epsg: 32722, resolutionM: 10, ulx: 199980, uly: 5900020, rows: 10980, cols: 10980 });
    const withGrids = [...byId.values()].filter((p) => p.rasterGrids.length > 0);
    expect(withGrids.length).toBeGreaterThanOrEqual(5);
    expect(withGrids.every((p) => p.collection === 'SENTINEL-2')).toBe(true);
  });

  it('finds products crossing the antimeridian from both sides of 180°', async () => {
    const t01 = [...byId.entries()].find(([id]) => id.includes('T01VCG'))?.[1];
    expect(t01).toBeDefined();
    const crossing = [...byId.values()].filter((p) => {
      const lons = positions(p.footprint).map((c) => c[0] as number);
      return lons.includes(180) && lons.includes(-180);
    });
    expect(crossing.map((p) => p.id)).toContain(t01?.id);
    for (const p of crossing) {
      // Probe just beside the cut, halfway along the edge where the footprint meets 180°.
      const onCut = positions(p.footprint).filter((c) => c[0] === 180).map((c) => c[1] as number);
      const lat = (Math.min(...onCut) + Math.max(...onCut)) / 2;
      const west = await idsInBox(ctx.db, [179.999, lat - 0.001, 180, lat + 0.001]);
      const east = await idsInBox(ctx.db, [-180, lat - 0.001, -179.999, lat + 0.001]);
      expect(west.has(p.id) && east.has(p.id), `${p.name} found at +180 and -180`).toBe(true);
    }
  });

  it('answers searches in the one query model across the antimeridian, with filters and keyset pages', async () => {
    // A bbox from 179.5°E to 179.5°W, given with minLon > maxLon as STAC and CQL2 allow.
    const across = await searchProducts(ctx.db, { scope: INTERNAL_SEES_EVERYTHING, filter: sIntersects(bbox(179.5, 59, -179.5, 62)), limit: 100 });
    expect(across.products.map((p) => p.name)).toContain('S2B_MSIL2A_20200914T231559_N0500_R087_T01VCG_20230315T224658');
    const s2Clear = await searchProducts(ctx.db, {scope: INTERNAL_SEES_EVERYTHING, 
      filter: and(
        eq(prop('collection'), 'SENTINEL-2'),
        lt(attribute('cloudCover', 'Double'), 5),
        tIntersects(sensingInterval(), interval('2020-01-01', '..')),
      ),
      order: [{ key: 'sensingStart', direction: 'desc' }],
      limit: 100,
      count: true,
    });
    expect(s2Clear.products.map((p) => p.attributes['tileId']?.value)).toEqual(['22HBD', '01VCG']);
    expect(s2Clear.numberMatched).toBe(2);
    // Keyset pages of 7 over everything give every product once, in order.
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await searchProducts(ctx.db, { scope: INTERNAL_SEES_EVERYTHING, limit: 7, cursor, order: [{ key: 'sensingStart', direction: 'asc' }] });
      seen.push(...page.products.map((p) => p.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(new Set(seen).size).toBe(samples.length);
    expect(seen).toHaveLength(samples.length);
  });

  it('keeps the polar reach of footprints and finds polar products near the pole', async () => {
    const polar = result.outcomes.flatMap((o) => (o.status === 'ingested' && maxAbsLat(positions(o.metadata.footprint)) > 85 ? [o] : []));
    // Sentinel-3 full-orbit products and Sentinel-5P half-orbit strips pass within a few degrees of the pole.
    expect(polar.length).toBeGreaterThanOrEqual(5);
    let enclosing = 0;
    for (const o of polar) {
      const source = positions(o.metadata.footprint);
      const stored = positions((await getProduct(ctx.db, o.id, INTERNAL_SEES_EVERYTHING)).footprint);
      const north = Math.max(...source.map((p) => p[1] as number)) === maxAbsLat(source);
      // A ring that goes once around a pole covers it; the closing over the pole says which one.
      const unwrapped = o.metadata.footprint ? positions(unwrapFootprint(o.metadata.footprint)) : [];
      const pole = unwrapped.find((p) => Math.abs(p[1] as number) === 90)?.[1];
      if (pole !== undefined) {
        enclosing++;
        expect(maxAbsLat(stored), o.name).toBe(90);
        for (const lon of [-179.9, -90, 0, 90, 179.8]) {
          const y = pole > 0 ? 89.95 : -89.99;
          const near = await searchProducts(ctx.db, { scope: INTERNAL_SEES_EVERYTHING, filter: sIntersects(bbox(lon, y, lon + 0.1, y + 0.04)), limit: 100 });
          expect(
            near.products.map((p) => p.id),
            `${o.name} at ${lon}`,
          ).toContain(o.id);
        }
      } else {
        // Splitting at 180° must not cut a strip short of its polar end.
        expect(maxAbsLat(stored), o.name).toBeCloseTo(maxAbsLat(source), 6);
      }
      // A point of the polar end, as stored, is found by a small box search around it.
      const r = await ctx.db.query<{ x: number; y: number }>(
        `SELECT ST_X(pt) AS x, ST_Y(pt) AS y FROM (SELECT ST_PointOnSurface(ST_Intersection(footprint,
           ST_MakeEnvelope(-180, $2::float8, 180, $3::float8, 4326))) AS pt FROM products WHERE id = $1) q`,
        [o.id, north ? 80 : -90, north ? 90 : -80],
      );
      const { x, y } = r.rows[0] ?? { x: NaN, y: NaN };
      const box = bbox(x - 0.01, Math.max(-90, y - 0.01), x + 0.01, Math.min(90, y + 0.01));
      const found = await searchProducts(ctx.db, { scope: INTERNAL_SEES_EVERYTHING, filter: sIntersects(box), limit: 100 });
      expect(
        found.products.map((p) => p.id),
        o.name,
      ).toContain(o.id);
    }
    // The OLCI frame S3A_OL_2_WFR of 2021-06-04 and the TROPOMI orbit of 2021-08-26 pass over the North Pole.
    expect(enclosing).toBeGreaterThanOrEqual(2);
  });

  it('reports a second ingest of the same products as duplicates and stores nothing twice', async () => {
    const again = await buildTestHub(ctx.db, { dataDir: hub.deps.config.dataDir });
    try {
      const r = await ingestPaths(
        again.deps.ingest,
        samples.slice(0, 5).map((s) => s.productPath),
        { concurrency: 2 },
      );
      expect(r.duplicates).toBe(5);
      expect(r.ingested).toBe(0);
      const n = await ctx.db.query<{ n: number }>('SELECT count(*)::int AS n FROM products');
      expect(n.rows[0]?.n).toBe(samples.length);
    } finally {
      await again.close();
    }
  });
});
