import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openFolderSource } from '../../../src/metadata/product-source.ts';
import { sentinel1Extractor } from '../../../src/metadata/sentinel1.ts';
import { sentinel2Extractor } from '../../../src/metadata/sentinel2.ts';
import { sentinel3Extractor } from '../../../src/metadata/sentinel3.ts';
import type { Extractor } from '../../../src/metadata/types.ts';
import { geometryForMap, type Geometry } from '../../../web/src/lib/antimeridian.ts';
import { quicklookPlacement, type PlaceableItem } from '../../../web/src/lib/quicklook-corners.ts';
import { listSamples, sample } from '../../support/samples.ts';

type Ring = number[][];

/** A sample product as the portal sees it in a STAC item: footprint, platform and orbit state. */
async function itemOf(id: string, extractor: Extractor): Promise<PlaceableItem & { geometry: Geometry }> {
  const { productPath } = sample(id);
  const m = await extractor.extract(await openFolderSource(productPath, basename(productPath)));
  const text = (name: string): string => {
    const a = m.attributes[name];
    return a?.type === 'String' ? a.value : '';
  };
  if (!m.footprint) throw new Error(`${id} has no footprint`);
  return {
    geometry: m.footprint,
    properties: {
      platform: `${text('platformShortName')}${text('platformSerialIdentifier')}`.toLowerCase(),
      'sat:orbit_state': text('orbitDirection').toLowerCase(),
    },
  };
}

/** The manifest's corners [stop-near, stop-far, start-far, start-near] as the image's [TL, TR, BR, BL]. */
const radarGeometry = (ring: Ring): Ring => [ring[3], ring[2], ring[1], ring[0]] as Ring;

const SENTINEL_1 = listSamples()
  .filter((s) => s.mission === 'sentinel-1' && !s.id.includes('_AUX_') && !s.productPath.endsWith('.zip'))
  .map((s) => s.id);

describe("a quicklook laid on its product's footprint", () => {
  it('puts a Sentinel-1 quick-look where its own map-overlay.kml puts it (descending EW GRDM, first corner lower-left)', async () => {
    const id = 'S1A_EW_GRDM_1SDH_20221130T014342_20221130T014446_046117_058549_BB15';
    const item = await itemOf(id, sentinel1Extractor);
    const kml = await readFile(join(sample(id).dir, id, 'preview', 'map-overlay.kml'), 'utf8');
    // gx:LatLonQuad lists the image's lower-left, lower-right, upper-right, upper-left corners (KML 2.2 gx extension).
    const quad = (/<coordinates>([^<]+)<\/coordinates>/.exec(kml)?.[1] ?? '')
      .trim()
      .split(/\s+/)
      .map((pair) => pair.split(',').map(Number));
    expect(quad).toHaveLength(4);
    const placement = quicklookPlacement(item);
    expect(placement?.fit).toBe('footprint');
    expect(placement?.corners).toEqual([quad[3], quad[2], quad[1], quad[0]]);
  });

  it.each(SENTINEL_1)('puts the first line of %s at its slice start and the first column at near range', async (id) => {
    const item = await itemOf(id, sentinel1Extractor);
    const ring = item.geometry.coordinates[0] as Ring;
    const placement = quicklookPlacement(item);
    expect(placement?.fit).toBe('footprint');
    expect(placement?.corners).toEqual(radarGeometry(ring));
  });

  it('shows an ascending Sentinel-1 slice with north at the bottom of the image, a descending one with north at the top', async () => {
    const ascending = quicklookPlacement(await itemOf('S1A_IW_GRDH_1SDV_20210809T173953', sentinel1Extractor));
    const descending = quicklookPlacement(await itemOf('S1B_IW_GRDH_1SDV_20210401T052623', sentinel1Extractor));
    const [aTopLeft, , , aBottomLeft] = ascending?.corners ?? [];
    const [dTopLeft, , , dBottomLeft] = descending?.corners ?? [];
    expect(aTopLeft?.[1]).toBeLessThan(aBottomLeft?.[1] ?? NaN);
    expect(dTopLeft?.[1]).toBeGreaterThan(dBottomLeft?.[1] ?? NaN);
    // The radar looks right of the track: near range is west when flying north, east when flying south.
    const [, aTopRight] = ascending?.corners ?? [];
    const [, dTopRight] = descending?.corners ?? [];
    expect(aTopLeft?.[0]).toBeLessThan(aTopRight?.[0] ?? NaN);
    expect(dTopLeft?.[0]).toBeGreaterThan(dTopRight?.[0] ?? NaN);
  });

  it('finds the same corners whatever vertex a stored ring starts from and whichever way it runs', async () => {
    const item = await itemOf('S1A_IW_GRDH_1SDV_20200103T233556', sentinel1Extractor);
    const ring = (item.geometry.coordinates[0] as Ring).slice(0, 4);
    const expected = quicklookPlacement(item)?.corners;
    for (const reorder of [
      [2, 3, 0, 1],
      [3, 2, 1, 0],
      [1, 0, 3, 2],
    ]) {
      const shuffled = reorder.map((i) => ring[i] as number[]);
      const placed = quicklookPlacement({ ...item, geometry: { type: 'Polygon', coordinates: [[...shuffled, shuffled[0] as number[]]] } });
      expect(placed?.corners).toEqual(expected);
    }
  });

  it('puts a Sentinel-2 tile preview north up on the four corners of a fully covered tile (T33TUM), skewed as UTM is in lon/lat', async () => {
    const item = await itemOf('S2A_MSIL1C_20210403T101021', sentinel2Extractor);
    const [nw, ne, se, sw] = item.geometry.coordinates[0] as Ring;
    const placement = quicklookPlacement(item);
    expect(placement).toEqual({ fit: 'footprint', corners: [nw, ne, se, sw] });
    // Not the bounding box: the tile's western edge leans (12.37° at the top, 12.42° at the bottom).
    expect(placement?.corners[0]?.[0]).not.toBe(placement?.corners[3]?.[0]);
  });

  it("falls back to the bounding box for a partly covered Sentinel-2 tile, whose footprint is not its preview's extent", async () => {
    const item = await itemOf('S2A_MSIL1C_20210908T042701', sentinel2Extractor);
    expect((item.geometry.coordinates[0] as Ring).length).toBeGreaterThan(5);
    const ring = item.geometry.coordinates[0] as Ring;
    const lons = ring.map((p) => p[0] as number);
    const lats = ring.map((p) => p[1] as number);
    const [w, e, s, n] = [Math.min(...lons), Math.max(...lons), Math.min(...lats), Math.max(...lats)];
    expect(quicklookPlacement(item)).toEqual({
      fit: 'bbox',
      corners: [
        [w, n],
        [e, n],
        [e, s],
        [w, s],
      ],
    });
  });

  it('puts a Sentinel-3 frame (many vertices along its edges, descending) on its four corners, its start at the top and west on the left', async () => {
    const item = await itemOf('S3A_OL_2_LFR____20210523T003029', sentinel3Extractor);
    const ring = item.geometry.coordinates[0] as Ring;
    expect(ring.length).toBeGreaterThan(20);
    const placement = quicklookPlacement(item);
    expect(placement?.fit).toBe('footprint');
    const [tl, tr, br, bl] = placement?.corners ?? [];
    for (const corner of [tl, tr, br, bl]) expect(ring).toContainEqual(corner);
    expect(Math.min(tl?.[1] ?? NaN, tr?.[1] ?? NaN)).toBeGreaterThan(Math.max(bl?.[1] ?? NaN, br?.[1] ?? NaN));
    expect(tl?.[0]).toBeLessThan(tr?.[0] ?? NaN);
    expect(bl?.[0]).toBeLessThan(br?.[0] ?? NaN);
  });

  it('joins a footprint the catalogue split at the antimeridian back into one quadrilateral, with longitudes running on past 180', async () => {
    // The descending EW slice moved 100° east, so that it crosses 180, and stored split as the catalogue stores it.
    const item = await itemOf('S1A_EW_GRDM_1SDH_20221130T014342', sentinel1Extractor);
    const moved = (item.geometry.coordinates[0] as Ring).map(([lon = 0, lat = 0]) => [lon + 100, lat]);
    const stored = geometryForMap({ type: 'Polygon', coordinates: [moved] });
    expect(stored.type).toBe('MultiPolygon');
    const placement = quicklookPlacement({ ...item, geometry: stored });
    expect(placement?.fit).toBe('footprint');
    expect(placement?.corners).toEqual(radarGeometry(moved.map(([lon = 0, lat = 0]) => [lon - 360, lat])));
  });

  it('draws the bounding box across the antimeridian continuously when the footprint gives no quadrilateral (T01VCG)', async () => {
    const item = await itemOf('S2B_MSIL2A_20200914T231559', sentinel2Extractor);
    const stored = geometryForMap(item.geometry);
    expect(stored.type).toBe('MultiPolygon');
    const lons = (stored.coordinates as Ring[][]).flatMap((polygon) => (polygon[0] ?? []).map((p) => p[0] as number));
    const west = Math.min(...lons.filter((lon) => lon > 0));
    const east = Math.max(...lons.filter((lon) => lon < 0));
    // A STAC bbox across ±180 is [west, south, east, north] with west > east.
    const placement = quicklookPlacement({ ...item, geometry: stored, bbox: [west, 60, east, 61] });
    expect(placement?.fit).toBe('bbox');
    const [tl, tr] = placement?.corners ?? [];
    expect((tr?.[0] ?? NaN) - (tl?.[0] ?? NaN)).toBeCloseTo(east + 360 - west, 9);
    expect(((tl?.[0] ?? NaN) + (tr?.[0] ?? NaN)) / 2).toBeLessThan(180);
  });

  it('has nowhere to go without a footprint or a bounding box', () => {
    expect(quicklookPlacement({ geometry: null, properties: {} })).toBeNull();
  });
});
