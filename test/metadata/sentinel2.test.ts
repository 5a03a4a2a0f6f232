import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { METADATA_ERRORS } from '../../src/metadata/errors.ts';
import { orbitExtractor } from '../../src/metadata/orbit.ts';
import { openFolderSource } from '../../src/metadata/product-source.ts';
import { sentinel1Extractor } from '../../src/metadata/sentinel1.ts';
import { sentinel2Extractor } from '../../src/metadata/sentinel2.ts';
import type { ProductMetadata, ProductSource } from '../../src/metadata/types.ts';
import { utmZoneOfCrs } from '../../src/metadata/utm.ts';
import { utmToLonLat } from '../../src/util/utm.ts';
import { listSamples, sample } from '../support/samples.ts';

const temps: string[] = [];
afterAll(async () => {
  await Promise.all(temps.map((t) => rm(t, { recursive: true, force: true })));
});

async function openSample(id: string): Promise<ProductSource> {
  const { productPath } = sample(id);
  return openFolderSource(productPath, basename(productPath));
}

/** A copy of a sample's files (some edited) under a fresh folder named `folder`. */
async function editedCopy(id: string, folder: string, files: Record<string, (text: string) => string>): Promise<ProductSource> {
  const dir = await mkdtemp(join(tmpdir(), 'eohub-s2-'));
  temps.push(dir);
  const product = join(dir, folder);
  await mkdir(product, { recursive: true });
  for (const [path, edit] of Object.entries(files)) {
    const text = (await readFile(join(sample(id).productPath, path))).toString('utf8');
    await mkdir(join(product, path, '..'), { recursive: true });
    await writeFile(join(product, path), edit(text));
  }
  return openFolderSource(product, folder);
}

async function errorOf(promise: Promise<unknown>): Promise<{ code?: unknown }> {
  try {
    await promise;
  } catch (error) {
    return error as { code?: unknown };
  }
  throw new Error('expected a rejection');
}

function attribute(m: ProductMetadata, name: string): unknown {
  return m.attributes[name]?.value;
}

interface Expected {
  spec: string;
  id: string;
  name: string;
  start: string;
  orbit: number;
  relOrbit: number;
  serial: 'A' | 'B';
  level: 'L1C' | 'L2A';
  cloud: number | undefined;
  tile: string;
}

/**
 * Values from ../shared/samples/README.md (Sentinel-2 table). Where the README gives only R…, the absolute
 * orbit is the granule id's `_A######_`; for the AWS tiles the relative orbit is tileInfo.json's product name.
 */
const EXPECTED: Expected[] = [
  {
    spec: 'an L1C SAFE with manifest, MTD and tile MTD',
    id: 'S2A_MSIL1C_20210908T042701_N0301_R133_T46RER_20210908T070248',
    name: 'S2A_MSIL1C_20210908T042701_N0301_R133_T46RER_20210908T070248.SAFE',
    start: '2021-09-08T04:27:01',
    orbit: 32448,
    relOrbit: 133,
    serial: 'A',
    level: 'L1C',
    cloud: 88.2972,
    tile: '46RER',
  },
  {
    spec: 'an L2A SAFE in the 04.00 baseline',
    id: 'S2B_MSIL2A_20220413T150759_N0400_R025_T33XWJ_20220414T082126',
    name: 'S2B_MSIL2A_20220413T150759_N0400_R025_T33XWJ_20220414T082126.SAFE',
    start: '2022-04-13T15:07:59',
    orbit: 26649,
    relOrbit: 25,
    serial: 'B',
    level: 'L2A',
    cloud: 98.944211,
    tile: '33XWJ',
  },
  {
    spec: 'an L2A SAFE in the 02.14 baseline',
    id: 'S2B_MSIL2A_20210122T133229_N0214_R081_T22HBD_20210122T155500',
    name: 'S2B_MSIL2A_20210122T133229_N0214_R081_T22HBD_20210122T155500.SAFE',
    start: '2021-01-22T13:32:29',
    orbit: 20270,
    relOrbit: 81,
    serial: 'B',
    level: 'L2A',
    cloud: 0.447807,
    tile: '22HBD',
  },
  {
    spec: 'an L2A product with MTD and tile MTD but no manifest',
    id: 'S2A_MSIL2A_20150826T185436_N0212_R070_T11SLT_20210412T023147',
    name: 'S2A_MSIL2A_20150826T185436_N0212_R070_T11SLT_20210412T023147.SAFE',
    start: '2015-08-26T18:54:36',
    orbit: 925,
    relOrbit: 70,
    serial: 'A',
    level: 'L2A',
    cloud: 3.113053,
    tile: '11SLT',
  },
  {
    spec: 'an L2A product with only its MTD',
    id: 'S2A_MSIL2A_20180721T053721_N0212_R062_T43MDV_20201011T181419',
    name: 'S2A_MSIL2A_20180721T053721_N0212_R062_T43MDV_20201011T181419.SAFE',
    start: '2018-07-21T05:37:21',
    orbit: 16075,
    relOrbit: 62,
    serial: 'A',
    level: 'L2A',
    cloud: 99.999999,
    tile: '43MDV',
  },
  {
    spec: 'an AWS L1C tile (metadata.xml + tileInfo.json in UTM)',
    id: 'S2A_OPER_MSI_L1C_TL_SGS__20181231T203637_A018414_T10SDG',
    name: 'S2A_MSIL1C_20181231T185801_N0207_R113_T10SDG_20181231T203637',
    start: '2018-12-31T19:04:06',
    orbit: 18414,
    relOrbit: 113,
    serial: 'A',
    level: 'L1C',
    cloud: 0.0138,
    tile: '10SDG',
  },
  {
    spec: 'an AWS L2A tile across the antimeridian',
    id: 'S2B_MSIL2A_20200914T231559_N0500_R087_T01VCG_20230315T224658',
    name: 'S2B_MSIL2A_20200914T231559_N0500_R087_T01VCG_20230315T224658',
    start: '2020-09-14T23:19:31',
    orbit: 18417,
    relOrbit: 87,
    serial: 'B',
    level: 'L2A',
    cloud: 0.832636,
    tile: '01VCG',
  },
  {
    spec: 'an L1C product with MTD, tile MTD and a band',
    id: 'S2A_MSIL1C_20180101T105441_N0206_R051_T31TDH_20180101T124911',
    name: 'S2A_MSIL1C_20180101T105441_N0206_R051_T31TDH_20180101T124911.SAFE',
    start: '2018-01-01T10:54:41',
    orbit: 13204,
    relOrbit: 51,
    serial: 'A',
    level: 'L1C',
    cloud: 11.9204,
    tile: '31TDH',
  },
  {
    spec: 'an L1C product with only its manifest.safe',
    id: 'S2A_MSIL1C_20210403T101021_N0300_R022_T33TUM_20210403T110551',
    name: 'S2A_MSIL1C_20210403T101021_N0300_R022_T33TUM_20210403T110551.SAFE',
    start: '2021-04-03T10:10:21',
    orbit: 30192,
    relOrbit: 22,
    serial: 'A',
    level: 'L1C',
    cloud: undefined,
    tile: '33TUM',
  },
];

describe('sentinel2Extractor', () => {
  it.each(EXPECTED)('reads name, time, orbits, tile and cloud cover of $spec', async (e) => {
    const source = await openSample(e.id);
    expect(sentinel2Extractor.matches(source)).toBe(true);
    const m = await sentinel2Extractor.extract(source);
    expect(m.name).toBe(e.name);
    expect(m.collection).toBe('SENTINEL-2');
    expect(m.sensingStart?.slice(0, 19)).toBe(e.start);
    expect(m.sensingEnd?.slice(0, 19)).toBe(e.start);
    expect(attribute(m, 'orbitNumber')).toBe(e.orbit);
    expect(attribute(m, 'relativeOrbitNumber')).toBe(e.relOrbit);
    expect(attribute(m, 'platformSerialIdentifier')).toBe(e.serial);
    expect(attribute(m, 'platformShortName')).toBe('SENTINEL-2');
    expect(attribute(m, 'instrumentShortName')).toBe('MSI');
    expect(attribute(m, 'productType')).toBe(`S2MSI${e.level.slice(1)}`);
    expect(attribute(m, 'tileId')).toBe(e.tile);
    if (e.cloud === undefined) expect(attribute(m, 'cloudCover')).toBeUndefined();
    else expect(attribute(m, 'cloudCover')).toBeCloseTo(e.cloud, 4);
    expect(m.layout).toEqual({ mission: 'Sentinel-2', instrument: 'MSI', productType: e.level });
    expect(m.footprint?.type).toBe('Polygon');
    const ring = m.footprint?.coordinates[0] as number[][];
    expect(ring.length).toBeGreaterThanOrEqual(4);
    expect(ring[0]).toEqual(ring[ring.length - 1]);
    for (const [lon, lat] of ring) {
      expect(Math.abs(lat as number)).toBeLessThanOrEqual(90);
      expect(Math.abs(lon as number)).toBeLessThanOrEqual(181);
    }
  });

  it('reads the CDSE identifiers of a full L1C SAFE from its MTD', async () => {
    const m = await sentinel2Extractor.extract(await openSample('S2A_MSIL1C_20210908T042701'));
    expect(m.attributes).toMatchObject({
      processingLevel: { type: 'String', value: 'S2MSI1C' },
      processingBaseline: { type: 'String', value: '03.01' },
      orbitDirection: { type: 'String', value: 'DESCENDING' },
      operationalMode: { type: 'String', value: 'INS-NOBS' },
      granuleIdentifier: { type: 'String', value: 'S2A_OPER_MSI_L1C_TL_VGS4_20210908T070248_A032448_T46RER_N03.01' },
      datastripId: { type: 'String', value: 'S2A_OPER_MSI_L1C_DS_VGS4_20210908T070248_S20210908T043714_N03.01' },
      productGroupId: { type: 'String', value: 'GS2A_20210908T042701_032448_N03.01' },
      processingDate: { type: 'DateTimeOffset', value: '2021-09-08T07:02:48.000000Z' },
      cloudCover: { type: 'Double', value: 88.2972 },
    });
    // EXT_POS_LIST is "lat lon": the first point is 28.02 N, 93.43 E.
    expect(m.footprint?.coordinates[0]?.[0]).toEqual([93.43341763893636, 28.023673957735582]);
  });

  it('reads the 10, 20 and 60 m grids of a tile in its UTM zone from MTD_TL.xml (the projection extension)', async () => {
    const m = await sentinel2Extractor.extract(await openSample('S2B_MSIL2A_20210122T133229'));
    // T22HBD: UTM 22 south; every resolution shares the 10 m grid's corner, and the tile is 109.8 km wide.
    expect(m.grids).toEqual([
      { epsg: 32722, resolutionM: 10, ulx: 199980, uly: 5900020, rows: 10980, cols: 10980 },
      { epsg: 32722, resolutionM: 20, ulx: 199980, uly: 5900020, rows: 5490, cols: 5490 },
      { epsg: 32722, resolutionM: 60, ulx: 199980, uly: 5900020, rows: 1830, cols: 1830 },
    ]);
    const mtdOnly = await sentinel2Extractor.extract(await openSample('S2A_OPER_MSI_L1C_TL'));
    expect(mtdOnly.grids?.map((g) => [g.epsg, g.resolutionM])).toEqual([
      [32610, 10],
      [32610, 20],
      [32610, 60],
    ]);
  });

  it('reads "lat lon height" footprints of L2A MTDs without taking heights for coordinates', async () => {
    const m = await sentinel2Extractor.extract(await openSample('S2A_MSIL2A_20150826T185436'));
    expect(m.footprint?.coordinates[0]?.slice(0, 2)).toEqual([
      [-119.17378006, 34.32236553],
      [-119.14886714, 33.33276711],
    ]);
  });

  it('converts the UTM data footprint of an AWS tile to WGS84 as stactools does', async () => {
    const m = await sentinel2Extractor.extract(await openSample('S2A_OPER_MSI_L1C_TL'));
    const first = m.footprint?.coordinates[0]?.[0] as number[];
    // stac-item.stactools.json (pyproj) starts its ring at this corner of tileDataGeometry.
    expect(first[0]).toBeCloseTo(-122.89037933316479, 7);
    expect(first[1]).toBeCloseTo(36.957839512410274, 7);
    expect(m.warnings).toEqual([]);
  });

  it('keeps a tile across the antimeridian as one continuous ring', async () => {
    const m = await sentinel2Extractor.extract(await openSample('S2B_MSIL2A_20200914T231559'));
    const lons = (m.footprint?.coordinates[0] as number[][]).map((p) => p[0] as number);
    expect(Math.min(...lons)).toBeLessThan(-180);
    expect(Math.max(...lons)).toBeLessThan(-178);
  });

  it('warns about every file the manifest lists that the product lacks', async () => {
    const m = await sentinel2Extractor.extract(await openSample('S2A_MSIL1C_20210403T101021'));
    expect(m.warnings.join('\n')).toContain('MTD_MSIL1C.xml');
    const full = await sentinel2Extractor.extract(await openSample('S2A_MSIL1C_20210908T042701'));
    expect(full.warnings.join('\n')).not.toMatch(/MTD_MSIL1C\.xml|MTD_TL\.xml/);
    expect(full.warnings.join('\n')).toContain('INSPIRE.xml');
  });

  it('claims no Sentinel-1, -3, -5P product or orbit file, and no other extractor claims its products', async () => {
    for (const s of listSamples()) {
      const path = s.productPath;
      if (s.mission === 'sentinel-2') {
        const source = await openSample(s.id);
        expect(sentinel1Extractor.matches(source), s.id).toBe(false);
        expect(orbitExtractor.matches(source), s.id).toBe(false);
      } else if (!/\.(zip|EOF|nc|json)$/.test(path)) {
        expect(sentinel2Extractor.matches(await openFolderSource(path, basename(path))), s.id).toBe(false);
      }
    }
  });

  it('rejects an MTD declaring a DOCTYPE ENTITY with UNSAFE_XML', async () => {
    const source = await editedCopy('S2A_MSIL2A_20180721T053721', 'S2A_MSIL2A_X.SAFE', {
      'MTD_MSIL2A.xml': (t) => t.replace('?>', '?>\n<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'),
    });
    expect((await errorOf(sentinel2Extractor.extract(source))).code).toBe(METADATA_ERRORS.UNSAFE_XML);
  });

  it('rejects a product whose files state no sensing time as malformed', async () => {
    const source = await editedCopy('S2A_MSIL2A_20180721T053721', 'S2A_MSIL2A_X.SAFE', {
      'MTD_MSIL2A.xml': (t) => t.replace(/<PRODUCT_(START|STOP)_TIME>[^<]*<\/PRODUCT_(START|STOP)_TIME>/g, ''),
    });
    expect((await errorOf(sentinel2Extractor.extract(source))).code).toBe(METADATA_ERRORS.MALFORMED);
  });
});

describe('UTM to lon/lat (proj4, kept continuous across the antimeridian)', () => {
  // Reference values from PROJ (cs2cs EPSG:326xx/327xx → EPSG:4326).
  it.each([
    [32631, 166021.4431, 0, 0, 0],
    [32610, 399960, 4200000, -124.138529079, 37.942080916],
    [32610, 509759, 4090201, -122.890379333, 36.957839512],
    [32601, 409799, 6648516.735831021, -178.615510218, 59.964123715],
    [32601, 300000, 6700020, 179.370638359 - 360, 60.386985996],
    [32733, 200000, 8000000, 12.165991607, -18.067898343],
    [32733, 500000, 1000000, 15, -81.060880975],
    // Zone edges, as far out as Sentinel-2 tiles reach.
    [32610, 809760, 4200000, -119.477449085, 37.894838659],
    [32610, 190000, 100000, -125.785131611, 0.903654903],
    [32601, 809760, 6700020, -171.388047133, 60.317979658],
  ])('converts EPSG:%i (%f, %f) to the lon/lat PROJ gives', (epsg, e, n, lon, lat) => {
    const zone = utmZoneOfCrs(`EPSG:${epsg}`);
    expect(zone).toBeDefined();
    const [x, y] = utmToLonLat(e, n, zone?.zone ?? 0, zone?.north ?? true);
    expect(x).toBeCloseTo(lon, 8);
    expect(y).toBeCloseTo(lat, 8);
  });

  it('reads the CRS spellings products use and refuses unknown ones', () => {
    expect(utmZoneOfCrs('urn:ogc:def:crs:EPSG:8.8.1:32610')).toEqual({ zone: 10, north: true });
    expect(utmZoneOfCrs('http://www.opengis.net/def/crs/EPSG/0/32733')).toEqual({ zone: 33, north: false });
    expect(utmZoneOfCrs('EPSG:4326')).toBeUndefined();
    expect(utmZoneOfCrs('urn:ogc:def:crs:OGC:1.3:CRS84')).toBeUndefined();
    expect(() => utmZoneOfCrs('EPSG:3857')).toThrow(expect.objectContaining({ code: METADATA_ERRORS.MALFORMED }));
  });
});
