import { polygon, ringFromLatLonList, ringFromLatLonPairs, toIsoUtc } from './geometry.ts';
import { dirOf, findFiles } from './product-source.ts';
import {
  AttributeBag,
  attr,
  malformed,
  metadataObject,
  missingDataObjectWarnings,
  parseDouble,
  parseInteger,
  readSafeCommon,
  readSafeManifest,
  type SafeManifest,
} from './safe-manifest.ts';
import type { Extractor, FootprintGeometry, ProductMetadata, ProductSource } from './types.ts';
import { xmlFind, xmlFirstText, xmlText } from './xml.ts';

/**
 * Sentinel-3 products (OLCI, SLSTR, SRAL, MWR, SYNERGY) as `X.SEN3/` folders or extracted zips.
 * Everything comes from `xfdumanifest.xml` (Sentinel-3 PDGS "SAFE format" specification, the XFDU
 * profile with `sentinel-safe:` DMD objects and a `sentinel3:` product-information extension).
 * Sentinel-6 uses the same profile with `sentinel6:`; the shared reader below serves both.
 */
export const sentinel3Extractor: Extractor = {
  id: 'sentinel-3-sen3',

  matches(source) {
    const path = findXfduManifestPath(source);
    // A manifest under an uninformative name is claimed here; extract() hands it to the Sentinel-6
    // extractor if its content says so.
    return path !== undefined && guessXfduMission(source, path) !== 'S6';
  },

  async extract(source) {
    const manifest = await readXfduManifest(source);
    const mission = xfduMissionOf(manifest);
    if (mission === 'S6') {
      // Loaded on demand: sentinel6.ts builds on this module, so a static import would be circular.
      const { sentinel6Extractor } = await import('./sentinel6.ts');
      return sentinel6Extractor.extract(source);
    }
    if (mission !== 'S3') throw malformed(`${manifest.path} does not describe a Sentinel-3 product`);
    return describeXfduProduct(source, manifest, { collection: 'SENTINEL-3', mission: 'Sentinel-3', suffix: '.SEN3', typeLength: 11 });
  },
};

export type XfduMission = 'S3' | 'S6';

/** The shallowest `xfdumanifest.xml`, or undefined. */
export function findXfduManifestPath(source: ProductSource): string | undefined {
  return findFiles(source, /^xfdumanifest\.xml$/)[0]?.path;
}

/**
 * Which mission an XFDU product belongs to, from names only (what `matches()` may use): the folder
 * holding the manifest, then the files beside it (Sentinel-6 data files carry the mission prefix,
 * Sentinel-3 ones never do), then the name the product arrived under.
 */
export function guessXfduMission(source: ProductSource, manifestPath: string): XfduMission | undefined {
  const root = dirOf(manifestPath);
  const fromFolder = missionOfName(root.split('/').pop() ?? '');
  if (fromFolder) return fromFolder;
  const prefix = root === '' ? '' : `${root}/`;
  const s6File = source.files.some(
    (f) => f.path.startsWith(prefix) && /^S6[A-Z_]_/.test(f.path.slice(prefix.length).split('/').pop() ?? ''),
  );
  if (s6File) return 'S6';
  return missionOfName(source.arrivalName);
}

function missionOfName(name: string): XfduMission | undefined {
  if (/^S3[A-Z_]_/.test(name) || /\.SEN3$/i.test(name)) return 'S3';
  if (/^S6[A-Z_]_/.test(name) || /\.SEN6$/i.test(name)) return 'S6';
  return undefined;
}

export async function readXfduManifest(source: ProductSource): Promise<SafeManifest> {
  const path = findXfduManifestPath(source);
  if (path === undefined) throw malformed('the product has no xfdumanifest.xml');
  return readSafeManifest(source, path);
}

/** The mission a manifest describes by its content: the platform's family name, else the XFDU profile. */
export function xfduMissionOf(manifest: SafeManifest): XfduMission | undefined {
  const family = readSafeCommon(manifest).familyName ?? '';
  const profile = attr(xmlFind(manifest.doc, 'XFDU')[0], 'version') ?? '';
  if (/sentinel-?3/i.test(family) || (family === '' && /sentinel-3\//.test(profile))) return 'S3';
  if (/sentinel-?6/i.test(family) || (family === '' && /sentinel-6\//.test(profile))) return 'S6';
  return undefined;
}

export interface XfduMissionProfile {
  collection: string;
  /** First part of the storage layout (reference/cdse.md §5). */
  mission: string;
  /** Extension of product names. */
  suffix: string;
  /** Length of the product type field in names; shorter manifest values are padded with '_' as CDSE shows them. */
  typeLength: number;
}

/** Describes a Sentinel-3 or Sentinel-6 XFDU product from its manifest (CDSE attribute names, reference/cdse.md §1.6). */
export function describeXfduProduct(source: ProductSource, manifest: SafeManifest, profile: XfduMissionProfile): ProductMetadata {
  const common = readSafeCommon(manifest);
  const general = metadataObject(manifest, 'generalProductInformation');
  const rawType = xmlFirstText(general, 'productType');
  const instrument = common.instrument;
  if (rawType === undefined || instrument === undefined) {
    throw malformed(`${manifest.path} lacks the product type or the instrument`);
  }
  if (common.startTime === undefined || common.stopTime === undefined) {
    throw malformed(`${manifest.path} lacks the acquisition start or stop time`);
  }
  const productType = rawType.padEnd(profile.typeLength, '_');
  const sensingStart = toIsoUtc(common.startTime);
  const sensingEnd = toIsoUtc(common.stopTime);
  const orbit = metadataObject(manifest, 'measurementOrbitReference');

  const a = new AttributeBag();
  a.string('productType', productType);
  a.string('platformShortName', common.familyName?.toUpperCase());
  a.string('platformSerialIdentifier', common.number);
  a.string('instrumentShortName', instrument);
  a.string('operationalMode', xmlFirstText(metadataObject(manifest, 'platform'), 'mode'));
  a.string('timeliness', xmlFirstText(general, 'timeliness'));
  a.string('baselineCollection', xmlFirstText(general, 'baselineCollection'));
  a.string('processingLevel', processingLevelOf(manifest, productType));
  a.integer('orbitNumber', common.orbitNumber);
  a.integer('relativeOrbitNumber', common.relativeOrbitNumber);
  a.string('orbitDirection', common.orbitDirection);
  a.integer('cycleNumber', common.cycleNumber);
  // Long products (S3 ERR/LRR, S6 passes) span two orbits: the manifest gives the stop one too.
  const stopOrbit = xmlFind(orbit, 'orbitNumber').find((n) => attr(n, 'type') === 'stop');
  a.integer('lastOrbitNumber', parseInteger(xmlText(stopOrbit)));
  a.string('lastOrbitDirection', attr(stopOrbit, 'groundTrackDirection')?.toUpperCase());
  const stopRelative = xmlFind(orbit, 'relativeOrbitNumber').find((n) => attr(n, 'type') === 'stop');
  a.integer('lastRelativeOrbitNumber', parseInteger(xmlText(stopRelative)));
  addCoverAttributes(manifest, a);
  a.string('processingCenter', common.processing.facility);
  a.string('processorName', common.processing.software);
  a.string('processorVersion', common.processing.softwareVersion);
  a.dateTime('processingDate', xmlFirstText(general, 'creationTime') ?? common.processing.stop);
  a.dateTime('beginningDateTime', sensingStart);
  a.dateTime('endingDateTime', sensingEnd);

  const footprint = readFootprint(metadataObject(manifest, 'measurementFrameSet'));
  const warnings = missingDataObjectWarnings(source, manifest);
  if (footprint === null) warnings.push(`${manifest.path} has no footprint`);
  return {
    collection: profile.collection,
    name: productName(source, manifest, profile.suffix),
    sensingStart,
    sensingEnd,
    footprint,
    attributes: a.values,
    layout: { mission: profile.mission, instrument, productType },
    warnings,
  };
}

/** The name the manifest gives the product, else its folder's or arrival name, with the mission's extension. */
function productName(source: ProductSource, manifest: SafeManifest, suffix: string): string {
  const fromManifest = xmlFirstText(metadataObject(manifest, 'generalProductInformation'), 'productName');
  const folder = manifest.root.split('/').pop() ?? '';
  const base = fromManifest ?? (folder !== '' ? folder : source.arrivalName);
  const name = `${base.replace(/\.zip$/i, '').replace(/\.SEN\d$/i, '')}${suffix}`;
  if (/[/\\]/.test(name) || name.startsWith('.'))
    throw malformed(`${manifest.path}: product name ${JSON.stringify(base)} is not a file name`);
  return name;
}

/** The digit CDSE shows (`1`, `2`): from the XFDU profile (`.../level-2/1.0`), else from the product type (`OL_1_...`). */
function processingLevelOf(manifest: SafeManifest, productType: string): string | undefined {
  const profile = attr(xmlFind(manifest.doc, 'XFDU')[0], 'version') ?? '';
  return /\/level-(\d)/.exec(profile)?.[1] ?? /^[A-Z0-9]{2}_(\d)/.exec(productType)?.[1];
}

/** Classification summary `<sentinel3:xxxPixels percentage="..."/>` (OLCI, SLSTR, SYNERGY) → CDSE *Cover attributes. */
const PIXEL_COVER: Record<string, string> = {
  cloudyPixels: 'cloudCover',
  landPixels: 'landCover',
  brightPixels: 'brightCover',
  coastalPixels: 'coastalCover',
  freshInlandWaterPixels: 'freshInlandWaterCover',
  salineWaterPixels: 'salineWaterCover',
  snowOrIcePixels: 'snowOrIceCover',
  tidalRegionPixels: 'tidalRegionCover',
};

/** Altimeter surface percentages (`sral:` / `alt:`), whole numbers; CDSE types most of them Integer. */
const ALTIMETER_COVER: Record<string, { name: string; type: 'Integer' | 'Double' }> = {
  landPercentage: { name: 'landCover', type: 'Double' },
  closedSeaPercentage: { name: 'closedSeaCover', type: 'Integer' },
  continentalIcePercentage: { name: 'continentalIceCover', type: 'Integer' },
  openOceanPercentage: { name: 'openOceanCover', type: 'Integer' },
};

function addCoverAttributes(manifest: SafeManifest, a: AttributeBag): void {
  const section = xmlFind(manifest.doc, 'metadataSection')[0];
  for (const [element, name] of Object.entries(PIXEL_COVER)) {
    a.double(name, parseDouble(attr(xmlFind(section, element)[0], 'percentage')));
  }
  for (const [element, { name, type }] of Object.entries(ALTIMETER_COVER)) {
    if (name in a.values) continue;
    const value = parseDouble(xmlFirstText(section, element));
    if (type === 'Double') a.double(name, value);
    else a.integer(name, value === undefined ? undefined : Math.round(value));
  }
}

/** `gml:posList` ("lat lon ...") of each `footPrint`, or `gml:coordinates` in older products; several make a MultiPolygon. */
function readFootprint(frameSet: unknown): FootprintGeometry | null {
  const rings = [
    ...xmlFind(frameSet, 'posList').map((n) => ({ text: xmlText(n), pairs: false })),
    ...xmlFind(frameSet, 'coordinates').map((n) => ({ text: xmlText(n), pairs: true })),
  ]
    .filter((r): r is { text: string; pairs: boolean } => r.text !== undefined && r.text.trim() !== '')
    .map((r) => (r.pairs && r.text.includes(',') ? ringFromLatLonPairs(r.text) : ringFromLatLonList(r.text)));
  const [first] = rings;
  if (first === undefined) return null;
  if (rings.length === 1) return polygon(first);
  return { type: 'MultiPolygon', coordinates: rings.map((r) => [r]) };
}
