import { ORBIT_MODELS, anxTimeMs, destination, findPass, groundPoint, type OrbitDirection } from './orbits.ts';
import type { Random } from './random.ts';
import type { LandMask } from './raster/land.ts';
import { renderSentinel1 } from './sentinel1-rasters.ts';
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

/**
 * One Sentinel-1 Level-1 slice (IW GRDH, IW SLC or EW GRDM) laid out as the SAFE the ground segment
 * ships, modelled on S1A_IW_GRDH_1SDV_20210809T173953_…_6FF8: manifest.safe with every metadata object
 * an extractor reads, and the annotation, calibration, noise, preview and measurement files it lists.
 * Annotations keep their header and product information only. GRD measurements and every product's
 * quick-look are real, small images (sentinel1-rasters.ts); SLC measurements (complex, per burst) stay
 * empty placeholders.
 */

export interface Sentinel1Plan {
  name: string;
  platform: 'S1A' | 'S1C';
  mode: 'IW' | 'EW';
  kind: 'GRDH' | 'GRDM' | 'SLC_';
  polarisations: [string, string];
  orbit: number;
  relativeOrbit: number;
  cycle: number;
  direction: OrbitDirection;
  anxMs: number;
  startMs: number;
  stopMs: number;
  datatake: number;
  sliceNumber: number;
  totalSlices: number;
  timeliness: string;
  /** [stop-near, stop-far, start-far, start-near] as [lon, lat], the order real manifests use. */
  corners: number[][];
  headingDeg: number;
  generationMs: number;
  crc: string;
}

const IPF_VERSION = '003.91';
/** Swath edges from the track (km), fitted to the footprints of the IW and EW samples. */
const SWATH_KM = { IW: [395, 650], EW: [235, 640] } as const;
/** S1A's is its COSPAR id; S1C's is not in any sample, so a placeholder of the kind S2 manifests carry (2015-000A). */
const NSSDC_ID = { S1A: '2014-016A', S1C: '2024-000A' } as const;
/** S1C products are in the archive from its commissioning on. */
const S1C_FIRST_MS = Date.parse('2025-03-27T00:00:00Z');

export function planSentinel1(rng: Random, request: SceneRequest): Sentinel1Plan | undefined {
  const platform = request.dayMs >= S1C_FIRST_MS && rng.chance(0.45) ? 'S1C' : 'S1A';
  const model = ORBIT_MODELS[platform];
  // The Arctic is watched in EW dual-HH; elsewhere IW VV+VH, mostly GRD.
  const ew = request.target.lat > 66 && rng.chance(0.6);
  const mode = ew ? 'EW' : 'IW';
  const kind = ew ? 'GRDM' : rng.chance(0.8) ? 'GRDH' : 'SLC_';
  const polarisations: [string, string] = ew ? ['HH', 'HV'] : ['VV', 'VH'];
  const direction = rng.chance(0.5) ? 'ASCENDING' : 'DESCENDING';
  const [near, far] = SWATH_KM[mode];
  const pass = findPass(
    model,
    request.dayMs,
    request.target,
    direction,
    (p) => p.crossTrackKm > near && p.crossTrackKm < far,
    request.range,
  );
  if (!pass) return undefined;
  const durationS = kind === 'GRDM' ? 64 : kind === 'SLC_' ? 27 : 25;
  const anxMs = anxTimeMs(model, pass.orbit);
  const startMs = pass.timeMs - rng.float(2, durationS - 2) * 1000;
  const stopMs = startMs + (durationS - 0.001) * 1000;
  const t0 = groundPoint(model, pass.orbit, (startMs - anxMs) / 1000);
  const t1 = groundPoint(model, pass.orbit, (stopMs - anxMs) / 1000);
  const corners = [
    destination(t1.lon, t1.lat, t1.headingDeg + 90, near),
    destination(t1.lon, t1.lat, t1.headingDeg + 90, far),
    destination(t0.lon, t0.lat, t0.headingDeg + 90, far),
    destination(t0.lon, t0.lat, t0.headingDeg + 90, near),
  ];
  // Datatake ids grow ~8.5 per orbit (S1A 0x049F13 at orbit 39156, S1C 0x0071C5 at 3550) and are
  // shared by all slices of a datatake.
  const datatake = platform === 'S1A' ? Math.round(302867 + (pass.orbit - 39156) * 8.47) : Math.round(29125 + (pass.orbit - 3550) * 8.13);
  const sliceNumber = rng.int(1, 12);
  const timeliness = rng.pick(['Fast-24h', 'Fast-24h', 'NRT-3h']);
  const generationMs =
    Math.floor(stopMs / 1000) * 1000 +
    rng.int(timeliness === 'NRT-3h' ? 40 * 60 : 4 * 3600, timeliness === 'NRT-3h' ? 170 * 60 : 20 * 3600) * 1000;
  const crc = rng.hex(4).toUpperCase();
  const name = `${platform}_${mode}_${kind}_1SD${polarisations[0] === 'VV' ? 'V' : 'H'}_${compactUtc(startMs)}_${compactUtc(stopMs)}_${String(pass.orbit).padStart(6, '0')}_${hex6(datatake)}_${crc}.SAFE`;
  return {
    name,
    platform,
    mode,
    kind,
    polarisations,
    orbit: pass.orbit,
    relativeOrbit: model.relativeOrbit(pass.orbit) ?? 0,
    cycle: model.cycle(pass.orbit) ?? 0,
    direction,
    anxMs,
    startMs,
    stopMs,
    datatake,
    sliceNumber,
    totalSlices: sliceNumber + rng.int(0, 12),
    timeliness,
    corners,
    headingDeg: t0.headingDeg,
    generationMs,
    crc,
  };
}

function hex6(n: number): string {
  return n.toString(16).toUpperCase().padStart(6, '0');
}

interface Measurement {
  /** e.g. s1a-iw-grd-vv-20250403t…-001 */
  stem: string;
  swath: string;
  polarisation: string;
}

function measurements(p: Sentinel1Plan): Measurement[] {
  const sat = p.platform.toLowerCase();
  const times = `${compactUtc(p.startMs).toLowerCase()}-${compactUtc(p.stopMs).toLowerCase()}`;
  const tail = `${String(p.orbit).padStart(6, '0')}-${hex6(p.datatake).toLowerCase()}`;
  const [co, cross] = p.polarisations;
  if (p.kind === 'SLC_') {
    // SLC numbering: the cross-polarised swaths first for VV+VH, the co-polarised first for HH+HV.
    const order = co === 'VV' ? [cross, co] : [co, cross];
    return order.flatMap((pol, k) =>
      ['iw1', 'iw2', 'iw3'].map((sw, j) => ({
        stem: `${sat}-${sw}-slc-${pol.toLowerCase()}-${times}-${tail}-${String(k * 3 + j + 1).padStart(3, '0')}`,
        swath: sw.toUpperCase(),
        polarisation: pol,
      })),
    );
  }
  const m = p.mode.toLowerCase();
  return [co, cross].map((pol, k) => ({
    stem: `${sat}-${m}-grd-${pol.toLowerCase()}-${times}-${tail}-${String(k + 1).padStart(3, '0')}`,
    swath: p.mode,
    polarisation: pol,
  }));
}

export async function writeSentinel1(outDir: string, plan: Sentinel1Plan, landMask: LandMask): Promise<DemoProduct> {
  const p = plan;
  const grd = p.kind !== 'SLC_';
  const rasters = await renderSentinel1(p, landMask, { measurements: grd });
  const files: ProductFile[] = [];
  const objects: { id: string; rep: string; file: ProductFile; mime: string }[] = [];
  const add = (id: string, rep: string, path: string, content: string | Uint8Array, mime = 'text/xml'): void => {
    const file = { path, content };
    files.push(file);
    objects.push({ id, rep, file, mime });
  };
  for (const m of measurements(p)) {
    const key = m.stem.replace(/-/g, '');
    add(`product${key}`, 's1Level1ProductSchema', `annotation/${m.stem}.xml`, annotation(p, m));
    add(`noise${key}`, 's1Level1NoiseSchema', `annotation/calibration/noise-${m.stem}.xml`, auxAnnotation('noise', p, m));
    add(
      `calibration${key}`,
      's1Level1CalibrationSchema',
      `annotation/calibration/calibration-${m.stem}.xml`,
      auxAnnotation('calibration', p, m),
    );
  }
  add('mapoverlay', 's1Level1MapOverlaySchema', 'preview/map-overlay.kml', mapOverlay(p));
  add(
    'productpreview',
    's1Level1ProductPreviewSchema',
    'preview/product-preview.html',
    `<html><head><title>${p.name.replace('.SAFE', '')}</title></head><body><img src="quick-look.png"/></body></html>\n`,
  );
  measurements(p).forEach((m, k) =>
    add(
      m.stem.replace(/-/g, ''),
      's1Level1MeasurementSchema',
      `measurement/${m.stem}.tiff`,
      (grd ? rasters.measurements[k] : undefined) ?? '',
      'application/octet-stream',
    ),
  );
  add('quicklook', 's1Level1QuickLookSchema', 'preview/quick-look.png', rasters.quicklook, 'application/octet-stream');
  const manifest = manifestSafe(p, objects);
  await writeProductFolder(outDir, p.name, [{ path: 'manifest.safe', content: manifest }, ...files]);
  return {
    name: p.name,
    mission: 'SENTINEL-1',
    productType: `${p.mode}_${p.kind}_1S`,
    platform: p.platform,
    sensingStart: isoUtc(p.startMs, 6),
    sensingEnd: isoUtc(p.stopMs, 6),
    orbitNumber: p.orbit,
    relativeOrbitNumber: p.relativeOrbit,
    orbitDirection: p.direction,
    footprint: [...p.corners, p.corners[0] as number[]],
  };
}

const coordinates = (p: Sentinel1Plan): string =>
  p.corners.map(([lon, lat]) => `${fixed(lat as number, 6)},${fixed(lon as number, 6)}`).join(' ');

function adsHeader(p: Sentinel1Plan, m: Measurement): string {
  return `  <adsHeader>
    <missionId>${p.platform}</missionId>
    <productType>${p.kind === 'SLC_' ? 'SLC' : 'GRD'}</productType>
    <polarisation>${m.polarisation}</polarisation>
    <mode>${p.mode}</mode>
    <swath>${m.swath}</swath>
    <startTime>${isoUtc(p.startMs, 6, false)}</startTime>
    <stopTime>${isoUtc(p.stopMs, 6, false)}</stopTime>
    <absoluteOrbitNumber>${p.orbit}</absoluteOrbitNumber>
    <missionDataTakeId>${p.datatake}</missionDataTakeId>
    <imageNumber>${m.stem.slice(-3)}</imageNumber>
  </adsHeader>`;
}

function annotation(p: Sentinel1Plan, m: Measurement): string {
  const heading = p.headingDeg > 180 ? p.headingDeg - 360 : p.headingDeg;
  return `<?xml version="1.0" encoding="UTF-8"?>
<product>
${adsHeader(p, m)}
  <generalAnnotation>
    <productInformation>
      <pass>${p.direction === 'ASCENDING' ? 'Ascending' : 'Descending'}</pass>
      <timelinessCategory>${p.timeliness}</timelinessCategory>
      <platformHeading>${heading.toExponential(15)}</platformHeading>
      <projection>${p.kind === 'SLC_' ? 'Slant Range' : 'Ground Range'}</projection>
      <rangeSamplingRate>6.434523812571428e+07</rangeSamplingRate>
      <radarFrequency>5.405000454334350e+09</radarFrequency>
    </productInformation>
  </generalAnnotation>
  <imageAnnotation>
    <imageInformation>
      <productFirstLineUtcTime>${isoUtc(p.startMs, 6, false)}</productFirstLineUtcTime>
      <productLastLineUtcTime>${isoUtc(p.stopMs, 6, false)}</productLastLineUtcTime>
      <ascendingNodeTime>${isoUtc(p.anxMs, 6, false)}</ascendingNodeTime>
    </imageInformation>
  </imageAnnotation>
</product>
`;
}

function auxAnnotation(root: 'noise' | 'calibration', p: Sentinel1Plan, m: Measurement): string {
  const body =
    root === 'noise'
      ? '  <noiseRangeVectorList count="0"/>\n  <noiseAzimuthVectorList count="0"/>'
      : '  <calibrationInformation>\n    <absoluteCalibrationConstant>1.000000e+00</absoluteCalibrationConstant>\n  </calibrationInformation>\n  <calibrationVectorList count="0"/>';
  return `<?xml version="1.0" encoding="UTF-8"?>\n<${root}>\n${adsHeader(p, m)}\n${body}\n</${root}>\n`;
}

function mapOverlay(p: Sentinel1Plan): string {
  const quad = p.corners.map(([lon, lat]) => `${fixed(lon as number, 6)},${fixed(lat as number, 6)}`).join(' ');
  return `<?xml version="1.0" encoding="UTF-8"?>
<kml xmlns:gx="http://www.google.com/kml/ext/2.2">
  <Document>
    <name>Sentinel-1 Map Overlay</name>
    <Folder>
      <name>Sentinel-1 Scene Overlay</name>
      <GroundOverlay>
        <name>Sentinel-1 Image Overlay</name>
        <Icon>
          <href>quick-look.png</href>
        </Icon>
        <gx:LatLonQuad>
          <coordinates>${quad}</coordinates>
        </gx:LatLonQuad>
      </GroundOverlay>
    </Folder>
  </Document>
</kml>
`;
}

/** Milliseconds since the node in the annotation's notation: 7.266839e+05. */
function anxNotation(ms: number): string {
  return ms.toExponential(6).replace(/e([+-])(\d)$/, 'e$10$2');
}

function manifestSafe(p: Sentinel1Plan, objects: { id: string; rep: string; file: ProductFile; mime: string }[]): string {
  const product = p.kind === 'SLC_' ? 'SLC' : 'GRD';
  const wrap = (id: string, text: string, body: string, cls = 'DESCRIPTION', cat = 'DMD'): string =>
    `    <metadataObject ID="${id}" classification="${cls}" category="${cat}">\n      <metadataWrap mimeType="text/xml" vocabularyName="SAFE" textInfo="${text}">\n        <xmlData>\n${body}\n        </xmlData>\n      </metadataWrap>\n    </metadataObject>`;
  const dataObjects = objects.map(
    (o) =>
      `    <dataObject ID="${o.id}" repID="${o.rep}">\n      <byteStream mimeType="${o.mime}" size="${Buffer.byteLength(o.file.content)}">\n        <fileLocation locatorType="URL" href="./${o.file.path}"/>\n        <checksum checksumName="MD5">${md5Hex(o.file.content)}</checksum>\n      </byteStream>\n    </dataObject>`,
  );
  const pointers = objects.map(
    (o) =>
      `      <xfdu:contentUnit unitType="${o.mime === 'text/xml' ? 'Metadata Unit' : 'Measurement Data Unit'}" repID="${o.rep}">\n        <dataObjectPointer dataObjectID="${o.id}"/>\n      </xfdu:contentUnit>`,
  );
  const processingStart = p.generationMs - 11 * 60_000;
  return `<?xml version="1.0" encoding="UTF-8"?>
<xfdu:XFDU xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:gml="http://www.opengis.net/gml" xmlns:xfdu="urn:ccsds:schema:xfdu:1" xmlns:safe="http://www.esa.int/safe/sentinel-1.0" xmlns:s1="http://www.esa.int/safe/sentinel-1.0/sentinel-1" xmlns:s1sar="http://www.esa.int/safe/sentinel-1.0/sentinel-1/sar" xmlns:s1sarl1="http://www.esa.int/safe/sentinel-1.0/sentinel-1/sar/level-1" xmlns:s1sarl2="http://www.esa.int/safe/sentinel-1.0/sentinel-1/sar/level-2" xmlns:gx="http://www.google.com/kml/ext/2.2" version="esa/safe/sentinel-1.0/sentinel-1/sar/level-1/${product.toLowerCase()}/standard/${p.mode.toLowerCase()}dp">
  <informationPackageMap>
    <xfdu:contentUnit unitType="SAFE Archive Information Package" textInfo="Sentinel-1 ${p.mode} Level-1 ${product} Product" dmdID="acquisitionPeriod platform generalProductInformation measurementOrbitReference measurementFrameSet" pdiID="processing">
${pointers.join('\n')}
    </xfdu:contentUnit>
  </informationPackageMap>
  <metadataSection>
${wrap(
  'processing',
  'Processing',
  `          <safe:processing name="${product} Post Processing" start="${isoUtc(processingStart, 6, false)}" stop="${isoUtc(p.generationMs, 6, false)}">
            <safe:facility country="Germany" name="Copernicus S1 Core Ground Segment - DPA" organisation="ESA" site="DLR-Oberpfaffenhofen">
              <safe:software name="Sentinel-1 IPF" version="${IPF_VERSION}"/>
            </safe:facility>
          </safe:processing>`,
  'PROVENANCE',
  'PDI',
)}
${wrap(
  'platform',
  'Platform Description',
  `          <safe:platform>
            <safe:nssdcIdentifier>${NSSDC_ID[p.platform]}</safe:nssdcIdentifier>
            <safe:familyName>SENTINEL-1</safe:familyName>
            <safe:number>${p.platform.slice(2)}</safe:number>
            <safe:instrument>
              <safe:familyName abbreviation="SAR">Synthetic Aperture Radar</safe:familyName>
              <safe:extension>
                <s1sarl1:instrumentMode>
                  <s1sarl1:mode>${p.mode}</s1sarl1:mode>
${(p.kind === 'SLC_' ? ['IW1', 'IW2', 'IW3'] : [p.mode]).map((s) => `                  <s1sarl1:swath>${s}</s1sarl1:swath>`).join('\n')}
                </s1sarl1:instrumentMode>
              </safe:extension>
            </safe:instrument>
          </safe:platform>`,
)}
${wrap(
  'measurementOrbitReference',
  'Orbit Reference',
  `          <safe:orbitReference>
            <safe:orbitNumber type="start">${p.orbit}</safe:orbitNumber>
            <safe:orbitNumber type="stop">${p.orbit}</safe:orbitNumber>
            <safe:relativeOrbitNumber type="start">${p.relativeOrbit}</safe:relativeOrbitNumber>
            <safe:relativeOrbitNumber type="stop">${p.relativeOrbit}</safe:relativeOrbitNumber>
            <safe:cycleNumber>${p.cycle}</safe:cycleNumber>
            <safe:phaseIdentifier>1</safe:phaseIdentifier>
            <safe:extension>
              <s1:orbitProperties>
                <s1:pass>${p.direction}</s1:pass>
                <s1:ascendingNodeTime>${isoUtc(p.anxMs, 6, false)}</s1:ascendingNodeTime>
              </s1:orbitProperties>
            </safe:extension>
          </safe:orbitReference>`,
)}
${wrap(
  'generalProductInformation',
  'General Product Information',
  `          <s1sarl1:standAloneProductInformation>
            <s1sarl1:instrumentConfigurationID>${p.platform === 'S1A' ? 7 : 1}</s1sarl1:instrumentConfigurationID>
            <s1sarl1:missionDataTakeID>${p.datatake}</s1sarl1:missionDataTakeID>
${p.polarisations.map((pol) => `            <s1sarl1:transmitterReceiverPolarisation>${pol}</s1sarl1:transmitterReceiverPolarisation>`).join('\n')}
            <s1sarl1:productClass>S</s1sarl1:productClass>
            <s1sarl1:productClassDescription>SAR Standard L1 Product</s1sarl1:productClassDescription>
            <s1sarl1:productComposition>Slice</s1sarl1:productComposition>
            <s1sarl1:productType>${product}</s1sarl1:productType>
            <s1sarl1:productTimelinessCategory>${p.timeliness}</s1sarl1:productTimelinessCategory>
            <s1sarl1:sliceProductFlag>true</s1sarl1:sliceProductFlag>
            <s1sarl1:segmentStartTime>${isoUtc(p.startMs - (p.sliceNumber - 1) * 25_000 - 2_341, 6, false)}</s1sarl1:segmentStartTime>
            <s1sarl1:sliceNumber>${p.sliceNumber}</s1sarl1:sliceNumber>
            <s1sarl1:totalSlices>${p.totalSlices}</s1sarl1:totalSlices>
          </s1sarl1:standAloneProductInformation>`,
)}
${wrap(
  'acquisitionPeriod',
  'Acquisition Period',
  `          <safe:acquisitionPeriod>
            <safe:startTime>${isoUtc(p.startMs, 6, false)}</safe:startTime>
            <safe:stopTime>${isoUtc(p.stopMs, 6, false)}</safe:stopTime>
            <safe:extension>
              <s1:timeANX>
                <s1:startTimeANX>${anxNotation(p.startMs - p.anxMs)}</s1:startTimeANX>
                <s1:stopTimeANX>${anxNotation(p.stopMs - p.anxMs)}</s1:stopTimeANX>
              </s1:timeANX>
            </safe:extension>
          </safe:acquisitionPeriod>`,
)}
${wrap(
  'measurementFrameSet',
  'Frame Set',
  `          <safe:frameSet>
            <safe:frame>
              <safe:footPrint srsName="http://www.opengis.net/gml/srs/epsg.xml#4326">
                <gml:coordinates>${coordinates(p)}</gml:coordinates>
              </safe:footPrint>
            </safe:frame>
          </safe:frameSet>`,
)}
  </metadataSection>
  <dataObjectSection>
${dataObjects.join('\n')}
  </dataObjectSection>
</xfdu:XFDU>
`;
}
