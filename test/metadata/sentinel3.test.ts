import { copyFile, cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { METADATA_ERRORS } from '../../src/metadata/errors.ts';
import { toIsoUtc } from '../../src/metadata/geometry.ts';
import { openFolderSource } from '../../src/metadata/product-source.ts';
import { sentinel3Extractor } from '../../src/metadata/sentinel3.ts';
import type { ProductMetadata } from '../../src/metadata/types.ts';
import { listSamples, sample } from '../support/samples.ts';

/** Values from ../shared/samples/README.md (Sentinel-3 table); sensing to the second. */
interface Expected {
  type: string;
  serial: 'A' | 'B';
  instrument: string;
  start: string;
  end: string;
  orbit: number;
  relativeOrbit: number;
  cloud: number | undefined;
}

const EXPECTED: Record<string, Expected> = {
  S3A_OL_1_EFR____20211021T073827: {
    type: 'OL_1_EFR___',
    serial: 'A',
    instrument: 'OLCI',
    start: '2021-10-21T07:38:27',
    end: '2021-10-21T07:41:12',
    orbit: 29567,
    relativeOrbit: 334,
    cloud: undefined,
  },
  S3A_OL_2_LFR____20210523T003029: {
    type: 'OL_2_LFR___',
    serial: 'A',
    instrument: 'OLCI',
    start: '2021-05-23T00:30:29',
    end: '2021-05-23T00:33:29',
    orbit: 27410,
    relativeOrbit: 102,
    cloud: 83,
  },
  S3A_OL_2_WFR____20210604T001016: {
    type: 'OL_2_WFR___',
    serial: 'A',
    instrument: 'OLCI',
    start: '2021-06-04T00:10:15',
    end: '2021-06-04T00:13:15',
    orbit: 27581,
    relativeOrbit: 273,
    cloud: 67,
  },
  S3A_SL_1_RBT____20210930T220914: {
    type: 'SL_1_RBT___',
    serial: 'A',
    instrument: 'SLSTR',
    start: '2021-09-30T22:09:13',
    end: '2021-09-30T22:12:13',
    orbit: 29276,
    relativeOrbit: 43,
    cloud: 80.216007,
  },
  S3A_SL_2_FRP____20210802T000420: {
    type: 'SL_2_FRP___',
    serial: 'A',
    instrument: 'SLSTR',
    start: '2021-08-02T00:04:19',
    end: '2021-08-02T00:07:19',
    orbit: 28422,
    relativeOrbit: 344,
    cloud: 63.904667,
  },
  S3A_SL_2_LST____20210510T002955: {
    type: 'SL_2_LST___',
    serial: 'A',
    instrument: 'SLSTR',
    start: '2021-05-10T00:29:54',
    end: '2021-05-10T00:32:54',
    orbit: 27224,
    relativeOrbit: 301,
    cloud: 57.378222,
  },
  S3A_SR_2_LAN____20210611T011438: {
    type: 'SR_2_LAN___',
    serial: 'A',
    instrument: 'SRAL',
    start: '2021-06-11T01:14:37',
    end: '2021-06-11T01:24:36',
    orbit: 27681,
    relativeOrbit: 373,
    cloud: undefined,
  },
  S3A_SY_2_SYN____20210325T005418: {
    type: 'SY_2_SYN___',
    serial: 'A',
    instrument: 'SYNERGY',
    start: '2021-03-25T00:54:18',
    end: '2021-03-25T00:57:18',
    orbit: 26569,
    relativeOrbit: 31,
    cloud: 8.166911,
  },
  S3B_OL_1_ERR____20210831T200148: {
    type: 'OL_1_ERR___',
    serial: 'B',
    instrument: 'OLCI',
    start: '2021-08-31T20:01:47',
    end: '2021-08-31T20:46:00',
    orbit: 17454,
    relativeOrbit: 242,
    cloud: undefined,
  },
  S3B_OL_2_LRR____20210731T214325: {
    type: 'OL_2_LRR___',
    serial: 'B',
    instrument: 'OLCI',
    start: '2021-07-31T21:43:24',
    end: '2021-07-31T22:27:41',
    orbit: 17013,
    relativeOrbit: 186,
    cloud: 51,
  },
  S3B_SY_2_AOD____20210512T143315: {
    type: 'SY_2_AOD___',
    serial: 'B',
    instrument: 'SYNERGY',
    start: '2021-05-12T14:33:14',
    end: '2021-05-12T15:17:38',
    orbit: 15868,
    relativeOrbit: 196,
    cloud: 82.147057,
  },
};

const samples = listSamples().filter((s) => s.mission === 'sentinel-3');
const scratch: string[] = [];

afterAll(async () => {
  await Promise.all(scratch.map((d) => rm(d, { recursive: true, force: true })));
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'eohub-s3-'));
  scratch.push(dir);
  return dir;
}

async function extractSample(productPath: string): Promise<ProductMetadata> {
  return sentinel3Extractor.extract(await openFolderSource(productPath, basename(productPath)));
}

function expectedFor(id: string): Expected {
  const found = Object.entries(EXPECTED).find(([prefix]) => id.startsWith(prefix));
  if (found === undefined) throw new Error(`no expectation for sample ${id}`);
  return found[1];
}

function attribute(m: ProductMetadata, name: string): unknown {
  return m.attributes[name]?.value;
}

describe('sentinel3Extractor on the Sentinel-3 samples', () => {
  it('has an expectation for every Sentinel-3 sample', () => {
    expect(samples.length).toBe(Object.keys(EXPECTED).length);
    for (const s of samples) expect(() => expectedFor(s.id)).not.toThrow();
  });

  for (const s of samples) {
    it(`reads name, footprint, sensing, orbits, platform, type and cloud cover of ${s.id.slice(0, 31)}`, async () => {
      const want = expectedFor(s.id);
      const source = await openFolderSource(s.productPath, basename(s.productPath));
      expect(sentinel3Extractor.matches(source)).toBe(true);
      const m = await sentinel3Extractor.extract(source);

      expect(m.name).toBe(`${s.id}.SEN3`);
      expect(m.collection).toBe('SENTINEL-3');
      expect(m.footprint?.type).toBe('Polygon');
      const ring = m.footprint?.type === 'Polygon' ? m.footprint.coordinates[0] : undefined;
      expect(ring?.[0]).toEqual(ring?.[ring.length - 1]);
      expect(m.sensingStart?.slice(0, 19)).toBe(want.start);
      expect(m.sensingEnd?.slice(0, 19)).toBe(want.end);
      expect(attribute(m, 'orbitNumber')).toBe(want.orbit);
      expect(attribute(m, 'relativeOrbitNumber')).toBe(want.relativeOrbit);
      expect(attribute(m, 'platformShortName')).toBe('SENTINEL-3');
      expect(attribute(m, 'platformSerialIdentifier')).toBe(want.serial);
      expect(attribute(m, 'productType')).toBe(want.type);
      expect(attribute(m, 'instrumentShortName')).toBe(want.instrument);
      expect(attribute(m, 'cloudCover')).toBe(want.cloud);
      expect(m.layout).toEqual({ mission: 'Sentinel-3', instrument: want.instrument, productType: want.type });
      expect(m.warnings).toEqual([]);
    });
  }

  it('agrees with the stactools items on orbit direction, timeliness and surface covers', async () => {
    for (const s of samples) {
      const item: { properties: Record<string, unknown> } = JSON.parse(await readFile(join(s.dir, 'stac-item.stactools.json'), 'utf8'));
      const p = item.properties;
      const m = await extractSample(s.productPath);
      expect(attribute(m, 'orbitDirection')).toBe(String(p['sat:orbit_state']).toUpperCase());
      expect(attribute(m, 'timeliness')).toBe(p['s3:processing_timeliness']);
      expect(attribute(m, 'salineWaterCover')).toBe(p['s3:saline_water']);
      expect(attribute(m, 'landCover')).toBe(p['s3:land']);
      expect(attribute(m, 'beginningDateTime')).toBe(toIsoUtc(String(p['start_datetime'])));
    }
  });

  it('gives CDSE attributes: level, baseline, cycle, processing date and the SRAL surface percentages', async () => {
    const m = await extractSample(sample('S3A_SR_2_LAN').productPath);
    expect(m.attributes['processingLevel']).toEqual({ type: 'String', value: '2' });
    expect(m.attributes['baselineCollection']).toEqual({ type: 'String', value: '004' });
    expect(m.attributes['cycleNumber']).toEqual({ type: 'Integer', value: 72 });
    expect(m.attributes['processingDate']?.type).toBe('DateTimeOffset');
    expect(String(m.attributes['processingDate']?.value).slice(0, 19)).toBe('2021-06-11T02:48:19');
    expect(m.attributes['continentalIceCover']).toEqual({ type: 'Integer', value: 97 });
    expect(m.attributes['openOceanCover']).toEqual({ type: 'Integer', value: 3 });
    expect(m.attributes['landCover']).toEqual({ type: 'Double', value: 0 });
  });
});

describe('sentinel3Extractor on other layouts and broken products', () => {
  const lan = sample('S3A_SR_2_LAN');

  it('reads a product under a top folder and names it from its manifest, not the arrival name', async () => {
    const dir = await tempDir();
    await cp(lan.productPath, join(dir, basename(lan.productPath)), { recursive: true });
    const source = await openFolderSource(dir, 'upload-0001');
    expect(sentinel3Extractor.matches(source)).toBe(true);
    const m = await sentinel3Extractor.extract(source);
    expect(m.name).toBe(`${lan.id}.SEN3`);
    expect(m.attributes['orbitNumber']?.value).toBe(27681);
  });

  it('warns about each data object the manifest lists but the product lacks', async () => {
    const dir = await tempDir();
    await copyFile(join(lan.productPath, 'xfdumanifest.xml'), join(dir, 'xfdumanifest.xml'));
    await writeFile(join(dir, 'standard_measurement.nc'), '');
    const m = await sentinel3Extractor.extract(await openFolderSource(dir, basename(lan.productPath)));
    expect(m.warnings).toHaveLength(2);
    expect(m.warnings.join('\n')).toMatch(/enhanced_measurement\.nc/);
    expect(m.warnings.join('\n')).toMatch(/reduced_measurement\.nc/);
  });

  it('throws MALFORMED_METADATA when the manifest has no acquisition period', async () => {
    const dir = await tempDir();
    const xml = await readFile(join(lan.productPath, 'xfdumanifest.xml'), 'utf8');
    await writeFile(
      join(dir, 'xfdumanifest.xml'),
      xml.replace(/<sentinel-safe:acquisitionPeriod>[\s\S]*?<\/sentinel-safe:acquisitionPeriod>/, ''),
    );
    await expect(sentinel3Extractor.extract(await openFolderSource(dir, lan.id))).rejects.toMatchObject({
      code: METADATA_ERRORS.MALFORMED,
      kind: 'invalid',
    });
  });

  it('throws MALFORMED_METADATA when the manifest is not XML at all', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'xfdumanifest.xml'), '<xfdu:XFDU><unclosed>');
    await expect(sentinel3Extractor.extract(await openFolderSource(dir, lan.id))).rejects.toMatchObject({
      code: METADATA_ERRORS.MALFORMED,
    });
  });
});

describe('sentinel3Extractor.matches', () => {
  it('does not claim Sentinel-1 or Sentinel-2 SAFE products', async () => {
    const others = listSamples().filter(
      (s) => (s.mission === 'sentinel-1' || s.mission === 'sentinel-2') && !/\.(zip|EOF)$/.test(s.productPath),
    );
    expect(others.length).toBeGreaterThan(0);
    for (const s of others) {
      expect(sentinel3Extractor.matches(await openFolderSource(s.productPath, basename(s.productPath)))).toBe(false);
    }
  });

  it('does not claim orbit files, netCDF files or STAC items', async () => {
    const dir = await tempDir();
    const eof = sample('S1A_OPER_AUX_RESORB').productPath;
    await copyFile(eof, join(dir, basename(eof)));
    expect(sentinel3Extractor.matches(await openFolderSource(dir, basename(eof)))).toBe(false);
    const s5p = sample('S5P_OFFL_L2__O3____').productPath;
    const dir2 = await tempDir();
    await copyFile(s5p, join(dir2, basename(s5p)));
    expect(sentinel3Extractor.matches(await openFolderSource(dir2, basename(s5p)))).toBe(false);
  });

  it('leaves a Sentinel-6 package to the Sentinel-6 extractor', async () => {
    const dir = await tempDir();
    const folder = join(dir, 'S6A_P4_2__LR______20210618T232816_20210619T002429_20210619T220302_3373_022_131_065_EUM__OPE_ST_F02.SEN6');
    await mkdir(folder);
    await writeFile(join(folder, 'xfdumanifest.xml'), '<xfdu:XFDU/>');
    expect(sentinel3Extractor.matches(await openFolderSource(dir, 'upload'))).toBe(false);
  });
});
