import { toIsoUtc } from './geometry.ts';
import {
  AttributeBag,
  attr,
  findSafeManifestPath,
  guessSafeMission,
  malformed,
  metadataObject,
  missingDataObjectWarnings,
  parseDouble,
  parseInteger,
  readJsonObject,
  readSafeCommon,
  readSafeManifest,
  safeMissionOf,
  safeNameFromFolder,
  type SafeCommon,
  type SafeManifest,
} from './safe-manifest.ts';
import { sentinel2Extractor } from './sentinel2.ts';
import type { Extractor, ProductMetadata, ProductSource } from './types.ts';
import { xmlFind, xmlFirstText, xmlText } from './xml.ts';

/**
 * Sentinel-1 SAFE products (L0 RAW, L1 SLC/GRD, L2 OCN), as `X.SAFE/` folders, extracted zips, or the
 * AWS `sentinel-s1-l1c` layout (`manifest.safe` + `productInfo.json` at the top, files renamed).
 * Everything comes from manifest.safe (Sentinel-1 Product Specification, S1-RS-MDA-52-7441); the
 * name and the GRD resolution class, which the manifest does not hold, come from productInfo.json or,
 * failing that, the folder or arrival name.
 */
export const sentinel1Extractor: Extractor = {
  id: 'sentinel-1-safe',

  matches(source) {
    const manifest = findSafeManifestPath(source);
    // A lone manifest.safe under an uninformative name is claimed here; extract() hands it over to the
    // Sentinel-2 extractor if its content says so.
    if (manifest === undefined) return false;
    const guess = guessSafeMission(source, manifest);
    return guess === 'S1' || guess === undefined;
  },

  async extract(source) {
    const path = findSafeManifestPath(source);
    if (path === undefined) throw malformed('the product has no manifest.safe');
    const manifest = await readSafeManifest(source, path);
    const common = readSafeCommon(manifest);
    const mission = safeMissionOf(common);
    if (mission === 'S2') return sentinel2Extractor.extract(source);
    if (mission !== 'S1') {
      throw malformed(`${path} names neither Sentinel-1 nor Sentinel-2 as its platform (${common.familyName ?? 'none'})`);
    }
    const aws = await readProductInfo(source, manifest.root);
    return describeProduct(source, manifest, common, aws);
  },
};

/** The parts of the AWS `productInfo.json` that the manifest cannot give. */
interface AwsProductInfo {
  id: string | undefined;
  resolution: string | undefined;
  /** Manifest path → path in this layout. */
  filenameMap: Map<string, string>;
}

function describeProduct(
  source: ProductSource,
  manifest: SafeManifest,
  common: SafeCommon,
  aws: AwsProductInfo | undefined,
): ProductMetadata {
  const general = metadataObject(manifest, 'generalProductInformation');
  const platform = metadataObject(manifest, 'platform');
  const name = aws?.id !== undefined ? `${aws.id.replace(/\.SAFE$/i, '')}.SAFE` : safeNameFromFolder(source, manifest);
  const mode = xmlFirstText(platform, 'mode');
  const swaths = texts(xmlFind(platform, 'swath'));
  const type = xmlFirstText(general, 'productType');
  const productClass = xmlFirstText(general, 'productClass');
  if (mode === undefined || type === undefined || productClass === undefined) {
    throw malformed(`${manifest.path} lacks the instrument mode, product type or product class`);
  }
  const level = /level-(\d)/.exec(attr(xmlFind(manifest.doc, 'XFDU')[0], 'version') ?? '')?.[1] ?? LEVEL_OF_TYPE[type];
  if (level === undefined) throw malformed(`${manifest.path}: cannot tell the processing level of a ${type} product`);
  const productType = cdseProductType(mode, swaths, type, resolutionOf(type, name, aws), level, productClass);
  if (common.startTime === undefined || common.stopTime === undefined) {
    throw malformed(`${manifest.path} lacks the acquisition start or stop time`);
  }
  const sensingStart = toIsoUtc(common.startTime);
  const sensingEnd = toIsoUtc(common.stopTime);

  const a = new AttributeBag();
  a.string('productType', productType);
  a.string('platformShortName', common.familyName);
  a.string('platformSerialIdentifier', common.number);
  a.string('instrumentShortName', common.instrument);
  a.string('operationalMode', mode);
  a.string('swathIdentifier', swaths.join(' '));
  // CDSE joins the channels with '&' ("VV&VH").
  a.string('polarisationChannels', texts(xmlFind(general, 'transmitterReceiverPolarisation')).join('&'));
  a.integer('orbitNumber', common.orbitNumber);
  a.integer('relativeOrbitNumber', common.relativeOrbitNumber);
  a.string('orbitDirection', common.orbitDirection);
  a.integer('cycleNumber', common.cycleNumber);
  a.integer('datatakeID', parseInteger(xmlFirstText(general, 'missionDataTakeID')));
  a.integer('instrumentConfigurationID', parseInteger(xmlFirstText(general, 'instrumentConfigurationID')));
  a.string('productClass', productClass);
  a.string('productComposition', xmlFirstText(general, 'productComposition'));
  a.string('timeliness', xmlFirstText(general, 'productTimelinessCategory'));
  a.string('processingLevel', `LEVEL${level}`);
  a.boolean('sliceProductFlag', xmlFirstText(general, 'sliceProductFlag'));
  a.integer('sliceNumber', parseInteger(xmlFirstText(general, 'sliceNumber')));
  a.integer('totalSlices', parseInteger(xmlFirstText(general, 'totalSlices')));
  a.dateTime('segmentStartTime', xmlFirstText(general, 'segmentStartTime'));
  const anx = metadataObject(manifest, 'acquisitionPeriod');
  a.double('startTimeFromAscendingNode', parseDouble(xmlFirstText(anx, 'startTimeANX')));
  a.double('completionTimeFromAscendingNode', parseDouble(xmlFirstText(anx, 'stopTimeANX')));
  a.string('processingCenter', common.processing.facility);
  a.string('processorName', common.processing.software);
  a.string('processorVersion', common.processing.softwareVersion);
  // The product was finished when its outermost processing step stopped.
  a.dateTime('processingDate', common.processing.stop ?? common.processing.start);
  a.dateTime('beginningDateTime', sensingStart);
  a.dateTime('endingDateTime', sensingEnd);

  const footprint = common.footprint;
  const warnings = missingDataObjectWarnings(source, manifest, aws ? (p) => aws.filenameMap.get(p) ?? p : undefined);
  if (footprint === null) warnings.push(`${manifest.path} has no footprint`);
  return {
    collection: 'SENTINEL-1',
    name,
    sensingStart,
    sensingEnd,
    footprint,
    attributes: a.values,
    layout: { mission: 'Sentinel-1', instrument: 'SAR', productType },
    warnings,
  };
}

const LEVEL_OF_TYPE: Record<string, string> = { RAW: '0', SLC: '1', GRD: '1', OCN: '2' };

/**
 * CDSE's productType is the name's type field plus level and class: `IW_GRDH_1S`, `IW_SLC__1S`,
 * `EW_GRDM_1S`, `WV_OCN__2S`. Stripmap products carry their swath (S1…S6) where other modes carry the
 * mode, as in their names.
 */
function cdseProductType(mode: string, swaths: string[], type: string, resolution: string, level: string, productClass: string): string {
  const beam = mode === 'SM' ? (swaths[0] ?? mode) : mode;
  return `${beam}_${(type + resolution).padEnd(4, '_')}_${level}${productClass}`;
}

/** GRD resolution class (F/H/M): AWS productInfo.json, else the product name. Other types have none. */
function resolutionOf(type: string, name: string, aws: AwsProductInfo | undefined): string {
  if (type !== 'GRD') return '';
  const fromAws = aws?.resolution;
  if (fromAws !== undefined && /^[FHM]$/.test(fromAws)) return fromAws;
  const fromName = /^S1[A-D_]_\w\w_GRD([FHM])_/.exec(name)?.[1];
  if (fromName === undefined) {
    throw malformed(`the resolution class of GRD product ${name} is in neither productInfo.json nor its name`);
  }
  return fromName;
}

async function readProductInfo(source: ProductSource, root: string): Promise<AwsProductInfo | undefined> {
  const path = root === '' ? 'productInfo.json' : `${root}/productInfo.json`;
  if (!source.files.some((f) => f.path === path)) return undefined;
  const info = await readJsonObject(source, path);
  const filenameMap = new Map<string, string>();
  const map = info['filenameMap'];
  if (map !== null && typeof map === 'object') {
    for (const [from, to] of Object.entries(map)) if (typeof to === 'string') filenameMap.set(from, to);
  }
  // Older productInfo.json describe a derived (RTC) product here; only a GRD's resolution class is ours.
  const resolution = info['productType'] === 'GRD' && typeof info['resolution'] === 'string' ? info['resolution'] : undefined;
  return {
    id: typeof info['id'] === 'string' && /^S1[A-D_]_/.test(info['id']) ? info['id'] : undefined,
    resolution,
    filenameMap,
  };
}

function texts(nodes: unknown[]): string[] {
  return nodes.map((n) => xmlText(n)).filter((t): t is string => t !== undefined && t !== '');
}
