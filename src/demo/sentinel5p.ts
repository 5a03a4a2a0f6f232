import h5wasm, { type Dataset, type File as H5File, type Group } from 'h5wasm/node';
import { rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { ORBIT_MODELS, destination, findPass, groundPoint, orbitStartMs, secondsAtLatitude } from './orbits.ts';
import type { Random } from './random.ts';
import type { LandMask } from './raster/land.ts';
import { GROUND_PIXEL_STEP, SCANLINE_STEP, sampledShape, writeSwathVariables } from './sentinel5p-data.ts';
import { compactUtc, isoUtc, latLonList, temporaryPath, uuidFrom, type DemoProduct, type SceneRequest } from './product-files.ts';

/**
 * One Sentinel-5P TROPOMI Level-2 file, written with h5wasm as a real netCDF-4/HDF5 file: the global
 * attributes, the PRODUCT dimensions, and the METADATA tree (GRANULE_DESCRIPTION, EOP_METADATA with
 * the footprint, ESA_METADATA's Earth Explorer header, trimmed ISO_METADATA, QA_STATISTICS,
 * ALGORITHM_SETTINGS) as in the header-only samples S5P_OFFL_L2__CO_____20200303T013547_… and the JSON
 * renderings of the NRTI ones, and a sampled swath of real data (sentinel5p-data.ts). OFFL files span one orbit (spacecraft midnight to
 * midnight) and cover its daylit half; NRTI files are 5-minute granules.
 */

interface TypeInfo {
  label: string;
  institution: string;
  processor: string;
  resolution: string;
  groundPixels: number;
}

const TYPES: Record<string, TypeInfo> = {
  L2__NO2___: { label: 'NO2', institution: 'KNMI', processor: 'TROPNLL2DP', resolution: '5.5x3.5km2', groundPixels: 450 },
  L2__O3____: { label: 'O3 total column', institution: 'DLR-IMF', processor: 'UPAS', resolution: '5.5x3.5km2', groundPixels: 450 },
  L2__CO____: { label: 'CO Column', institution: 'KNMI/SRON', processor: 'TROPNLL2DP', resolution: '5.5x7km2', groundPixels: 215 },
  L2__CH4___: { label: 'CH4', institution: 'KNMI/SRON', processor: 'TROPNLL2DP', resolution: '5.5x7km2', groundPixels: 215 },
  L2__HCHO__: { label: 'HCHO', institution: 'BIRA-IASB/DLR-IMF', processor: 'UPAS', resolution: '5.5x3.5km2', groundPixels: 450 },
  L2__SO2___: { label: 'SO2', institution: 'BIRA-IASB/DLR-IMF', processor: 'UPAS', resolution: '5.5x3.5km2', groundPixels: 450 },
  L2__AER_AI: { label: 'Aerosol index', institution: 'KNMI', processor: 'TROPNLL2DP', resolution: '5.5x3.5km2', groundPixels: 450 },
  L2__CLOUD_: { label: 'Cloud', institution: 'DLR-IMF', processor: 'UPAS', resolution: '5.5x3.5km2', groundPixels: 450 },
};

const PROCESSOR_VERSION = '2.8.0';
const COLLECTION = '03';
const SWATH_HALF_KM = 1300;

export interface Sentinel5pPlan {
  name: string;
  type: string;
  info: TypeInfo;
  mode: 'OFFL' | 'NRTI';
  orbit: number;
  nameStartMs: number;
  nameStopMs: number;
  coverageStartMs: number;
  coverageEndMs: number;
  creationMs: number;
  footprint: number[][];
  trackingId: string;
  jobOrder: number;
}

export function planSentinel5p(rng: Random, request: SceneRequest): Sentinel5pPlan | undefined {
  const model = ORBIT_MODELS.S5P;
  const pass = findPass(
    model,
    request.dayMs,
    request.target,
    'ASCENDING',
    (p) => Math.abs(p.crossTrackKm) < SWATH_HALF_KM - 100,
    request.range,
  );
  if (!pass) return undefined;
  const [type, info] = rng.pick(Object.entries(TYPES));
  const mode = rng.chance(0.5) ? 'OFFL' : 'NRTI';
  const orbitStart = Math.floor(orbitStartMs(model, pass.orbit) / 1000) * 1000;
  const anxS = model.anxAfterStartS;
  let nameStartMs: number;
  let nameStopMs: number;
  let coverageStartMs: number;
  let coverageEndMs: number;
  if (mode === 'OFFL') {
    // Daylit half: from 70°S to 75°N on the ascending pass (u taken in −90°…90°, so southern points precede the node).
    const south = secondsAtLatitude(model, -70, 'ASCENDING') - model.periodS;
    nameStartMs = orbitStart;
    nameStopMs = orbitStart + Math.round(model.periodS) * 1000;
    coverageStartMs = Math.round(orbitStart + (anxS + south) * 1000);
    coverageEndMs = Math.round(orbitStart + (anxS + secondsAtLatitude(model, 75, 'ASCENDING')) * 1000);
  } else {
    const sinceStart = (pass.timeMs - orbitStart) / 1000;
    nameStartMs = orbitStart + Math.floor(sinceStart / 300) * 300_000;
    nameStopMs = nameStartMs + 300_000;
    coverageStartMs = nameStartMs - 6_000;
    coverageEndMs = nameStopMs + 6_000;
  }
  const edge = (km: number): number[][] => {
    const points: number[][] = [];
    const stepMs = mode === 'OFFL' ? 120_000 : 60_000;
    for (let t = coverageStartMs; t <= coverageEndMs; t += stepMs) {
      const g = groundPoint(model, pass.orbit, (t - orbitStart) / 1000 - anxS);
      points.push(destination(g.lon, g.lat, g.headingDeg + 90, km));
    }
    return points;
  };
  const left = edge(-SWATH_HALF_KM);
  const footprint = [...left, ...edge(SWATH_HALF_KM).reverse(), left[0] as number[]];
  const creationMs =
    Math.floor(coverageEndMs / 1000) * 1000 + rng.int(mode === 'NRTI' ? 1800 : 36 * 3600, mode === 'NRTI' ? 3 * 3600 : 80 * 3600) * 1000;
  const name = `S5P_${mode}_${type}_${compactUtc(nameStartMs)}_${compactUtc(nameStopMs)}_${String(pass.orbit).padStart(5, '0')}_${COLLECTION}_${PROCESSOR_VERSION.split(
    '.',
  )
    .map((v) => v.padStart(2, '0'))
    .join('')}_${compactUtc(creationMs)}.nc`;
  return {
    name,
    type,
    info,
    mode,
    orbit: pass.orbit,
    nameStartMs,
    nameStopMs,
    coverageStartMs,
    coverageEndMs,
    creationMs,
    footprint,
    trackingId: uuidFrom(rng.hex(32)),
    jobOrder: rng.int(700_000_000, 799_999_999),
  };
}

type Node = Group | Dataset;

type AttributeValue = string | number | ['i' | 'f' | 'd' | 'q' | 'scalar', number] | ['nul', string];

/**
 * How netCDF-C writes attributes: NC_CHAR as fixed-length ASCII strings without terminator, numbers as
 * one-element arrays. `scalar` and `nul` reproduce what the HDF5 dimension-scale API writes instead
 * (a scalar id; NUL-terminated CLASS and NAME strings).
 */
function attrs(node: Node, values: Record<string, AttributeValue>): void {
  for (const [key, value] of Object.entries(values)) {
    if (typeof value === 'string') node.create_attribute(key, value, null, `A${Math.max(1, Buffer.byteLength(value))}`);
    else if (typeof value === 'number') node.create_attribute(key, [value], [1], '<i');
    else if (value[0] === 'nul') node.create_attribute(key, value[1], null, `A${Buffer.byteLength(value[1]) + 1}`);
    else if (value[0] === 'scalar') node.create_attribute(key, value[1], null, '<i');
    else if (value[0] === 'q') node.create_attribute(key, new BigInt64Array([BigInt(value[1])]), [1], '<q');
    else node.create_attribute(key, [value[1]], [1], `<${value[0]}`);
  }
}

export async function writeSentinel5p(outDir: string, plan: Sentinel5pPlan, landMask: LandMask): Promise<DemoProduct> {
  await h5wasm.ready;
  const temp = temporaryPath(outDir, plan.name);
  await rm(temp, { force: true });
  // HDF5 stamps object headers with the wall-clock time (h5wasm cannot turn that off); the file's own
  // creation time keeps the bytes reproducible. Safe: the writes below are synchronous.
  const realNow = Date.now;
  Date.now = () => plan.creationMs;
  try {
    const file = new h5wasm.File(temp, 'w', { track_order: true });
    try {
      writeContent(file, plan, landMask);
    } finally {
      file.close();
    }
  } finally {
    Date.now = realNow;
  }
  await rename(temp, join(outDir, plan.name));
  return {
    name: plan.name,
    mission: 'SENTINEL-5P',
    productType: plan.type,
    platform: 'S5P',
    sensingStart: isoUtc(plan.coverageStartMs, 0),
    sensingEnd: isoUtc(plan.coverageEndMs, 0),
    orbitNumber: plan.orbit,
    orbitDirection: 'ASCENDING',
    footprint: plan.footprint,
  };
}

function writeContent(file: H5File, p: Sentinel5pPlan, landMask: LandMask): void {
  const info = p.info;
  const id = p.name.replace(/\.nc$/, '');
  const shortType = p.type.replace(/^L2__/, '');
  const start = isoUtc(p.coverageStartMs, 0);
  const end = isoUtc(p.coverageEndMs, 0);
  const created = isoUtc(p.creationMs, 0);
  const dayMs = Math.floor(p.coverageStartMs / 86400_000) * 86400_000;
  const span = p.mode === 'OFFL' ? '1-Orbit' : '5-minute';
  const title = `TROPOMI/S5P ${info.label} ${span} L2 Swath ${info.resolution.replace('km2', 'km')}`;
  const lats = p.footprint.map((c) => c[1] as number);
  const lons = p.footprint.map((c) => c[0] as number);
  attrs(file, {
    Conventions: 'CF-1.7',
    institution: info.institution,
    source: 'Sentinel 5 precursor, TROPOMI, space-borne remote sensing, L2',
    history: `${created.slice(0, 10)} ${created.slice(11, 19)} f_s5pops ${info.processor.toLowerCase()} /mnt/data1/storage_${p.mode.toLowerCase()}_l2/cache_${p.mode.toLowerCase()}_l2/WORKING-${p.jobOrder}/JobOrder.${p.jobOrder}.xml`,
    summary: title,
    tracking_id: p.trackingId,
    id,
    time_reference: isoUtc(dayMs, 0),
    time_reference_days_since_1950: Math.round((dayMs - Date.UTC(1950, 0, 1)) / 86400_000),
    time_reference_julian_day: ['d', dayMs / 86400_000 + 2440587.5],
    time_reference_seconds_since_1970: ['q', dayMs / 1000],
    time_coverage_start: start,
    time_coverage_end: end,
    time_coverage_duration: `PT${((p.coverageEndMs - p.coverageStartMs) / 1000).toFixed(3)}S`,
    time_coverage_resolution: 'PT0.840S',
    orbit: p.orbit,
    processor_version: PROCESSOR_VERSION,
    keywords_vocabulary: 'AGU index terms, http://publications.agu.org/author-resource-center/index-terms/',
    naming_authority: 'nl.knmi',
    cdm_data_type: 'Swath',
    date_created: created,
    creator_url: 'http://www.tropomi.eu',
    creator_email: 'EOSupport@Copernicus.esa.int',
    project: 'Sentinel 5 precursor/TROPOMI',
    geospatial_lat_min: ['f', Math.min(...lats)],
    geospatial_lat_max: ['f', Math.max(...lats)],
    geospatial_lon_min: ['f', Math.min(...lons)],
    geospatial_lon_max: ['f', Math.max(...lons)],
    license: 'No conditions apply',
    platform: 'S5P',
    sensor: 'TROPOMI',
    spatial_resolution: info.resolution,
    algorithm_version: PROCESSOR_VERSION,
    title,
    product_version: PROCESSOR_VERSION,
    processing_status: p.mode === 'OFFL' ? 'Nominal' : 'NRTI-processing product',
    comment: `eohub demo product: PRODUCT holds every ${SCANLINE_STEP}th scanline and every ${GROUND_PIXEL_STEP}th ground pixel of the swath`,
    _NCProperties: 'version=2,netcdf=4.7.4,hdf5=1.10.6',
  });
  const product = file.create_group('PRODUCT', true);
  const { scanlines, groundPixels } = sampledShape(p.mode === 'OFFL' ? 4172 : 357, info.groundPixels);
  const dims: [string, number][] = [
    ['scanline', scanlines],
    ['ground_pixel', groundPixels],
    ['corner', 4],
    ['time', 1],
  ];
  dims.forEach(([name, size], i) => {
    // Dimensions without variables, as netCDF-C stores them: dimension scales whose values mean nothing.
    const ds = product.create_dataset({ name, data: new Float32Array(size), shape: [size], dtype: '<f', chunks: [size], compression: 9 });
    attrs(ds, {
      CLASS: ['nul', 'DIMENSION_SCALE'],
      NAME: ['nul', `This is a netCDF dimension but not a netCDF variable.${String(size).padStart(10)}`],
      _Netcdf4Dimid: ['scalar', i],
    });
  });
  // Scanline times as planSentinel5p drew the footprint: seconds after the orbit's ascending node.
  const model = ORBIT_MODELS.S5P;
  const orbitStart = Math.floor(orbitStartMs(model, p.orbit) / 1000) * 1000;
  const secondsAfterNode = (ms: number): number => (ms - orbitStart) / 1000 - model.anxAfterStartS;
  writeSwathVariables(
    product,
    {
      type: p.type,
      orbit: p.orbit,
      firstS: secondsAfterNode(p.coverageStartMs),
      lastS: secondsAfterNode(p.coverageEndMs),
      scanlines,
      groundPixels,
    },
    landMask,
  );
  const metadata = file.create_group('METADATA', true);
  attrs(metadata.create_group('QA_STATISTICS', true), {
    global_processing_warnings: 'None',
    number_of_groundpixels: scanlines * groundPixels,
  });
  attrs(metadata.create_group('ALGORITHM_SETTINGS', true), {
    'configuration.version.algorithm': PROCESSOR_VERSION,
    'configuration.version.framework': PROCESSOR_VERSION,
    'output.1.type': p.type,
  });
  attrs(metadata.create_group('GRANULE_DESCRIPTION', true), {
    GranuleStart: start,
    GranuleEnd: end,
    InstrumentName: 'TROPOMI',
    MissionName: 'Sentinel-5 precursor',
    MissionShortName: 'S5P',
    ProcessLevel: '2',
    ProcessingCenter: 'PDGS-OP',
    ProcessingNode: `s5p-${p.mode === 'OFFL' ? 'off' : 'nrt'}-pn${String((p.jobOrder % 30) + 1).padStart(2, '0')}`,
    ProcessorVersion: PROCESSOR_VERSION,
    ProductFormatVersion: 20000,
    ProcessingMode: p.mode === 'OFFL' ? 'Offline' : 'Near-realtime',
    CollectionIdentifier: COLLECTION,
    LongitudeOfDaysideNadirEquatorCrossing: ['f', groundPoint(ORBIT_MODELS.S5P, p.orbit, 0).lon],
    ProductShortName: p.type,
  });
  writeIso(metadata.create_group('ISO_METADATA', true), p, title);
  writeEop(metadata.create_group('EOP_METADATA', true), p, id, shortType, info);
  const header = metadata.create_group('ESA_METADATA', true).create_group('earth_explorer_header', true);
  attrs(header, { objectType: 'Earth_Explorer_Header' });
  const fixedHeader = header.create_group('fixed_header', true);
  attrs(fixedHeader, {
    objectType: 'Fixed_Header',
    File_Name: id,
    File_Description: title,
    Notes: '',
    Mission: 'S5P',
    File_Class: p.mode,
    File_Type: p.type,
    File_Version: 1,
  });
  attrs(fixedHeader.create_group('validity_period', true), {
    objectType: 'Validity_Period',
    Validity_Start: `UTC=${start.slice(0, 19)}`,
    Validity_Stop: `UTC=${end.slice(0, 19)}`,
  });
  attrs(fixedHeader.create_group('source', true), {
    objectType: 'Source',
    System: 'PDGS-OP',
    Creator: info.processor,
    Creator_Version: PROCESSOR_VERSION,
    Creation_Date: `UTC=${created.slice(0, 19)}`,
  });
  attrs(header.create_group('variable_header', true), { objectType: 'Variable_Header' });
}

function writeIso(iso: Group, p: Sentinel5pPlan, title: string): void {
  attrs(iso, {
    'gmd:dateStamp': '2015-10-16',
    'gmd:fileIdentifier': `urn:ogc:def:EOP:ESA:SENTINEL.S5P_TROP_${p.type}`,
    'gmd:hierarchyLevelName': 'EO Product Collection',
    objectType: 'gmi:MI_Metadata',
  });
  const ident = iso.create_group('gmd:identificationInfo', true);
  attrs(ident, {
    'gmd:abstract': `${title}, observed at about 13:30 local solar time from spectra measured by TROPOMI`,
    objectType: 'gmd:MD_DataIdentification',
  });
  attrs(ident.create_group('gmd:citation', true), { 'gmd:title': title, objectType: 'gmd:CI_Citation' });
  const platform = iso.create_group('gmi:acquisitionInformation', true).create_group('gmi:platform', true);
  attrs(platform, { 'gmi:description': 'Sentinel 5 Precursor', objectType: 'gmi:MI_Platform' });
  attrs(platform.create_group('gmi:identifier', true), {
    'gmd:code': 'S5P',
    'gmd:codeSpace': 'http://www.esa.int/',
    objectType: 'gmd:RS_Identifier',
  });
}

function writeEop(eop: Group, p: Sentinel5pPlan, id: string, shortType: string, info: TypeInfo): void {
  attrs(eop, { 'gml:id': `${id}.ID`, objectType: 'atm:EarthObservation' });
  attrs(eop.create_group('om:phenomenonTime', true), {
    'gml:beginPosition': isoUtc(p.coverageStartMs, 0),
    'gml:endPosition': isoUtc(p.coverageEndMs, 0),
    objectType: 'gml:TimePeriod',
  });
  const procedure = eop.create_group('om:procedure', true);
  attrs(procedure, { 'gml:id': `${id}.EOE`, objectType: 'eop:EarthObservationEquipment' });
  attrs(procedure.create_group('eop:platform', true), { 'eop:shortName': 'Sentinel-5p', objectType: 'eop:Platform' });
  attrs(procedure.create_group('eop:instrument', true), { 'eop:shortName': 'TROPOMI', objectType: 'eop:Instrument' });
  attrs(procedure.create_group('eop:sensor', true), { 'eop:sensorType': 'ATMOSPHERIC', objectType: 'eop:Sensor' });
  attrs(procedure.create_group('eop:acquisitionParameters', true), { 'eop:orbitNumber': p.orbit, objectType: 'eop:Acquisition' });
  attrs(eop.create_group('om:observedProperty', true), { nilReason: 'inapplicable' });
  const foi = eop.create_group('om:featureOfInterest', true);
  attrs(foi, { objectType: 'eop:FootPrint', 'gml:id': `${id}.FP` });
  const multi = foi.create_group('eop:multiExtentOf', true);
  attrs(multi, { objectType: 'gml:MultiSurface' });
  const members = multi.create_group('gml:surfaceMembers', true);
  attrs(members, { objectType: 'gml:Polygon' });
  attrs(members.create_group('gml:exterior', true), { 'gml:posList': latLonList(p.footprint, 6), objectType: 'gml:LinearRing' });
  const meta = eop.create_group('eop:metaDataProperty', true);
  attrs(meta, {
    objectType: 'eop:EarthObservationMetaData',
    'eop:acquisitionType': 'NOMINAL',
    'eop:identifier': id,
    'eop:doi': 'N/A',
    'eop:parentIdentifier': `urn:ogc:def:EOP:ESA:SENTINEL.S5P_TROP_${p.type}`,
    'eop:productType': `S5P_${p.mode}_${shortType}`,
    'eop:status': 'ACQUIRED',
    'eop:productQualityStatus': 'NOMINAL',
    'eop:productQualityDegradationTag': 'NOT APPLICABLE',
  });
  attrs(meta.create_group('eop:processing', true), {
    objectType: 'eop:ProcessingInformation',
    'eop:processingCenter': 'PDGS-OP',
    'eop:processingDate': isoUtc(p.creationMs, 0).slice(0, 10),
    'eop:processingLevel': 'L2',
    'eop:processorName': info.processor,
    'eop:processorVersion': PROCESSOR_VERSION,
    'eop:nativeProductFormat': 'netCDF-4',
    'eop:processingMode': p.mode,
  });
}
