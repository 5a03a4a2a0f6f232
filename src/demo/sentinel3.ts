import { ORBIT_MODELS, anxTimeMs, destination, findPass, groundPoint, stateVector } from './orbits.ts';
import type { Random } from './random.ts';
import {
  compactUtc,
  fixed,
  isoUtc,
  md5Hex,
  writeProductFolder,
  type DemoProduct,
  type ProductFile,
  type SceneRequest,
} from './product-files.ts';
import type { LandMask } from './raster/land.ts';
import { drawCloudCover } from './sentinel2.ts';
import { renderSentinel3 } from './sentinel3-rasters.ts';

/**
 * One Sentinel-3 OLCI or SLSTR frame product (`.SEN3` folder): xfdumanifest.xml as in the samples
 * S3A_OL_2_LFR____20210523T003029_… and S3A_SL_2_LST____20210510T002955_…, with the netCDF files it
 * lists as empty placeholders, and a browse image (`<name>-ql.jpg`, sentinel3-rasters.ts) whose land
 * and cloud shares are the ones the manifest states. Frames are 180 s of a descending (10:00 local
 * time) pass and start on multiples of 180 s after the ascending node, which is what the name's
 * along-track coordinate counts.
 */

type S3Type = 'OL_1_EFR' | 'OL_2_LFR' | 'OL_2_WFR' | 'SL_2_LST';

interface TypeInfo {
  instrument: 'OLCI' | 'SLSTR';
  centre: string;
  baseline: string;
  /** Swath edges from the track, km, right of the flight direction positive (both instruments look west). */
  swathKm: [number, number];
  files: string[];
  facility: string;
  software: [string, string];
}

const OLCI_BANDS = (kind: string, bands: number[]): string[] => bands.map((b) => `Oa${String(b).padStart(2, '0')}_${kind}`);
const OLCI_ANNOTATIONS = ['geo_coordinates', 'instrument_data', 'tie_geo_coordinates', 'tie_geometries', 'tie_meteo', 'time_coordinates'];

const TYPES: Record<S3Type, TypeInfo> = {
  OL_1_EFR: {
    instrument: 'OLCI',
    centre: 'LN1',
    baseline: '002',
    swathKm: [-370, 900],
    files: [
      ...OLCI_BANDS(
        'radiance',
        Array.from({ length: 21 }, (_, i) => i + 1),
      ),
      ...OLCI_ANNOTATIONS,
      'qualityFlags',
      'removed_pixels',
    ],
    facility: 'Land OLCI Processing and Archiving Centre [LN1]',
    software: ['IPF-OL-1-EO', '06.17'],
  },
  OL_2_LFR: {
    instrument: 'OLCI',
    centre: 'LN1',
    baseline: '002',
    swathKm: [-370, 900],
    files: [...OLCI_ANNOTATIONS, 'iwv', 'lqsf', 'ogvi', 'otci', 'rc_ogvi'],
    facility: 'Land OLCI Processing and Archiving Centre [LN1]',
    software: ['IPF-OL-2', '06.18'],
  },
  OL_2_WFR: {
    instrument: 'OLCI',
    centre: 'MAR',
    baseline: '003',
    swathKm: [-370, 900],
    files: [
      ...OLCI_BANDS('reflectance', [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 16, 17, 18, 21]),
      ...OLCI_ANNOTATIONS,
      'chl_nn',
      'chl_oc4me',
      'iop_nn',
      'iwv',
      'par',
      'trsp',
      'tsm_nn',
      'w_aer',
      'wqsf',
    ],
    facility: 'Marine Centre [MAR]',
    software: ['IPF-OL-2', '06.18'],
  },
  SL_2_LST: {
    instrument: 'SLSTR',
    centre: 'LN2',
    baseline: '004',
    swathKm: [-550, 850],
    files: [
      'LST_ancillary_ds',
      'LST_in',
      'cartesian_in',
      'cartesian_tx',
      'flags_in',
      'geodetic_in',
      'geodetic_tx',
      'geometry_tn',
      'indices_in',
      'met_tx',
      'time_in',
    ],
    facility: 'Land SLSTR Processing and Archiving Centre [LN2]',
    software: ['IPF-SL-2', '06.21'],
  },
};

export interface Sentinel3Plan {
  name: string;
  platform: 'S3A' | 'S3B';
  type: S3Type;
  orbit: number;
  relativeOrbit: number;
  cycle: number;
  anxMs: number;
  startMs: number;
  frameSeconds: number;
  creationMs: number;
  timeliness: 'NR' | 'NT';
  footprint: number[][];
  cloudPercent: number | undefined;
  landPercent: number;
}

export function planSentinel3(rng: Random, request: SceneRequest): Sentinel3Plan | undefined {
  const platform = rng.pick(['S3A', 'S3B'] as const);
  const type = rng.weighted([
    ['OL_1_EFR', 3],
    ['OL_2_LFR', 3],
    ['OL_2_WFR', 2],
    ['SL_2_LST', 3],
  ] as const);
  const info = TYPES[type];
  const model = ORBIT_MODELS[platform];
  const [left, right] = info.swathKm;
  const pass = findPass(
    model,
    request.dayMs,
    request.target,
    'DESCENDING',
    (p) => p.crossTrackKm > left + 50 && p.crossTrackKm < right - 50,
    request.range,
  );
  if (!pass) return undefined;
  const anxMs = anxTimeMs(model, pass.orbit);
  const frameSeconds = Math.floor(pass.secondsAfterAnx / 180) * 180;
  const startMs = anxMs + frameSeconds * 1000;
  const edge = (km: number): number[][] =>
    Array.from({ length: 7 }, (_, k) => {
      const g = groundPoint(model, pass.orbit, frameSeconds + k * 30);
      return destination(g.lon, g.lat, g.headingDeg + 90, km);
    });
  const leftEdge = edge(left);
  const footprint = [...leftEdge, ...edge(right).reverse(), leftEdge[0] as number[]];
  const timeliness = type === 'SL_2_LST' || (type === 'OL_2_LFR' && rng.chance(0.7)) ? 'NT' : rng.chance(0.8) ? 'NR' : 'NT';
  const creationMs =
    Math.floor(startMs / 1000) * 1000 + rng.int(timeliness === 'NR' ? 5400 : 26 * 3600, timeliness === 'NR' ? 10800 : 40 * 3600) * 1000;
  const relativeOrbit = model.relativeOrbit(pass.orbit) ?? 0;
  const cycle = model.cycle(pass.orbit) ?? 0;
  const name = [
    `${platform}_${type.padEnd(12, '_')}${compactUtc(startMs)}`,
    compactUtc(startMs + 180_000),
    compactUtc(creationMs),
    '0179',
    String(cycle).padStart(3, '0'),
    String(relativeOrbit).padStart(3, '0'),
    String(frameSeconds).padStart(4, '0'),
    info.centre,
    'O',
    timeliness,
    info.baseline,
  ].join('_');
  return {
    name: `${name}.SEN3`,
    platform,
    type,
    orbit: pass.orbit,
    relativeOrbit,
    cycle,
    anxMs,
    startMs,
    frameSeconds,
    creationMs,
    timeliness,
    footprint,
    cloudPercent: type === 'OL_1_EFR' ? undefined : drawCloudCover(rng),
    landPercent: rng.float(5, 95),
  };
}

export async function writeSentinel3(outDir: string, plan: Sentinel3Plan, landMask: LandMask): Promise<DemoProduct> {
  const info = TYPES[plan.type];
  const rasters = await renderSentinel3(plan, landMask);
  const quicklook: ProductFile = { path: `${plan.name.replace(/\.SEN3$/, '')}-ql.jpg`, content: rasters.quicklook };
  const data: ProductFile[] = [...info.files.map((f) => ({ path: `${f}.nc`, content: '' })), quicklook];
  // The land share is the one of the picture, so the manifest and the browse image agree.
  const manifest = xfduManifest({ ...plan, landPercent: rasters.landPercent }, info, data);
  await writeProductFolder(outDir, plan.name, [{ path: 'xfdumanifest.xml', content: manifest }, ...data]);
  return {
    name: plan.name,
    mission: 'SENTINEL-3',
    productType: plan.type.padEnd(11, '_'),
    platform: plan.platform,
    sensingStart: isoUtc(plan.startMs, 6),
    sensingEnd: isoUtc(plan.startMs + 180_000, 6),
    orbitNumber: plan.orbit,
    relativeOrbitNumber: plan.relativeOrbit,
    orbitDirection: 'DESCENDING',
    footprint: plan.footprint,
    ...(plan.cloudPercent === undefined ? {} : { cloudCover: Number(fixed(plan.cloudPercent, 6)) }),
  };
}

function dataObjectId(info: TypeInfo, file: string): string {
  if (file.endsWith('-ql.jpg')) return 'quicklookData';
  if (info.instrument === 'SLSTR') return file.startsWith('LST_') ? `${file.toUpperCase()}_Data` : `SLSTR_${file.toUpperCase()}_Data`;
  if (file.startsWith('Oa')) return `${file}Data`;
  return `${file.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase())}Data`;
}

function ephemeris(plan: Sentinel3Plan, orbit: number): string {
  const model = ORBIT_MODELS[plan.platform];
  const at = anxTimeMs(model, orbit);
  const { position, velocity } = stateVector(model, orbit, 0);
  const xyz = (v: number[], digits: number): string =>
    ['x', 'y', 'z'].map((k, i) => `                  <sentinel-safe:${k}>${fixed(v[i] as number, digits)}</sentinel-safe:${k}>`).join('\n');
  return `              <sentinel-safe:ephemeris>
                <sentinel-safe:epoch type="TAI">${isoUtc(at + 37_000, 6, false)}</sentinel-safe:epoch>
                <sentinel-safe:epoch type="UTC">${isoUtc(at, 6)}</sentinel-safe:epoch>
                <sentinel-safe:epoch type="UT1">${isoUtc(at + 40, 6, false)}</sentinel-safe:epoch>
                <sentinel-safe:position>
${xyz(position, 3)}
                </sentinel-safe:position>
                <sentinel-safe:velocity>
${xyz(velocity, 6)}
                </sentinel-safe:velocity>
              </sentinel-safe:ephemeris>`;
}

function classification(plan: Sentinel3Plan, info: TypeInfo): string {
  const land = plan.landPercent;
  const digits = info.instrument === 'OLCI' ? 0 : 6;
  const pct = (v: number): string => fixed(Number(v.toFixed(digits)), 6);
  const rows: [string, number][] = [
    ['salineWaterPixels', 100 - land],
    ['coastalPixels', 0.05],
    ['freshInlandWaterPixels', 0.4],
    ['tidalRegionPixels', 0.9],
  ];
  if (plan.cloudPercent === undefined) rows.push(['brightPixels', land * 0.3]);
  else rows.push(['landPixels', land], ['cloudyPixels', plan.cloudPercent]);
  return rows.map(([k, v]) => `              <sentinel3:${k} percentage="${k === 'cloudyPixels' ? fixed(v, 6) : pct(v)}"/>`).join('\n');
}

function xfduManifest(plan: Sentinel3Plan, info: TypeInfo, data: ProductFile[]): string {
  const inst = info.instrument.toLowerCase();
  const level = plan.type.charAt(3);
  const dir = 'descending';
  const wrap = (id: string, text: string, body: string, cls = 'DESCRIPTION', cat = 'DMD'): string =>
    `    <metadataObject ID="${id}" classification="${cls}" category="${cat}">\n      <metadataWrap mimeType="text/xml" vocabularyName="Sentinel-SAFE" textInfo="${text}">\n        <xmlData>\n${body}\n        </xmlData>\n      </metadataWrap>\n    </metadataObject>`;
  const posList = plan.footprint.map(([lon, lat]) => `${fixed(lat as number, 4)} ${fixed(lon as number, 4)}`).join(' ');
  const productType = plan.type.padEnd(11, '_');
  return `<?xml version="1.0" encoding="UTF-8"?>
<xfdu:XFDU xmlns:xfdu="urn:ccsds:schema:xfdu:1" xmlns:sentinel-safe="http://www.esa.int/safe/sentinel/1.1" xmlns:gml="http://www.opengis.net/gml" xmlns:sentinel3="http://www.esa.int/safe/sentinel/sentinel-3/1.0" xmlns:${inst}="http://www.esa.int/safe/sentinel/sentinel-3/${inst}/1.0" version="esa/safe/sentinel/sentinel-3/${inst}/level-${level}/1.0">
  <informationPackageMap>
    <xfdu:contentUnit ID="packageUnit" unitType="Information Package" textInfo="SENTINEL-3 ${info.instrument} Level ${level} Product" dmdID="acquisitionPeriod platform measurementOrbitReference measurementQualityInformation processing measurementFrameSet generalProductInformation ${inst}ProductInformation" pdiID="processing">
${data.map((f) => `      <xfdu:contentUnit ID="${dataObjectId(info, f.path.replace('.nc', '')).replace(/_?Data$/, 'Unit')}" unitType="Measurement Data Unit">\n        <dataObjectPointer dataObjectID="${dataObjectId(info, f.path.replace('.nc', ''))}"/>\n      </xfdu:contentUnit>`).join('\n')}
    </xfdu:contentUnit>
  </informationPackageMap>
  <metadataSection>
${wrap(
  'acquisitionPeriod',
  'Acquisition Period',
  `          <sentinel-safe:acquisitionPeriod>
            <sentinel-safe:startTime>${isoUtc(plan.startMs, 6)}</sentinel-safe:startTime>
            <sentinel-safe:stopTime>${isoUtc(plan.startMs + 180_000, 6)}</sentinel-safe:stopTime>
          </sentinel-safe:acquisitionPeriod>`,
)}
${wrap(
  'platform',
  'Platform Description',
  `          <sentinel-safe:platform>
            <sentinel-safe:nssdcIdentifier>${plan.platform === 'S3A' ? '2016-011A' : '2018-039A'}</sentinel-safe:nssdcIdentifier>
            <sentinel-safe:familyName>Sentinel-3</sentinel-safe:familyName>
            <sentinel-safe:number>${plan.platform.slice(2)}</sentinel-safe:number>
            <sentinel-safe:instrument>
              <sentinel-safe:familyName abbreviation="${info.instrument}">${info.instrument === 'OLCI' ? 'Ocean Land Colour Instrument' : 'Sea and Land Surface Temperature Radiometer'}</sentinel-safe:familyName>
              <sentinel-safe:mode identifier="EO">Earth Observation</sentinel-safe:mode>
            </sentinel-safe:instrument>
          </sentinel-safe:platform>`,
)}
${wrap(
  'measurementFrameSet',
  'Frame Set',
  `          <sentinel-safe:frameSet>
            <sentinel-safe:footPrint srsName="http://www.opengis.net/def/crs/EPSG/0/4326">
              <gml:posList>${posList}</gml:posList>
            </sentinel-safe:footPrint>
          </sentinel-safe:frameSet>`,
)}
${wrap(
  'generalProductInformation',
  'General Product Information',
  `          <sentinel3:generalProductInformation>
            <sentinel3:productName>${plan.name}</sentinel3:productName>
            <sentinel3:productType>${productType}</sentinel3:productType>
            <sentinel3:timeliness>${plan.timeliness}</sentinel3:timeliness>
            <sentinel3:baselineCollection>${info.baseline}</sentinel3:baselineCollection>
            <sentinel3:creationTime>${compactUtc(plan.creationMs)}</sentinel3:creationTime>
            <sentinel3:productSize>${data.length * 2_345_678}</sentinel3:productSize>
            <sentinel3:dumpInformation>
              <sentinel3:granuleNumber>${Math.floor(plan.frameSeconds / 180) + 1}</sentinel3:granuleNumber>
              <sentinel3:granulePosition>NONE</sentinel3:granulePosition>
              <sentinel3:dumpStart>${isoUtc(plan.anxMs - 1_523_000, 6)}</sentinel3:dumpStart>
              <sentinel3:receivingGroundStation>SGS</sentinel3:receivingGroundStation>
              <sentinel3:receivingStartTime>${isoUtc(plan.startMs + 3_100_000, 6)}</sentinel3:receivingStartTime>
              <sentinel3:receivingStopTime>${isoUtc(plan.startMs + 3_121_000, 6)}</sentinel3:receivingStopTime>
            </sentinel3:dumpInformation>
            <sentinel3:dispositionMode>Operational</sentinel3:dispositionMode>
            <sentinel3:productUnit>
              <sentinel3:type>FRAME</sentinel3:type>
              <sentinel3:duration>179</sentinel3:duration>
              <sentinel3:alongtrackCoordinate>${plan.frameSeconds}</sentinel3:alongtrackCoordinate>
            </sentinel3:productUnit>
          </sentinel3:generalProductInformation>`,
)}
${wrap(
  `${inst}ProductInformation`,
  `${info.instrument === 'OLCI' ? 'Olci' : 'Slstr'} Product Information`,
  `          <${inst}:${inst}ProductInformation>
            <${inst}:classificationSummary>
${classification(plan, info)}
            </${inst}:classificationSummary>
          </${inst}:${inst}ProductInformation>`,
)}
${wrap(
  'measurementOrbitReference',
  'Orbit Reference',
  `          <sentinel-safe:orbitReference>
            <sentinel-safe:orbitNumber type="start" groundTrackDirection="${dir}">${plan.orbit}</sentinel-safe:orbitNumber>
            <sentinel-safe:relativeOrbitNumber type="start" groundTrackDirection="${dir}">${plan.relativeOrbit}</sentinel-safe:relativeOrbitNumber>
            <sentinel-safe:passNumber type="start" groundTrackDirection="${dir}">${2 * plan.orbit - 1}</sentinel-safe:passNumber>
            <sentinel-safe:relativePassNumber type="start" groundTrackDirection="${dir}">${2 * plan.relativeOrbit - 1}</sentinel-safe:relativePassNumber>
            <sentinel-safe:cycleNumber>${plan.cycle}</sentinel-safe:cycleNumber>
            <sentinel-safe:phaseIdentifier>1</sentinel-safe:phaseIdentifier>
            <sentinel-safe:elementSet>
${ephemeris(plan, plan.orbit)}
${ephemeris(plan, plan.orbit + 1)}
            </sentinel-safe:elementSet>
          </sentinel-safe:orbitReference>`,
)}
${wrap(
  'measurementQualityInformation',
  'Quality Information',
  `          <sentinel-safe:qualityInformation>
            <sentinel-safe:extension>
              <sentinel3:productQuality>
                <sentinel3:onlineQualityCheck>PASSED</sentinel3:onlineQualityCheck>
              </sentinel3:productQuality>
            </sentinel-safe:extension>
          </sentinel-safe:qualityInformation>`,
)}
${wrap(
  'processing',
  'Processing',
  `          <sentinel-safe:processing name="DataProcessing" outputLevel="${level}" start="${isoUtc(plan.creationMs - 95_000, 6, false)}" stop="${isoUtc(plan.creationMs, 6, false)}">
            <sentinel-safe:facility name="${info.facility}" organisation="${info.centre === 'MAR' ? 'EUMETSAT' : 'European Space Agency'}" site="Cloud Service Provider" country="EU">
              <sentinel-safe:hardware name="OPE"/>
              <sentinel-safe:software name="${info.software[0]}" version="${info.software[1]}"/>
            </sentinel-safe:facility>
          </sentinel-safe:processing>`,
  'PROVENANCE',
  'PDI',
)}
  </metadataSection>
  <dataObjectSection>
${data.map((f) => `    <dataObject ID="${dataObjectId(info, f.path.replace('.nc', ''))}">\n      <byteStream mimeType="${f.path.endsWith('.jpg') ? 'image/jpeg' : 'application/x-netcdf'}" size="${Buffer.byteLength(f.content)}">\n        <fileLocation locatorType="URL" href="./${f.path}"/>\n        <checksum checksumName="MD5">${md5Hex(f.content)}</checksum>\n      </byteStream>\n    </dataObject>`).join('\n')}
  </dataObjectSection>
</xfdu:XFDU>
`;
}
