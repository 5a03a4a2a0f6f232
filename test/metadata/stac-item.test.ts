import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { METADATA_ERRORS } from '../../src/metadata/errors.ts';
import { openFolderSource } from '../../src/metadata/product-source.ts';
import { stacItemExtractor } from '../../src/metadata/stac-item.ts';
import type { ProductSource } from '../../src/metadata/types.ts';
import { listSamples, sample } from '../support/samples.ts';

/** Copernicus DEM samples (README: STAC only, footprint in the item, no sensing time in the product). */
const DEM: Record<string, { productType: string; resolution: number }> = {
  Copernicus_DSM_COG_10_N53_00_W115_00_DEM: { productType: 'COP-DEM_GLO-30', resolution: 30 },
  Copernicus_DSM_COG_30_N53_00_W115_00_DEM: { productType: 'COP-DEM_GLO-90', resolution: 90 },
};

const scratch: string[] = [];

afterAll(async () => {
  await Promise.all(scratch.map((d) => rm(d, { recursive: true, force: true })));
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'eohub-stac-'));
  scratch.push(dir);
  return dir;
}

/** A folder holding just this one file (the sample folders also hold SOURCE.txt). */
async function singleFileSource(path: string, name = basename(path)): Promise<ProductSource> {
  const dir = await tempDir();
  await copyFile(path, join(dir, name));
  return openFolderSource(dir, name);
}

async function itemSource(item: unknown, name = 'item.json'): Promise<ProductSource> {
  const dir = await tempDir();
  await writeFile(join(dir, name), JSON.stringify(item));
  return openFolderSource(dir, name);
}

const square = {
  type: 'Polygon',
  coordinates: [
    [
      [10, 50],
      [11, 50],
      [11, 51],
      [10, 51],
      [10, 50],
    ],
  ],
};

describe('stacItemExtractor on the Copernicus DEM samples', () => {
  const samples = listSamples().filter((s) => s.mission === 'copernicus-dem');

  it('has an expectation for every Copernicus DEM sample', () => {
    expect(samples.map((s) => s.id).sort()).toEqual(Object.keys(DEM).sort());
  });

  for (const s of samples) {
    it(`reads ${s.id} as a COP-DEM product laid out under CCM`, async () => {
      const want = DEM[s.id];
      const source = await singleFileSource(s.productPath);
      expect(stacItemExtractor.matches(source)).toBe(true);
      const m = await stacItemExtractor.extract(source);
      expect(m.name).toBe(s.id);
      expect(m.collection).toBe('COP-DEM');
      expect(m.footprint?.type).toBe('Polygon');
      const ring = m.footprint?.type === 'Polygon' ? (m.footprint.coordinates[0] ?? []) : [];
      expect(ring).toHaveLength(5);
      expect(ring[0]).toEqual(ring[4]);
      // The tile has no acquisition time; the item's nominal datetime is what there is.
      expect(m.sensingStart?.slice(0, 19)).toBe('2021-04-22T00:00:00');
      expect(m.sensingEnd).toBe(m.sensingStart);
      expect(m.attributes['productType']?.value).toBe(want?.productType);
      expect(m.attributes['spatialResolution']).toEqual({ type: 'Integer', value: want?.resolution });
      expect(m.attributes['platformShortName']?.value).toBe('TANDEM-X');
      expect(m.attributes['orbitNumber']).toBeUndefined();
      expect(m.attributes['cloudCover']).toBeUndefined();
      expect(m.layout).toEqual({ mission: 'CCM', instrument: 'COP-DEM', productType: want?.productType });
    });
  }
});

describe('stacItemExtractor on other items', () => {
  it('maps common STAC properties of a Sentinel-3 item to CDSE attributes', async () => {
    const s = sample('S3A_OL_2_LFR');
    const m = await stacItemExtractor.extract(await singleFileSource(join(s.dir, 'stac-item.stactools.json'), 'item.json'));
    // The stactools item has no collection: the constellation names it.
    expect(m.collection).toBe('SENTINEL-3');
    const values = Object.fromEntries(Object.entries(m.attributes).map(([k, v]) => [k, v.value]));
    expect(values).toMatchObject({
      platformShortName: 'SENTINEL-3',
      platformSerialIdentifier: 'A',
      instrumentShortName: 'OLCI',
      productType: 'OL_2_LFR___',
      cloudCover: 83,
      orbitNumber: 27410,
      relativeOrbitNumber: 102,
      orbitDirection: 'DESCENDING',
      timeliness: 'NT',
    });
    expect(m.sensingStart?.slice(0, 26)).toBe('2021-05-23T00:30:29.485583');
    expect(m.layout).toEqual({ mission: 'SENTINEL-3', instrument: 'OLCI', productType: 'OL_2_LFR___' });
  });

  it('upper-cases the STAC collection id and reads product:type and processing:level', async () => {
    const m = await stacItemExtractor.extract(
      await itemSource({
        type: 'Feature',
        stac_version: '1.1.0',
        id: 'LC09_L2SP_190025_20240101_02_T1',
        collection: 'landsat-9',
        geometry: square,
        properties: {
          datetime: '2024-01-01T10:00:00Z',
          platform: 'landsat-9',
          instruments: ['oli', 'tirs'],
          'product:type': 'L2SP',
          'processing:level': 'L2',
          'eo:cloud_cover': 12.5,
        },
      }),
    );
    expect(m.collection).toBe('LANDSAT-9');
    expect(m.name).toBe('LC09_L2SP_190025_20240101_02_T1');
    expect(m.attributes['productType']?.value).toBe('L2SP');
    expect(m.attributes['processingLevel']?.value).toBe('L2');
    expect(m.attributes['instrumentShortName']?.value).toBe('OLI');
    expect(m.attributes['cloudCover']).toEqual({ type: 'Double', value: 12.5 });
    expect(m.footprint).toEqual(square);
  });

  it('allows an item without any datetime (sensing null)', async () => {
    const m = await stacItemExtractor.extract(
      await itemSource({
        type: 'Feature',
        stac_version: '1.0.0',
        id: 'Copernicus_DSM_COG_10_N00_00_E006_00_DEM',
        geometry: square,
        properties: { datetime: null },
      }),
    );
    expect(m.sensingStart).toBeNull();
    expect(m.sensingEnd).toBeNull();
    expect(m.collection).toBe('COP-DEM');
    expect(m.layout.productType).toBe('COP-DEM_GLO-30');
  });

  it('takes the footprint from the bbox, with a warning, when the geometry is not a polygon', async () => {
    const m = await stacItemExtractor.extract(
      await itemSource({
        type: 'Feature',
        stac_version: '1.0.0',
        id: 'x',
        collection: 'c',
        geometry: null,
        bbox: [10, 50, 11, 51],
        properties: { datetime: '2024-01-01T00:00:00Z' },
      }),
    );
    expect(m.footprint).toEqual({
      type: 'Polygon',
      coordinates: [
        [
          [10, 50],
          [11, 50],
          [11, 51],
          [10, 51],
          [10, 50],
        ],
      ],
    });
    expect(m.warnings).toHaveLength(1);
  });

  it('throws MALFORMED_METADATA for JSON that is not a STAC Item', async () => {
    const source = await itemSource({ type: 'FeatureCollection', features: [] });
    expect(stacItemExtractor.matches(source)).toBe(true);
    await expect(stacItemExtractor.extract(source)).rejects.toMatchObject({ code: METADATA_ERRORS.MALFORMED, kind: 'invalid' });
  });

  it('throws MALFORMED_METADATA for a footprint that is not lon/lat', async () => {
    const broken = {
      type: 'Polygon',
      coordinates: [
        [
          [10, 100],
          [11, 100],
          [11, 101],
          [10, 100],
        ],
      ],
    };
    const source = await itemSource({
      type: 'Feature',
      stac_version: '1.0.0',
      id: 'x',
      collection: 'c',
      geometry: broken,
      properties: { datetime: '2024-01-01T00:00:00Z' },
    });
    await expect(stacItemExtractor.extract(source)).rejects.toMatchObject({ code: METADATA_ERRORS.MALFORMED });
  });

  it('throws MALFORMED_METADATA when nothing names a collection', async () => {
    const source = await itemSource({
      type: 'Feature',
      stac_version: '1.0.0',
      id: 'x',
      geometry: square,
      properties: { datetime: '2024-01-01T00:00:00Z' },
    });
    await expect(stacItemExtractor.extract(source)).rejects.toMatchObject({ code: METADATA_ERRORS.MALFORMED });
  });
});

describe('stacItemExtractor.matches', () => {
  it('does not claim S5P header JSON, AWS side files or products with a mission manifest', async () => {
    const s5p = sample('S5P_NRTI_L2__NO2____').productPath;
    expect(stacItemExtractor.matches(await singleFileSource(s5p))).toBe(false);
    const aws = sample('S1A_IW_GRDH_1SDV_20200103').productPath;
    expect(stacItemExtractor.matches(await openFolderSource(aws, basename(aws)))).toBe(false);
    const s3 = sample('S3A_SR_2_LAN').productPath;
    expect(stacItemExtractor.matches(await openFolderSource(s3, basename(s3)))).toBe(false);
    const item = await readFile(join(sample('S3A_SR_2_LAN').dir, 'stac-item.stactools.json'));
    const dir = await tempDir();
    await writeFile(join(dir, 'item.json'), item);
    await writeFile(join(dir, 'manifest.safe'), '<xfdu:XFDU/>');
    expect(stacItemExtractor.matches(await openFolderSource(dir, 'upload'))).toBe(false);
  });

  it('claims a lone item JSON whatever its name', async () => {
    const dem = sample('Copernicus_DSM_COG_30').productPath;
    expect(stacItemExtractor.matches(await singleFileSource(dem, 'Copernicus_DSM_COG_30_N53_00_W115_00_DEM.json'))).toBe(true);
  });
});
