import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { File as H5File, ready as h5wasmReady } from 'h5wasm/node';
import { afterAll, describe, expect, it } from 'vitest';
import { METADATA_ERRORS } from '../../src/metadata/errors.ts';
import { openFolderSource } from '../../src/metadata/product-source.ts';
import { sentinel3Extractor } from '../../src/metadata/sentinel3.ts';
import { parseS6Name, sentinel6Extractor } from '../../src/metadata/sentinel6.ts';
import type { ProductSource } from '../../src/metadata/types.ts';

/*
 * There is no Sentinel-6 sample in ../shared: these products are written here. The manifest follows
 * the Sentinel-3 SRAL sample's xfdumanifest (same XFDU profile) with the `sentinel6:` extension and
 * the two-sided orbit reference of a Poseidon-4 pass; the values are made up but consistent.
 */
const NAME = 'S6A_P4_2__LR______20220105T101530_20220105T111143_20220106T080012_3373_041_100_050_EUM__OPE_ST_F06';
const STD = 'S6A_P4_2__LR_STD__ST_041_100_20220105T101530_20220105T111143_F06.nc';
const RED = 'S6A_P4_2__LR_RED__ST_041_100_20220105T101530_20220105T111143_F06.nc';

function manifest(options: { productType?: string } = {}): string {
  const productType = options.productType ?? 'P4_2__LR_____';
  return `<?xml version="1.0" encoding="UTF-8"?>
<xfdu:XFDU xmlns:xfdu="urn:ccsds:schema:xfdu:1" xmlns:sentinel-safe="http://www.esa.int/safe/sentinel/1.1" xmlns:gml="http://www.opengis.net/gml" xmlns:sentinel6="http://www.esa.int/safe/sentinel/sentinel-6/1.0" xmlns:alt="http://www.esa.int/safe/sentinel/sentinel-6/alt/level-2/1.0" version="esa/safe/sentinel/sentinel-6/alt/level-2/1.0">
  <informationPackageMap>
    <xfdu:contentUnit ID="packageUnit" unitType="SAFE Archive Information Package" textInfo="SENTINEL-6 P4 Level 2" pdiID="processing" dmdID="acquisitionPeriod platform generalProductInformation measurementOrbitReference measurementFrameSet altProductInformation">
      <xfdu:contentUnit unitType="ALTData0" textInfo="Standard Measurement Data Set"><dataObjectPointer dataObjectID="ALTData0"/></xfdu:contentUnit>
      <xfdu:contentUnit unitType="ALTData1" textInfo="Reduced Measurement Data Set"><dataObjectPointer dataObjectID="ALTData1"/></xfdu:contentUnit>
    </xfdu:contentUnit>
  </informationPackageMap>
  <metadataSection>
    <metadataObject ID="processing" classification="PROVENANCE" category="PDI">
      <metadataWrap mimeType="text/xml" vocabularyName="Sentinel-SAFE" textInfo="Processing">
        <xmlData>
          <sentinel-safe:processing name="DataProcessing" outputLevel="2" start="2022-01-06T07:55:01.000000Z" stop="2022-01-06T08:00:12.000000Z">
            <sentinel-safe:facility name="Mission Control Centre (EUM)" organisation="EUMETSAT" site="Darmstadt" country="Germany">
              <sentinel-safe:hardware name="OPE"/>
              <sentinel-safe:software name="ALTL2" version="4.1.0"/>
            </sentinel-safe:facility>
          </sentinel-safe:processing>
        </xmlData>
      </metadataWrap>
    </metadataObject>
    <metadataObject ID="acquisitionPeriod" classification="DESCRIPTION" category="DMD">
      <metadataWrap mimeType="text/xml" vocabularyName="Sentinel-SAFE" textInfo="Acquisition Period">
        <xmlData>
          <sentinel-safe:acquisitionPeriod>
            <sentinel-safe:startTime>2022-01-05T10:15:30.250000Z</sentinel-safe:startTime>
            <sentinel-safe:stopTime>2022-01-05T11:11:43.750000Z</sentinel-safe:stopTime>
          </sentinel-safe:acquisitionPeriod>
        </xmlData>
      </metadataWrap>
    </metadataObject>
    <metadataObject ID="platform" classification="DESCRIPTION" category="DMD">
      <metadataWrap mimeType="text/xml" vocabularyName="Sentinel-SAFE" textInfo="Platform Description">
        <xmlData>
          <sentinel-safe:platform>
            <sentinel-safe:nssdcIdentifier>2020-086A</sentinel-safe:nssdcIdentifier>
            <sentinel-safe:familyName>Sentinel-6</sentinel-safe:familyName>
            <sentinel-safe:number>A</sentinel-safe:number>
            <sentinel-safe:instrument>
              <sentinel-safe:familyName abbreviation="P4">Poseidon-4 Radar Altimeter</sentinel-safe:familyName>
              <sentinel-safe:mode identifier="MEA">Measurement</sentinel-safe:mode>
            </sentinel-safe:instrument>
          </sentinel-safe:platform>
        </xmlData>
      </metadataWrap>
    </metadataObject>
    <metadataObject ID="generalProductInformation" classification="DESCRIPTION" category="DMD">
      <metadataWrap mimeType="text/xml" vocabularyName="Sentinel-SAFE" textInfo="General Product Information">
        <xmlData>
          <sentinel6:generalProductInformation>
            <sentinel6:productName>${NAME}.SEN6</sentinel6:productName>
            <sentinel6:productType>${productType}</sentinel6:productType>
            <sentinel6:timeliness>ST</sentinel6:timeliness>
            <sentinel6:baselineCollection>F06</sentinel6:baselineCollection>
            <sentinel6:creationTime>20220106T080012</sentinel6:creationTime>
          </sentinel6:generalProductInformation>
        </xmlData>
      </metadataWrap>
    </metadataObject>
    <metadataObject ID="measurementOrbitReference" classification="DESCRIPTION" category="DMD">
      <metadataWrap mimeType="text/xml" vocabularyName="Sentinel-SAFE" textInfo="Orbit Reference">
        <xmlData>
          <sentinel-safe:orbitReference>
            <sentinel-safe:orbitNumber groundTrackDirection="ascending" type="start">5320</sentinel-safe:orbitNumber>
            <sentinel-safe:orbitNumber groundTrackDirection="descending" type="stop">5321</sentinel-safe:orbitNumber>
            <sentinel-safe:relativeOrbitNumber groundTrackDirection="ascending" type="start">50</sentinel-safe:relativeOrbitNumber>
            <sentinel-safe:relativeOrbitNumber groundTrackDirection="descending" type="stop">51</sentinel-safe:relativeOrbitNumber>
            <sentinel-safe:relativePassNumber groundTrackDirection="ascending" type="start">100</sentinel-safe:relativePassNumber>
            <sentinel-safe:cycleNumber>41</sentinel-safe:cycleNumber>
          </sentinel-safe:orbitReference>
        </xmlData>
      </metadataWrap>
    </metadataObject>
    <metadataObject ID="measurementFrameSet" classification="DESCRIPTION" category="DMD">
      <metadataWrap mimeType="text/xml" vocabularyName="Sentinel-SAFE" textInfo="Frame Set">
        <xmlData>
          <sentinel-safe:frameSet>
            <sentinel-safe:footPrint srsName="EPSG:4326">
              <gml:posList>-66.1 -20.5 -40.2 30.1 0.3 55.2 40.4 75.6 66.2 140.1 65.2 140.2 39.4 75.7 -0.7 55.3 -41.2 30.2 -67.1 -20.4 -66.1 -20.5</gml:posList>
            </sentinel-safe:footPrint>
          </sentinel-safe:frameSet>
        </xmlData>
      </metadataWrap>
    </metadataObject>
    <metadataObject ID="altProductInformation" classification="DESCRIPTION" category="DMD">
      <metadataWrap mimeType="text/xml" vocabularyName="Sentinel-SAFE" textInfo="Altimeter Product Information">
        <xmlData>
          <alt:altProductInformation>
            <alt:lrmModePercentage>100</alt:lrmModePercentage>
            <alt:openOceanPercentage>71</alt:openOceanPercentage>
            <alt:landPercentage>25</alt:landPercentage>
          </alt:altProductInformation>
        </xmlData>
      </metadataWrap>
    </metadataObject>
  </metadataSection>
  <dataObjectSection>
    <dataObject ID="ALTData0">
      <byteStream mimeType="application/x-netcdf" size="24959037">
        <fileLocation locatorType="URL" textInfo="Standard Measurement Data Set" href="${STD}"/>
        <checksum checksumName="MD5">00000000000000000000000000000000</checksum>
      </byteStream>
    </dataObject>
    <dataObject ID="ALTData1">
      <byteStream mimeType="application/x-netcdf" size="1562165">
        <fileLocation locatorType="URL" textInfo="Reduced Measurement Data Set" href="${RED}"/>
        <checksum checksumName="MD5">00000000000000000000000000000000</checksum>
      </byteStream>
    </dataObject>
  </dataObjectSection>
</xfdu:XFDU>
`;
}

const scratch: string[] = [];

afterAll(async () => {
  await Promise.all(scratch.map((d) => rm(d, { recursive: true, force: true })));
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'eohub-s6-'));
  scratch.push(dir);
  return dir;
}

/** A `.SEN6` package under a top folder, with the reduced data file only (the standard one is missing). */
async function packageSource(
  options: { folder?: string; arrivalName?: string; productType?: string; dataName?: string } = {},
): Promise<ProductSource> {
  const dir = await tempDir();
  const top = options.folder === '' ? dir : join(dir, options.folder ?? `${NAME}.SEN6`);
  await mkdir(top, { recursive: true });
  await writeFile(join(top, 'xfdumanifest.xml'), manifest(options.productType === undefined ? {} : { productType: options.productType }));
  await writeFile(join(top, options.dataName ?? RED), '');
  return openFolderSource(dir, options.arrivalName ?? `${NAME}.SEN6`);
}

describe('sentinel6Extractor on an xfdumanifest package', () => {
  it('reads name, sensing, orbits, platform, type, timeliness and footprint from the manifest', async () => {
    const source = await packageSource();
    expect(sentinel6Extractor.matches(source)).toBe(true);
    const m = await sentinel6Extractor.extract(source);
    expect(m.collection).toBe('SENTINEL-6');
    expect(m.name).toBe(`${NAME}.SEN6`);
    expect(m.sensingStart?.slice(0, 23)).toBe('2022-01-05T10:15:30.250');
    expect(m.sensingEnd?.slice(0, 23)).toBe('2022-01-05T11:11:43.750');
    const values = Object.fromEntries(Object.entries(m.attributes).map(([k, v]) => [k, v.value]));
    expect(values).toMatchObject({
      productType: 'P4_2__LR_____',
      platformShortName: 'SENTINEL-6',
      platformSerialIdentifier: 'A',
      instrumentShortName: 'P4',
      timeliness: 'ST',
      baselineCollection: 'F06',
      processingLevel: '2',
      orbitNumber: 5320,
      lastOrbitNumber: 5321,
      relativeOrbitNumber: 50,
      lastRelativeOrbitNumber: 51,
      orbitDirection: 'ASCENDING',
      lastOrbitDirection: 'DESCENDING',
      cycleNumber: 41,
      landCover: 25,
      openOceanCover: 71,
      processorName: 'ALTL2',
      processorVersion: '4.1.0',
    });
    expect(m.footprint?.type).toBe('Polygon');
    const ring = m.footprint?.type === 'Polygon' ? (m.footprint.coordinates[0] ?? []) : [];
    expect(ring[0]).toEqual([-20.5, -66.1]);
    expect(ring[ring.length - 1]).toEqual(ring[0]);
    expect(m.layout).toEqual({ mission: 'Sentinel-6', instrument: 'P4', productType: 'P4_2__LR_____' });
  });

  it('warns about the data object the manifest lists but the package lacks', async () => {
    const m = await sentinel6Extractor.extract(await packageSource());
    expect(m.warnings).toHaveLength(1);
    expect(m.warnings[0]).toContain(STD);
  });

  it('is left alone by the Sentinel-3 extractor when names say Sentinel-6', async () => {
    expect(sentinel3Extractor.matches(await packageSource())).toBe(false);
    expect(sentinel3Extractor.matches(await packageSource({ folder: '', arrivalName: 'upload-7' }))).toBe(false);
  });

  it('is recognised by content when nothing in the names tells the mission', async () => {
    const source = await packageSource({ folder: '', arrivalName: 'upload-7', dataName: 'reduced.nc' });
    // Sentinel-3 comes first and claims an anonymous XFDU product, then hands it over by content.
    expect(sentinel3Extractor.matches(source)).toBe(true);
    const m = await sentinel3Extractor.extract(source);
    expect(m.collection).toBe('SENTINEL-6');
    expect(m.name).toBe(`${NAME}.SEN6`);
  });

  it('throws MALFORMED_METADATA when the manifest gives no product type', async () => {
    await expect(sentinel6Extractor.extract(await packageSource({ productType: '' }))).rejects.toMatchObject({
      code: METADATA_ERRORS.MALFORMED,
      kind: 'invalid',
    });
  });
});

describe('sentinel6Extractor on a lone netCDF file', () => {
  async function netcdfSource(attributes: Record<string, string | number>, name = RED.replace('_ST_', '_NR_')): Promise<ProductSource> {
    await h5wasmReady;
    const dir = await tempDir();
    const file = new H5File(join(dir, name), 'w');
    for (const [key, value] of Object.entries(attributes)) {
      if (typeof value === 'number') file.create_attribute(key, value, null, '<i');
      else file.create_attribute(key, value);
    }
    file.close();
    return openFolderSource(dir, name);
  }

  it('reads sensing, cycle, pass, platform and type from the global attributes and the name', async () => {
    const source = await netcdfSource({
      mission_name: 'Sentinel-6A',
      product_name: `${NAME}.SEN6`,
      first_measurement_time: '2022-01-05 10:15:30.250000',
      last_measurement_time: '2022-01-05 11:11:43.750000',
      cycle_number: 41,
      pass_number: 100,
      absolute_rev_number: 5320,
      institution: 'EUMETSAT',
    });
    expect(sentinel6Extractor.matches(source)).toBe(true);
    const m = await sentinel6Extractor.extract(source);
    expect(m.name).toBe(RED.replace('_ST_', '_NR_'));
    expect(m.collection).toBe('SENTINEL-6');
    expect(m.sensingStart?.slice(0, 23)).toBe('2022-01-05T10:15:30.250');
    expect(m.sensingEnd?.slice(0, 23)).toBe('2022-01-05T11:11:43.750');
    const values = Object.fromEntries(Object.entries(m.attributes).map(([k, v]) => [k, v.value]));
    expect(values).toMatchObject({
      productType: 'P4_2__LR_RED_',
      platformSerialIdentifier: 'A',
      instrumentShortName: 'P4',
      timeliness: 'NR',
      baselineCollection: 'F06',
      cycleNumber: 41,
      passNumber: 100,
      orbitNumber: 5320,
    });
    expect(m.footprint).toBeNull();
    expect(m.warnings).toHaveLength(1);
  });

  it('throws MALFORMED_METADATA when the header has no measurement times', async () => {
    const source = await netcdfSource({ mission_name: 'Sentinel-6A' });
    await expect(sentinel6Extractor.extract(source)).rejects.toMatchObject({ code: METADATA_ERRORS.MALFORMED });
  });

  it('throws MALFORMED_METADATA for a .nc file of random bytes', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, STD), randomBytes(2048));
    const source = await openFolderSource(dir, STD);
    expect(sentinel6Extractor.matches(source)).toBe(true);
    await expect(sentinel6Extractor.extract(source)).rejects.toMatchObject({ code: METADATA_ERRORS.MALFORMED, kind: 'invalid' });
  });
});

describe('parseS6Name', () => {
  it('reads type, timeliness and baseline from package and file names alike', () => {
    expect(parseS6Name(`${NAME}.SEN6`)).toEqual({ serial: 'A', type: 'P4_2__LR_____', timeliness: 'ST', baseline: 'F06' });
    expect(parseS6Name(STD)).toEqual({ serial: 'A', type: 'P4_2__LR_STD_', timeliness: 'ST', baseline: 'F06' });
    expect(parseS6Name('S3A_SR_2_LAN____x.SEN3')).toBeUndefined();
  });
});
