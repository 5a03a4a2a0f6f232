import { randomBytes } from 'node:crypto';
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { METADATA_ERRORS } from '../../src/metadata/errors.ts';
import { toIsoUtc } from '../../src/metadata/geometry.ts';
import { openFolderSource } from '../../src/metadata/product-source.ts';
import { sentinel5pExtractor } from '../../src/metadata/sentinel5p.ts';
import type { ProductMetadata, ProductSource } from '../../src/metadata/types.ts';
import { listSamples, sample } from '../support/samples.ts';

/** Values from ../shared/samples/README.md (Sentinel-5P table): sensing start → stop to the second, orbit, footprint. */
const EXPECTED: Record<string, { start: string; end: string; orbit: number | undefined; footprint: boolean }> = {
  S5P_NRTI_L2__AER_AI_20210927T013425: { start: '2021-09-27T01:34:20', end: '2021-09-27T01:39:31', orbit: 20496, footprint: true },
  S5P_NRTI_L2__AER_LH_20210828T013709: { start: '2021-08-28T01:37:03', end: '2021-08-28T01:37:35', orbit: 20070, footprint: true },
  S5P_NRTI_L2__CLOUD__20210829T002709: { start: '2021-08-29T00:27:03', end: '2021-08-29T00:32:15', orbit: 20084, footprint: true },
  S5P_NRTI_L2__CO_____20210326T030109: { start: '2021-03-26T03:01:03', end: '2021-03-26T03:06:16', orbit: 17872, footprint: true },
  S5P_NRTI_L2__HCHO___20210804T035103: { start: '2021-08-04T03:50:57', end: '2021-08-04T03:56:09', orbit: 19731, footprint: true },
  S5P_NRTI_L2__NO2____20210827T012135: { start: '2021-08-27T01:21:29', end: '2021-08-27T01:26:41', orbit: 20056, footprint: true },
  S5P_NRTI_L2__O3_____20210620T004526: { start: '2021-06-20T00:45:21', end: '2021-06-20T00:50:32', orbit: 19091, footprint: true },
  S5P_OFFL_L2__AER_AI_20200303T013547: { start: '2020-03-03T01:57:22', end: '2020-03-03T02:55:45', orbit: 12367, footprint: true },
  S5P_OFFL_L2__AER_LH_20200303T013547: { start: '2020-03-03T01:57:22', end: '2020-03-03T02:55:45', orbit: 12367, footprint: true },
  S5P_OFFL_L2__CH4____20200303T013547: { start: '2020-03-03T01:57:22', end: '2020-03-03T02:55:45', orbit: 12367, footprint: true },
  S5P_OFFL_L2__CH4____20210915T130938: { start: '2021-09-15T13:31:12', end: '2021-09-15T14:29:36', orbit: 20333, footprint: true },
  S5P_OFFL_L2__CLOUD__20200303T013547: { start: '2020-03-03T01:57:22', end: '2020-03-03T02:55:45', orbit: 12367, footprint: true },
  S5P_OFFL_L2__CO_____20200303T013547: { start: '2020-03-03T01:57:22', end: '2020-03-03T02:55:45', orbit: 12367, footprint: true },
  S5P_OFFL_L2__HCHO___20200303T013547: { start: '2020-03-03T01:57:22', end: '2020-03-03T02:55:45', orbit: 12367, footprint: true },
  S5P_OFFL_L2__NP_BD3_20200303T013547: { start: '2020-03-03T01:57:22', end: '2020-03-03T02:55:45', orbit: 12367, footprint: true },
  S5P_OFFL_L2__NP_BD3_20210725T092545: { start: '2021-07-25T09:47:19', end: '2021-07-25T10:45:43', orbit: 19593, footprint: true },
  S5P_OFFL_L2__NP_BD6_20200303T013547: { start: '2020-03-03T01:57:22', end: '2020-03-03T02:55:45', orbit: 12367, footprint: true },
  S5P_OFFL_L2__NP_BD6_20210826T124618: { start: '2021-08-26T13:07:52', end: '2021-08-26T14:06:16', orbit: 20049, footprint: true },
  S5P_OFFL_L2__NP_BD7_20200303T013547: { start: '2020-03-03T01:57:22', end: '2020-03-03T02:55:45', orbit: 12367, footprint: true },
  S5P_OFFL_L2__O3_TCL_20200303T120623: { start: '2020-03-03T12:06:23', end: '2020-03-09T12:52:48', orbit: undefined, footprint: false },
  S5P_OFFL_L2__O3_____20200303T013547: { start: '2020-03-03T01:57:22', end: '2020-03-03T02:55:45', orbit: 12367, footprint: true },
  S5P_OFFL_L2__SO2____20200303T013547: { start: '2020-03-03T01:57:22', end: '2020-03-03T02:55:45', orbit: 12367, footprint: true },
};

const samples = listSamples().filter((s) => s.mission === 'sentinel-5p');
const scratch: string[] = [];

afterAll(async () => {
  await Promise.all(scratch.map((d) => rm(d, { recursive: true, force: true })));
});

/** A folder holding just this one file (the sample folders also hold SOURCE.txt and a STAC item). */
async function singleFileSource(path: string, name = basename(path)): Promise<ProductSource> {
  const dir = await mkdtemp(join(tmpdir(), 'eohub-s5p-'));
  scratch.push(dir);
  await copyFile(path, join(dir, name));
  return openFolderSource(dir, name);
}

async function fileSource(name: string, content: string | Buffer): Promise<ProductSource> {
  const dir = await mkdtemp(join(tmpdir(), 'eohub-s5p-'));
  scratch.push(dir);
  await writeFile(join(dir, name), content);
  return openFolderSource(dir, name);
}

function attribute(m: ProductMetadata, name: string): unknown {
  return m.attributes[name]?.value;
}

describe('sentinel5pExtractor on the Sentinel-5P samples', () => {
  it('has an expectation for every Sentinel-5P sample', () => {
    expect(samples.map((s) => s.id.slice(0, 35)).sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  for (const s of samples) {
    const kind = s.productPath.endsWith('.json') ? 'metadata JSON' : 'netCDF header';
    it(`reads name, footprint, sensing, orbit, type and mode of ${s.id.slice(0, 35)} from its ${kind}`, async () => {
      const want = EXPECTED[s.id.slice(0, 35)];
      const source = await singleFileSource(s.productPath);
      expect(sentinel5pExtractor.matches(source)).toBe(true);
      const m = await sentinel5pExtractor.extract(source);

      expect(m.name).toBe(`${s.id}.nc`);
      expect(m.collection).toBe('SENTINEL-5P');
      expect(m.footprint !== null).toBe(want?.footprint);
      expect(m.sensingStart?.slice(0, 19)).toBe(want?.start);
      expect(m.sensingEnd?.slice(0, 19)).toBe(want?.end);
      expect(attribute(m, 'orbitNumber')).toBe(want?.orbit);
      expect(attribute(m, 'platformShortName')).toBe('SENTINEL-5P');
      expect(attribute(m, 'instrumentShortName')).toBe('TROPOMI');
      // The README's type column: <mode>_<type> as in the product id.
      expect(attribute(m, 'productType')).toBe(s.id.slice(9, 19));
      expect(attribute(m, 'processingMode')).toBe(s.id.slice(4, 8));
      expect(attribute(m, 'processingLevel')).toBe('L2');
      expect(attribute(m, 'cloudCover')).toBeUndefined();
      expect(m.layout).toEqual({ mission: 'Sentinel-5P', instrument: 'TROPOMI', productType: s.id.slice(9, 19) });
    });
  }

  it('agrees with the stactools items on orbit, product type, processing mode and time span', async () => {
    for (const s of samples) {
      const item: { properties: Record<string, unknown> } = JSON.parse(await readFile(join(s.dir, 'stac-item.stactools.json'), 'utf8'));
      const p = item.properties;
      const m = await sentinel5pExtractor.extract(await singleFileSource(s.productPath));
      expect(attribute(m, 'orbitNumber')).toBe(p['sat:absolute_orbit']);
      expect(attribute(m, 'productType')).toBe(p['s5p:product_type']);
      expect(attribute(m, 'processingMode')).toBe(p['s5p:processing_mode']);
      // stactools gives the O3_TCL composite a mid-point datetime only.
      if (typeof p['start_datetime'] === 'string') expect(m.sensingStart).toBe(toIsoUtc(p['start_datetime']));
      if (typeof p['end_datetime'] === 'string') expect(m.sensingEnd).toBe(toIsoUtc(p['end_datetime']));
    }
  });

  it('reads the EOP footprint as closed lon/lat rings ("lat lon" in gml:posList)', async () => {
    const m = await sentinel5pExtractor.extract(await singleFileSource(sample('S5P_NRTI_L2__NO2____').productPath));
    expect(m.footprint?.type).toBe('Polygon');
    const ring = m.footprint?.type === 'Polygon' ? (m.footprint.coordinates[0] ?? []) : [];
    expect(ring[0]).toEqual([167.41608, 6.998148]);
    expect(ring[ring.length - 1]).toEqual(ring[0]);
  });

  it('gives the CDSE attributes collection, quality, processor and identifier', async () => {
    const m = await sentinel5pExtractor.extract(await singleFileSource(sample('S5P_OFFL_L2__AER_LH_2020').productPath));
    expect(m.attributes['baselineCollection']).toEqual({ type: 'String', value: '01' });
    expect(m.attributes['qualityStatus']).toEqual({ type: 'String', value: 'NOMINAL' });
    expect(m.attributes['processorVersion']).toEqual({ type: 'String', value: '1.3.2' });
    expect(m.attributes['identifier']?.value).toBe(sample('S5P_OFFL_L2__AER_LH_2020').id);
    expect(m.attributes['processingDate']?.type).toBe('DateTimeOffset');
    const degraded = await sentinel5pExtractor.extract(await singleFileSource(sample('S5P_NRTI_L2__AER_LH').productPath));
    expect(degraded.attributes['qualityStatus']?.value).toBe('DEGRADED');
    expect(degraded.attributes['baselineCollection']?.value).toBe('02');
  });

  it('warns rather than fails when a composite product (O3_TCL) has no footprint', async () => {
    const m = await sentinel5pExtractor.extract(await singleFileSource(sample('S5P_OFFL_L2__O3_TCL').productPath));
    expect(m.footprint).toBeNull();
    expect(m.warnings).toHaveLength(1);
  });
});

describe('sentinel5pExtractor on other files', () => {
  it('throws MALFORMED_METADATA for a .nc file that is not HDF5', async () => {
    const source = await fileSource(
      'S5P_OFFL_L2__NO2____20200303T013547_20200303T031717_12367_01_010302_20200306T032414.nc',
      randomBytes(4096),
    );
    expect(sentinel5pExtractor.matches(source)).toBe(true);
    await expect(sentinel5pExtractor.extract(source)).rejects.toMatchObject({ code: METADATA_ERRORS.MALFORMED, kind: 'invalid' });
  });

  it('throws MALFORMED_METADATA for S5P-named JSON that is neither header metadata nor a STAC item', async () => {
    const source = await fileSource('S5P_NRTI_L2__NO2____x.json', JSON.stringify({ orbit: 1 }));
    await expect(sentinel5pExtractor.extract(source)).rejects.toMatchObject({ code: METADATA_ERRORS.MALFORMED });
  });

  it('hands a STAC item named like an S5P product to the STAC item path', async () => {
    const s = sample('S5P_NRTI_L2__NO2____');
    const source = await singleFileSource(join(s.dir, 'stac-item.stactools.json'), `${s.id}.json`);
    expect(sentinel5pExtractor.matches(source)).toBe(true);
    const m = await sentinel5pExtractor.extract(source);
    // The STAC path names products by item id (no `.nc`) and takes the collection from the constellation.
    expect(m.name).toBe(s.id);
    expect(m.collection).toBe('SENTINEL-5P');
    expect(m.attributes['productType']?.value).toBe('L2__NO2___');
  });

  it('does not claim STAC items, Sentinel-3 folders or products of several files', async () => {
    const dem = listSamples().find((s) => s.mission === 'copernicus-dem');
    if (dem === undefined) throw new Error('no Copernicus DEM sample');
    expect(sentinel5pExtractor.matches(await singleFileSource(dem.productPath))).toBe(false);
    const s3 = sample('S3A_SR_2_LAN').productPath;
    expect(sentinel5pExtractor.matches(await openFolderSource(s3, basename(s3)))).toBe(false);
    const s1 = sample('S1A_IW_GRDH_1SDV_20200103').productPath;
    expect(sentinel5pExtractor.matches(await openFolderSource(s1, basename(s1)))).toBe(false);
  });
});
