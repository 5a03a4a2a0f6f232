import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoProduct } from '../../src/demo/index.ts';
import { tileById } from '../../src/demo/mgrs.ts';
import { readGeoTiffGrid } from '../../src/metadata/index.ts';
import { findFile, generateSmallSet, listFiles, run } from './demo-files.ts';

/** GDAL (Debian's gdal-bin, installed by `npm test`'s pretest) judges the demo's rasters, not our own readers. */

const VALIDATOR = '/usr/lib/python3/dist-packages/osgeo_utils/samples/validate_cloud_optimized_geotiff.py';

interface GdalInfo {
  size: [number, number];
  geoTransform?: number[];
  coordinateSystem?: { wkt: string };
  gcps?: { coordinateSystem: { wkt: string }; gcpList: { pixel: number; line: number; x: number; y: number }[] };
  metadata: Record<string, Record<string, string>>;
  bands: { block: [number, number]; type: string; overviews?: { size: [number, number] }[]; noDataValue?: number }[];
}

async function gdalinfo(path: string): Promise<GdalInfo> {
  return JSON.parse((await run('gdalinfo', ['-json', path])).stdout) as GdalInfo;
}

describe('the demo rasters, as GDAL reads them', () => {
  let root: string;
  let products: DemoProduct[];
  const productDir = (p: DemoProduct): string => join(root, p.name);
  const first = (test: (p: DemoProduct) => boolean): DemoProduct => {
    const p = products.find(test);
    if (!p) throw new Error('the small demo set lacks a product this test needs');
    return p;
  };

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'eohub-gdal-'));
    products = await generateSmallSet(root);
  }, 120_000);

  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('opens a Sentinel-2 10 m band as a tiled Cloud-Optimised GeoTIFF in the tile’s UTM zone, placed where MTD_TL.xml says', async () => {
    for (const p of products.filter((x) => x.mission === 'SENTINEL-2')) {
      const band = await findFile(productDir(p), /IMG_DATA\/(R10m\/)?T\w+_B04(_10m)?\.tif$/);
      const info = await gdalinfo(band);
      expect(info.bands[0]?.block, p.name).toEqual([256, 256]);
      expect(info.bands[0]?.type).toBe('UInt16');
      expect(info.bands[0]?.noDataValue).toBe(0);
      expect(
        info.bands[0]?.overviews?.map((o) => o.size),
        p.name,
      ).toEqual([[183, 183]]);
      expect(info.metadata['IMAGE_STRUCTURE']?.['LAYOUT'], p.name).toBe('COG');
      const tile = tileById(p.tileId ?? '');
      expect(/ID\["EPSG",(\d+)\]\]$/.exec(info.coordinateSystem?.wkt ?? '')?.[1], p.name).toBe(String(tile.epsg));
      const mtdTl = await readFile(await findFile(productDir(p), /MTD_TL\.xml$/), 'utf8');
      const ulx = Number(/<ULX>(\d+)<\/ULX>/.exec(mtdTl)?.[1]);
      const uly = Number(/<ULY>(\d+)<\/ULY>/.exec(mtdTl)?.[1]);
      expect(info.geoTransform, p.name).toEqual([ulx, 300, 0, uly, 0, -300]);
      expect(info.size[0] * 300).toBe(109_800);
    }
  }, 60_000);

  it('states the same grid GDAL reads for every georeferenced demo GeoTIFF, and none for GCP-located SAR (readGeoTiffGrid)', async () => {
    let seen = 0;
    for (const path of (await listFiles(root)).filter((f) => /\.tiff?$/.test(f))) {
      const info = await gdalinfo(join(root, path));
      const grid = await readGeoTiffGrid(join(root, path), path);
      const epsg = /ID\["EPSG",(\d+)\]\]$/.exec(info.coordinateSystem?.wkt ?? '')?.[1];
      if (info.geoTransform === undefined || epsg === undefined) {
        expect(grid, path).toBeUndefined();
        continue;
      }
      const [ulx, res, , uly] = info.geoTransform;
      expect(grid, path).toEqual({ epsg: Number(epsg), resolutionM: res, ulx, uly, rows: info.size[1], cols: info.size[0], path });
      seen++;
    }
    expect(seen).toBeGreaterThan(20);
  }, 60_000);

  it('decodes every image of a Sentinel-2 product to the end (gdalinfo -checksum)', async () => {
    for (const level of ['S2MSI1C', 'S2MSI2A']) {
      const p = first((x) => x.productType === level);
      const images = (await listFiles(productDir(p))).filter((f) => f.endsWith('.tif'));
      expect(images.length, p.name).toBe(level === 'S2MSI1C' ? 14 : 16);
      for (const image of images) {
        const { stdout } = await run('gdalinfo', ['-checksum', join(productDir(p), image)]);
        expect(stdout, image).toMatch(/Checksum=\d+/);
      }
    }
  }, 60_000);

  it.skipIf(!existsSync(VALIDATOR))(
    'passes GDAL’s Cloud-Optimised GeoTIFF validator, leader and trailer bytes included',
    async () => {
      const p = first((x) => x.productType === 'S2MSI2A');
      for (const band of ['B02', 'B08', 'TCI', 'SCL']) {
        const path = await findFile(productDir(p), new RegExp(`_${band}_\\d\\dm\\.tif$`));
        const { stdout } = await run('/usr/bin/python3', [VALIDATOR, '--full-check=yes', path]);
        expect(stdout, band).toContain('is a valid cloud optimized GeoTIFF');
      }
    },
    60_000,
  );

  it('locates a Sentinel-1 GRD measurement by ground control points in WGS 84, the first at the footprint’s start-near corner', async () => {
    const p = first((x) => x.productType === 'IW_GRDH_1S');
    for (const pol of ['vv', 'vh']) {
      const path = await findFile(productDir(p), new RegExp(`measurement/s1\\w-iw-grd-${pol}-.*\\.tiff$`));
      const info = await gdalinfo(path);
      expect(info.bands[0]?.type).toBe('UInt16');
      expect(info.gcps?.gcpList.length).toBeGreaterThanOrEqual(4);
      expect(info.gcps?.coordinateSystem.wkt).toMatch(/ID\["EPSG",4326\]\]$/);
      // DemoProduct footprint: [stop-near, stop-far, start-far, start-near, closing point]; line 0 is the start.
      const startNear = p.footprint?.[3] ?? [];
      const origin = info.gcps?.gcpList.find((g) => g.pixel === 0 && g.line === 0);
      expect(Math.abs((origin?.x ?? 0) - (startNear[0] ?? 0))).toBeLessThan(1e-6);
      expect(Math.abs((origin?.y ?? 0) - (startNear[1] ?? 0))).toBeLessThan(1e-6);
      await run('gdalinfo', ['-checksum', path]);
    }
  }, 60_000);

  it('reads the Sentinel-5P swath variables through GDAL’s netCDF driver', async () => {
    const p = first((x) => x.mission === 'SENTINEL-5P');
    const path = join(root, p.name);
    const { stdout } = await run('gdalinfo', [path]);
    expect(stdout).toContain(':/PRODUCT/latitude');
    expect(stdout).toContain(':/PRODUCT/longitude');
    expect(stdout).toContain(':/PRODUCT/carbonmonoxide_total_column');
    const stats = await run('gdalinfo', ['-stats', `NETCDF:"${path}":/PRODUCT/carbonmonoxide_total_column`]);
    const mean = Number(/STATISTICS_MEAN=([\d.e-]+)/.exec(stats.stdout)?.[1]);
    // A CO total column is a few hundredths of a mole per square metre.
    expect(mean).toBeGreaterThan(0.02);
    expect(mean).toBeLessThan(0.05);
  }, 60_000);
});
