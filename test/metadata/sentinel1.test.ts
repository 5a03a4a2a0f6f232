import { execFileSync } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { METADATA_ERRORS } from '../../src/metadata/errors.ts';
import { orbitExtractor } from '../../src/metadata/orbit.ts';
import { openFolderSource } from '../../src/metadata/product-source.ts';
import { sentinel1Extractor } from '../../src/metadata/sentinel1.ts';
import { sentinel2Extractor } from '../../src/metadata/sentinel2.ts';
import type { ProductMetadata, ProductSource } from '../../src/metadata/types.ts';
import { sample } from '../support/samples.ts';

const temps: string[] = [];
afterAll(async () => {
  await Promise.all(temps.map((t) => rm(t, { recursive: true, force: true })));
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'eohub-s1-'));
  temps.push(dir);
  return dir;
}

/** Opens a sample as the ingest pipeline does: a folder under its own name, a zip extracted first. */
async function openSample(id: string): Promise<ProductSource> {
  const { productPath } = sample(id);
  const name = basename(productPath);
  if ((await stat(productPath)).isDirectory()) return openFolderSource(productPath, name);
  const dir = await tempDir();
  if (name.endsWith('.zip')) {
    execFileSync('unzip', ['-q', productPath, '-d', dir]);
    return openFolderSource(dir, basename(name, '.zip'));
  }
  await copyFile(productPath, join(dir, name));
  return openFolderSource(dir, name);
}

async function errorOf(promise: Promise<unknown>): Promise<{ code?: unknown }> {
  try {
    await promise;
  } catch (error) {
    return error as { code?: unknown };
  }
  throw new Error('expected a rejection');
}

/** Values from ../shared/samples/README.md (Sentinel-1 table). */
const EXPECTED = [
  [
    'S1A_IW_GRDH_1SDV_20210809T173953_20210809T174018_039156_049F13_6FF8',
    '2021-08-09T17:39:53',
    '2021-08-09T17:40:18',
    39156,
    59,
    'A',
    'IW_GRDH_1S',
  ],
  [
    'S1A_EW_GRDM_1SDH_20221130T014342_20221130T014446_046117_058549_BB15',
    '2022-11-30T01:43:42',
    '2022-11-30T01:44:46',
    46117,
    20,
    'A',
    'EW_GRDM_1S',
  ],
  [
    'S1A_IW_GRDH_1SDV_20200103T233556_20200103T233621_030643_0382F7_C795',
    '2020-01-03T23:35:56',
    '2020-01-03T23:36:21',
    30643,
    121,
    'A',
    'IW_GRDH_1S',
  ],
  [
    'S1B_IW_GRDH_1SDV_20161121T010910_20161121T010939_003050_0052FC_EC22',
    '2016-11-21T01:09:10',
    '2016-11-21T01:09:39',
    3050,
    49,
    'B',
    'IW_GRDH_1S',
  ],
  [
    'S1B_IW_GRDH_1SDV_20161121T010939_20161121T011004_003050_0052FC_3426',
    '2016-11-21T01:09:39',
    '2016-11-21T01:10:04',
    3050,
    49,
    'B',
    'IW_GRDH_1S',
  ],
  [
    'S1A_IW_SLC__1SDH_20220414T102209_20220414T102236_042768_051AA4_E677',
    '2022-04-14T10:22:09',
    '2022-04-14T10:22:36',
    42768,
    171,
    'A',
    'IW_SLC__1S',
  ],
  [
    'S1A_EW_SLC__1SDH_20210403T122536_20210403T122630_037286_046484_8152',
    '2021-04-03T12:25:36',
    '2021-04-03T12:26:30',
    37286,
    114,
    'A',
    'EW_SLC__1S',
  ],
  [
    'S1A_S3_SLC__1SDV_20210401T152855_20210401T152914_037258_04638E_6001',
    '2021-04-01T15:28:55',
    '2021-04-01T15:29:14',
    37258,
    86,
    'A',
    'S3_SLC__1S',
  ],
  [
    'S1A_S6_SLC__1SDV_20210402T115512_20210402T115535_037271_046407_39FD',
    '2021-04-02T11:55:12',
    '2021-04-02T11:55:35',
    37271,
    99,
    'A',
    'S6_SLC__1S',
  ],
  [
    'S1B_IW_GRDH_1SDV_20210401T052623_20210401T052648_026269_032297_ECC8',
    '2021-04-01T05:26:23',
    '2021-04-01T05:26:48',
    26269,
    168,
    'B',
    'IW_GRDH_1S',
  ],
  [
    'S1B_IW_GRDH_1SDV_20211223T051122_20211223T051147_030148_039993_5371',
    '2021-12-23T05:11:22',
    '2021-12-23T05:11:47',
    30148,
    22,
    'B',
    'IW_GRDH_1S',
  ],
  [
    'S1A_IW_SLC__1SDV_20220104T170557_20220104T170624_041314_04E951_F1F1',
    '2022-01-04T17:05:57',
    '2022-01-04T17:06:24',
    41314,
    117,
    'A',
    'IW_SLC__1S',
  ],
  [
    'S1A_IW_SLC__1SDV_20221016T015043_20221016T015111_045461_056FC0_6681',
    '2022-10-16T01:50:43',
    '2022-10-16T01:51:11',
    45461,
    64,
    'A',
    'IW_SLC__1S',
  ],
] as const;

function attribute(m: ProductMetadata, name: string): unknown {
  return m.attributes[name]?.value;
}

describe('sentinel1Extractor', () => {
  it.each(EXPECTED)(
    'reads name, times, orbits, platform and product type of %s',
    async (id, start, stop, orbit, relOrbit, serial, type) => {
      const source = await openSample(id);
      expect(sentinel1Extractor.matches(source)).toBe(true);
      const m = await sentinel1Extractor.extract(source);
      expect(m.name).toBe(`${id}.SAFE`);
      expect(m.collection).toBe('SENTINEL-1');
      expect(m.sensingStart?.slice(0, 19)).toBe(start);
      expect(m.sensingEnd?.slice(0, 19)).toBe(stop);
      expect(attribute(m, 'orbitNumber')).toBe(orbit);
      expect(attribute(m, 'relativeOrbitNumber')).toBe(relOrbit);
      expect(attribute(m, 'platformSerialIdentifier')).toBe(serial);
      expect(attribute(m, 'platformShortName')).toBe('SENTINEL-1');
      expect(attribute(m, 'productType')).toBe(type);
      expect(attribute(m, 'cloudCover')).toBeUndefined();
      expect(attribute(m, 'tileId')).toBeUndefined();
      expect(m.layout).toEqual({ mission: 'Sentinel-1', instrument: 'SAR', productType: type });
      expect(m.footprint?.type).toBe('Polygon');
      const ring = m.footprint?.coordinates[0] as number[][];
      expect(ring.length).toBe(5);
      expect(ring[0]).toEqual(ring[4]);
    },
  );

  it('reads the whole CDSE attribute set of a GRD slice from its manifest', async () => {
    const m = await sentinel1Extractor.extract(await openSample('S1B_IW_GRDH_1SDV_20210401T052623'));
    expect(m.attributes).toMatchObject({
      instrumentShortName: { type: 'String', value: 'SAR' },
      operationalMode: { type: 'String', value: 'IW' },
      swathIdentifier: { type: 'String', value: 'IW' },
      polarisationChannels: { type: 'String', value: 'VV&VH' },
      orbitDirection: { type: 'String', value: 'DESCENDING' },
      cycleNumber: { type: 'Integer', value: 156 },
      datatakeID: { type: 'Integer', value: 205463 },
      instrumentConfigurationID: { type: 'Integer', value: 1 },
      productClass: { type: 'String', value: 'S' },
      timeliness: { type: 'String', value: 'NRT-3h' },
      processingLevel: { type: 'String', value: 'LEVEL1' },
      sliceProductFlag: { type: 'Boolean', value: true },
      sliceNumber: { type: 'Integer', value: 7 },
      totalSlices: { type: 'Integer', value: 12 },
      processingCenter: { type: 'String', value: 'Copernicus S1 Core Ground Segment - TLS' },
      processorName: { type: 'String', value: 'Sentinel-1 IPF' },
      processorVersion: { type: 'String', value: '003.31' },
      processingDate: { type: 'DateTimeOffset', value: '2021-04-01T07:03:17.000000Z' },
      beginningDateTime: { type: 'DateTimeOffset', value: '2021-04-01T05:26:23.794457Z' },
      endingDateTime: { type: 'DateTimeOffset', value: '2021-04-01T05:26:48.793373Z' },
    });
    // gml:coordinates are "lat,lon": the first corner is 45.614502 N, 12.040968 E.
    expect(m.footprint?.coordinates[0]?.[0]).toEqual([12.040968, 45.614502]);
  });

  it('lists every swath of an SLC and names stripmap products by their swath', async () => {
    const slc = await sentinel1Extractor.extract(await openSample('S1A_EW_SLC__1SDH'));
    expect(attribute(slc, 'swathIdentifier')).toBe('EW1 EW2 EW3 EW4 EW5');
    expect(attribute(slc, 'polarisationChannels')).toBe('HH&HV');
    const sm = await sentinel1Extractor.extract(await openSample('S1A_S3_SLC__1SDV'));
    expect(attribute(sm, 'operationalMode')).toBe('SM');
    expect(attribute(sm, 'swathIdentifier')).toBe('S3');
  });

  it('warns about manifest data objects that are absent, and only about those', async () => {
    const m = await sentinel1Extractor.extract(await openSample('S1A_IW_GRDH_1SDV_20210809T173953'));
    expect(m.warnings).toHaveLength(8);
    expect(m.warnings.join('\n')).toContain('annotation/calibration/noise-s1a-iw-grd-vv-');
    expect(m.warnings.join('\n')).not.toContain('measurement/');
    expect(m.warnings.join('\n')).not.toContain('annotation/s1a-iw-grd-vv-');
  });

  it('follows the file renaming of the AWS layout recorded in productInfo.json', async () => {
    const m = await sentinel1Extractor.extract(await openSample('S1A_EW_GRDM_1SDH'));
    const warnings = m.warnings.join('\n');
    // measurement/s1a-ew-grd-hh-….tiff is stored as measurement/ew-hh.tiff, which the product has.
    expect(warnings).not.toContain('measurement/');
    expect(warnings).not.toContain('preview/quick-look.png');
    expect(warnings).toContain('annotation/s1a-ew-grd-hh-');
  });

  it('claims no Sentinel-2 product, orbit file or other mission, and no other extractor claims its products', async () => {
    for (const id of [
      'S2A_MSIL1C_20210403T101021',
      'S2B_MSIL2A_20220413T150759',
      'S2A_OPER_MSI_L1C_TL',
      'S3A_OL_1_EFR',
      'S5P_OFFL_L2__CH4____20200303',
    ]) {
      expect(sentinel1Extractor.matches(await openSample(id)), id).toBe(false);
    }
    for (const [id] of EXPECTED) {
      const source = await openSample(id);
      expect(sentinel2Extractor.matches(source), id).toBe(false);
      expect(orbitExtractor.matches(source), id).toBe(false);
    }
  });

  it('hands a lone manifest.safe under an uninformative name to the Sentinel-2 reader when it is one', async () => {
    const dir = await tempDir();
    await mkdir(join(dir, 'upload-1'));
    const s2 = sample('S2A_MSIL1C_20210403T101021').productPath;
    await writeFile(join(dir, 'upload-1', 'manifest.safe'), await readFile(join(s2, 'manifest.safe')));
    const source = await openFolderSource(join(dir, 'upload-1'), 'upload-1');
    expect(sentinel1Extractor.matches(source)).toBe(true);
    const m = await sentinel1Extractor.extract(source);
    expect(m.collection).toBe('SENTINEL-2');
    expect(m.attributes['tileId']?.value).toBe('33TUM');
  });

  it('rejects a manifest declaring a DOCTYPE ENTITY with UNSAFE_XML', async () => {
    const dir = await tempDir();
    const product = join(dir, 'S1A_IW_GRDH_1SDV_X.SAFE');
    await mkdir(product);
    await writeFile(
      join(product, 'manifest.safe'),
      '<?xml version="1.0"?>\n<!DOCTYPE XFDU [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>\n<XFDU><metadataSection>&lol2;</metadataSection></XFDU>',
    );
    const source = await openFolderSource(product, basename(product));
    expect(sentinel1Extractor.matches(source)).toBe(true);
    expect((await errorOf(sentinel1Extractor.extract(source))).code).toBe(METADATA_ERRORS.UNSAFE_XML);
  });

  it('rejects a manifest without acquisition times as malformed', async () => {
    const dir = await tempDir();
    const product = join(dir, 'S1B_IW_GRDH_1SDV_20210401T052623_20210401T052648_026269_032297_ECC8.SAFE');
    await mkdir(product);
    const original = (await readFile(join(sample('S1B_IW_GRDH_1SDV_20210401T052623').productPath, 'manifest.safe'))).toString('utf8');
    await writeFile(join(product, 'manifest.safe'), original.replace(/<safe:startTime>[^<]*<\/safe:startTime>/, ''));
    const error = await errorOf(sentinel1Extractor.extract(await openFolderSource(product, basename(product))));
    expect(error.code).toBe(METADATA_ERRORS.MALFORMED);
  });
});
