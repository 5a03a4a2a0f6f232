import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRandom, DEMO_PERIOD, type DemoProduct } from '../../src/demo/index.ts';
import { TILE_SIZE_M } from '../../src/demo/mgrs.ts';
import { loadLandMask } from '../../src/demo/raster/land.ts';
import { planSentinel2, writeSentinel2, type Sentinel2Plan } from '../../src/demo/sentinel2.ts';
import { utmToLonLat } from '../../src/util/utm.ts';
import { findFile, generateSmallSet, listFiles, readBandWithGdal } from './demo-files.ts';

/** Natural Earth land polygons read afresh from world-atlas, to judge the pictures independently of the generator's grids. */
async function landRings(): Promise<number[][][]> {
  const path = createRequire(import.meta.url).resolve('world-atlas/land-10m.json');
  const topology = JSON.parse(await readFile(path, 'utf8')) as Topology<{ land: GeometryCollection }>;
  const rings: number[][][] = [];
  for (const f of feature(topology, topology.objects.land).features) {
    const g = f.geometry;
    const polygons = g.type === 'Polygon' ? [g.coordinates] : g.type === 'MultiPolygon' ? g.coordinates : [];
    for (const polygon of polygons) rings.push(...polygon);
  }
  return rings;
}

/**
 * Even-odd ray casting eastwards, over the ring edges that cross the latitudes of interest. The rings
 * that cross the antimeridian (Eurasia's, through Chukotka) jump from +180° to −180° in one edge there,
 * at 64–72°N: harmless for points far south of it, as the test's are.
 */
function landTest(rings: readonly number[][][], south: number, north: number): (lon: number, lat: number) => boolean {
  const edges: [number, number, number, number][] = [];
  for (const ring of rings) {
    for (let i = 0; i + 1 < ring.length; i++) {
      const [x1 = 0, y1 = 0] = ring[i] as number[];
      const [x2 = 0, y2 = 0] = ring[i + 1] as number[];
      if (Math.max(y1, y2) >= south && Math.min(y1, y2) <= north) edges.push([x1, y1, x2, y2]);
    }
  }
  return (lon, lat) => {
    let inside = false;
    for (const [x1, y1, x2, y2] of edges) {
      if (y1 > lat !== y2 > lat && lon < ((x2 - x1) * (lat - y1)) / (y2 - y1) + x1) inside = !inside;
    }
    return inside;
  };
}

describe('the demo’s pictures', () => {
  let root: string;
  let products: DemoProduct[];

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'eohub-rasters-'));
    products = await generateSmallSet(join(root, 'set'));
  }, 120_000);

  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('draws a Sentinel-2 preview of the Dutch coast whose land is brighter than its sea, where Natural Earth puts them', async () => {
    // A cloud-free tile over the coast of North Holland: North Sea, dunes and polders, the IJsselmeer.
    let plan: Sentinel2Plan | undefined;
    for (let day = 0; !plan && day < 120; day++) {
      const dayMs = Date.UTC(2025, 5, 1) + day * 86400_000;
      const candidate = planSentinel2(createRandom(`coast-${day}`), { dayMs, target: { lon: 4.8, lat: 52.4 }, range: DEMO_PERIOD });
      // A pass that sees the whole tile.
      if (candidate && candidate.noDataPercent < 1) plan = candidate;
    }
    if (!plan) throw new Error('no Sentinel-2 pass over the coast in two months');
    const clear = { ...plan, cloudPercent: 0 };
    await writeSentinel2(join(root, 'coast'), clear, await loadLandMask());
    const preview = await findFile(join(root, 'coast', plan.name), /QI_DATA\/T\w+_PVI\.jpg$/);
    const { data, info } = await sharp(preview).raw().toBuffer({ resolveWithObject: true });
    expect([info.width, info.height, info.channels]).toEqual([343, 343, 3]);

    const { tile } = plan;
    const [, north] = utmToLonLat(tile.ulxM, tile.ulyM, tile.zone, true);
    const [, south] = utmToLonLat(tile.ulxM + TILE_SIZE_M, tile.ulyM - TILE_SIZE_M, tile.zone, true);
    const isLand = landTest(await landRings(), south - 0.5, north + 0.5);
    const brightness = { land: [] as number[], sea: [] as number[] };
    const pixelM = TILE_SIZE_M / 343;
    for (let row = 3; row < 343; row += 7) {
      for (let col = 3; col < 343; col += 7) {
        const at = 3 * (row * 343 + col);
        const [r, g, b] = [data[at] ?? 0, data[at + 1] ?? 0, data[at + 2] ?? 0];
        if (r + g + b < 6) continue; // outside the swath
        const x = tile.ulxM + (col + 0.5) * pixelM;
        const y = tile.ulyM - (row + 0.5) * pixelM;
        // Only points whose surroundings within 4 km agree: the coast itself is drawn with noise.
        const states = [
          [0, 0],
          [4000, 0],
          [-4000, 0],
          [0, 4000],
          [0, -4000],
        ].map(([dx = 0, dy = 0]) => isLand(...utmToLonLat(x + dx, y + dy, tile.zone, true)));
        if (states.some((s) => s !== states[0])) continue;
        brightness[states[0] ? 'land' : 'sea'].push(0.3 * r + 0.59 * g + 0.11 * b);
      }
    }
    const mean = (v: number[]): number => v.reduce((s, x) => s + x, 0) / v.length;
    const all = [...brightness.land, ...brightness.sea];
    const sd = Math.sqrt(mean(all.map((v) => (v - mean(all)) ** 2)));
    expect(brightness.land.length).toBeGreaterThan(100);
    expect(brightness.sea.length).toBeGreaterThan(100);
    expect(sd, 'not a uniform picture').toBeGreaterThan(8);
    expect(mean(brightness.land) - mean(brightness.sea)).toBeGreaterThan(10);
  }, 60_000);

  it('covers with cloud the share of each Sentinel-2 tile that its cloud cover states', async () => {
    const tiles = products.filter((p) => p.mission === 'SENTINEL-2');
    expect(tiles.length).toBeGreaterThanOrEqual(4);
    for (const p of tiles) {
      const band = await findFile(join(root, 'set', p.name), /_B02(_10m)?\.tif$/);
      const { data } = await readBandWithGdal(band, root);
      let valid = 0;
      let cloudy = 0;
      // Cloud tops reflect ~0.56 of the blue light, clear ground ~0.03–0.1: a pixel is cloudy past halfway between them
      // (reflectance 0.31), plus the path radiance of top-of-atmosphere L1C (0.06). DN = 1000 + 10 000 × reflectance.
      const threshold = p.productType === 'S2MSI1C' ? 4700 : 4100;
      for (const dn of data) {
        if (dn === 0) continue;
        valid++;
        if (dn >= threshold) cloudy++;
      }
      expect(Math.abs((100 * cloudy) / valid - (p.cloudCover ?? -100)), `${p.name}: ${(100 * cloudy) / valid} % cloudy`).toBeLessThan(4);
    }
  }, 60_000);

  it('lists every data file in the product’s manifest with its real size and MD5', async () => {
    for (const p of products.filter((x) => x.mission !== 'SENTINEL-5P' && !x.productType.startsWith('AUX_'))) {
      const dir = join(root, 'set', p.name);
      const manifest = await readFile(await findFile(dir, /^(manifest\.safe|xfdumanifest\.xml)$/), 'utf8');
      const objects = [
        ...manifest.matchAll(/size="(\d+)">\s*<fileLocation [^>]*href="\.\/([^"]+)"[^>]*\/>\s*<checksum checksumName="MD5">(\w+)</g),
      ];
      const files = (await listFiles(dir)).filter((f) => !/^(manifest\.safe|xfdumanifest\.xml)$/.test(f));
      expect(objects.map((o) => o[2]).sort(), p.name).toEqual(files.sort());
      for (const [, size, href = '', md5] of objects) {
        const bytes = await readFile(join(dir, href));
        expect(bytes.length, href).toBe(Number(size));
        expect(createHash('md5').update(bytes).digest('hex'), href).toBe(md5);
      }
    }
  }, 60_000);

  it('gives Sentinel-1 and -3 products quicklooks that are pictures, not blanks', async () => {
    for (const [mission, pattern] of [
      ['SENTINEL-1', /preview\/quick-look\.png$/],
      ['SENTINEL-3', /-ql\.jpg$/],
    ] as const) {
      const p = products.find((x) => x.mission === mission);
      if (!p) throw new Error(`no ${mission} product in the small set`);
      const stats = await sharp(await findFile(join(root, 'set', p.name), pattern)).stats();
      expect(stats.channels.length, p.name).toBeGreaterThanOrEqual(3);
      for (const channel of stats.channels.slice(0, 3)) expect(channel.stdev, p.name).toBeGreaterThan(2);
      expect(stats.entropy, p.name).toBeGreaterThan(3);
    }
  }, 60_000);
});
