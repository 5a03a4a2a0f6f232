import { closeRing, polygon, ringFromLatLonList, toIsoUtc } from './geometry.ts';
import { dirOf, findFiles } from './product-source.ts';
import { tileGrids } from './raster-grid.ts';
import {
  AttributeBag,
  attr,
  findSafeManifestPath,
  footprintOfRings,
  guessSafeMission,
  malformed,
  missingDataObjectWarnings,
  numberAt,
  parseDouble,
  parseInteger,
  readJsonObject,
  readSafeCommon,
  readSafeManifest,
  safeMissionOf,
  safeNameFromFolder,
  stringAt,
  type SafeCommon,
  type SafeManifest,
} from './safe-manifest.ts';
import type { Extractor, FootprintGeometry, ProductMetadata, ProductSource, RasterGrid } from './types.ts';
import { geoJsonPolygonToLonLat, ringToLonLat } from './utm.ts';
import { parseXml, xmlFind, xmlFirstText, xmlText } from './xml.ts';

/**
 * Sentinel-2 MSI L1C/L2A products in every layout seen in the wild: a full or partial SAFE (product MTD
 * `MTD_MSIL1C.xml`/`MTD_MSIL2A.xml`, `manifest.safe`, `GRANULE/<granule>/MTD_TL.xml`, any subset of them), the
 * pre-2016 SAFE (`S2A_OPER_MTD_SAFL1C_….xml`), and the AWS layouts (`metadata.xml` + `tileInfo.json` for a
 * tile, `metadata.xml` + `productInfo.json` for a product). Each value is taken from the most
 * authoritative file that has it (product MTD, then manifest, then tile MTD, then the AWS JSON); the
 * product name is parsed only when no file states a value.
 */
export const sentinel2Extractor: Extractor = {
  id: 'sentinel-2',

  matches(source) {
    if (findFiles(source, PRODUCT_MTD).length > 0 || findAwsMetadata(source) !== undefined) return true;
    const manifest = findSafeManifestPath(source);
    return manifest !== undefined && guessSafeMission(source, manifest) === 'S2';
  },

  async extract(source) {
    const parts = await readParts(source);
    if (!parts.product && !parts.manifest && !parts.tile) {
      throw malformed('the product has none of MTD_MSIL1C/2A.xml, manifest.safe, MTD_TL.xml or metadata.xml');
    }
    return describeProduct(source, parts);
  },
};

const PRODUCT_MTD = /^(MTD_MSIL(1C|2A)|S2[A-D]_OPER_MTD_SAFL(1C|2A)_.*)\.xml$/i;
const COMPACT_NAME = /^S2[A-D]_MSIL(1C|2A)_\d{8}T\d{6}_N\d{4}_R\d{3}_T\d{2}[A-Z]{3}_\d{8}T\d{6}$/;
const TILE_MTD = /^(MTD_TL|S2[A-D]_OPER_MTD_L(1C|2A)_TL_.*)\.xml$/i;

interface ProductMtd {
  uri: string | undefined;
  start: string | undefined;
  stop: string | undefined;
  productType: string | undefined;
  baseline: string | undefined;
  generationTime: string | undefined;
  datatakeId: string | undefined;
  spacecraft: string | undefined;
  datatakeType: string | undefined;
  relativeOrbit: number | undefined;
  orbitDirection: string | undefined;
  granuleIds: string[];
  datastripIds: string[];
  footprint: FootprintGeometry | null;
  cloudCover: number | undefined;
}

interface TileMtd {
  level: string | undefined;
  tileId: string | undefined;
  datastripId: string | undefined;
  sensingTime: string | undefined;
  cloudCover: number | undefined;
  footprint: FootprintGeometry | null;
  grids: RasterGrid[];
}

interface Parts {
  /** Whether the product is a SAFE (an MTD_MSIL*.xml or a manifest.safe), not an AWS layout. */
  safe: boolean;
  product: ProductMtd | undefined;
  manifest: { manifest: SafeManifest; common: SafeCommon } | undefined;
  tile: TileMtd | undefined;
  tileInfo: Record<string, unknown> | undefined;
}

/** The AWS `metadata.xml` when it sits beside a `tileInfo.json` or `productInfo.json`. */
function findAwsMetadata(source: ProductSource): string | undefined {
  return findFiles(source, /^metadata\.xml$/).find((f) => {
    const dir = dirOf(f.path);
    const sibling = (name: string): boolean => source.files.some((g) => g.path === (dir === '' ? name : `${dir}/${name}`));
    return sibling('tileInfo.json') || sibling('productInfo.json');
  })?.path;
}

async function readParts(source: ProductSource): Promise<Parts> {
  let productDoc: Record<string, unknown> | undefined;
  let tileDoc: Record<string, unknown> | undefined;
  const productPath = findFiles(source, PRODUCT_MTD)[0]?.path;
  if (productPath !== undefined) productDoc = parseXml(await source.readFile(productPath), productPath);
  const tilePath = findFiles(source, TILE_MTD)[0]?.path;
  if (tilePath !== undefined) tileDoc = parseXml(await source.readFile(tilePath), tilePath);
  const awsPath = findAwsMetadata(source);
  let tileInfo: Record<string, unknown> | undefined;
  if (awsPath !== undefined) {
    // The AWS metadata.xml is the product MTD or the tile MTD, renamed: its root element tells which.
    const doc = parseXml(await source.readFile(awsPath), awsPath);
    if (rootName(doc).endsWith('_User_Product')) productDoc ??= doc;
    else if (rootName(doc).endsWith('_Tile_ID')) tileDoc ??= doc;
    else throw malformed(`${awsPath} is neither a Sentinel-2 product nor a tile metadata file`);
    const tileInfoPath = `${dirOf(awsPath) === '' ? '' : `${dirOf(awsPath)}/`}tileInfo.json`;
    if (source.files.some((f) => f.path === tileInfoPath)) tileInfo = await readJsonObject(source, tileInfoPath);
  }
  const manifestPath = findSafeManifestPath(source);
  let manifest: Parts['manifest'];
  if (manifestPath !== undefined) {
    const m = await readSafeManifest(source, manifestPath);
    const common = readSafeCommon(m);
    if (safeMissionOf(common) === 'S1') throw malformed(`${manifestPath} describes a Sentinel-1 product`);
    manifest = { manifest: m, common };
  }
  return {
    safe: productPath !== undefined || manifest !== undefined,
    product: productDoc && readProductMtd(productDoc),
    manifest,
    tile: tileDoc && readTileMtd(tileDoc),
    tileInfo,
  };
}

function readProductMtd(doc: Record<string, unknown>): ProductMtd {
  const granules = [...xmlFind(doc, 'Granule'), ...xmlFind(doc, 'Granules')];
  const ids = (name: string): string[] => granules.map((g) => attr(g, name)).filter((v): v is string => v !== undefined);
  const rings = xmlFind(xmlFind(doc, 'Global_Footprint'), 'EXT_POS_LIST')
    .map((n) => xmlText(n))
    .filter((t): t is string => t !== undefined && t !== '')
    .map((t) => ringFromLatLonList(t, positionDims(t)));
  return {
    uri: xmlFirstText(doc, 'PRODUCT_URI'),
    start: xmlFirstText(doc, 'PRODUCT_START_TIME'),
    stop: xmlFirstText(doc, 'PRODUCT_STOP_TIME'),
    productType: xmlFirstText(doc, 'PRODUCT_TYPE'),
    baseline: xmlFirstText(doc, 'PROCESSING_BASELINE'),
    generationTime: xmlFirstText(doc, 'GENERATION_TIME'),
    datatakeId: attr(xmlFind(doc, 'Datatake')[0], 'datatakeIdentifier'),
    spacecraft: xmlFirstText(doc, 'SPACECRAFT_NAME'),
    datatakeType: xmlFirstText(doc, 'DATATAKE_TYPE'),
    relativeOrbit: parseInteger(xmlFirstText(doc, 'SENSING_ORBIT_NUMBER')),
    orbitDirection: xmlFirstText(doc, 'SENSING_ORBIT_DIRECTION')?.toUpperCase(),
    granuleIds: [...new Set(ids('granuleIdentifier'))],
    datastripIds: [...new Set(ids('datastripIdentifier'))],
    footprint: footprintOfRings(rings),
    cloudCover: parseDouble(xmlFirstText(doc, 'Cloud_Coverage_Assessment')),
  };
}

/**
 * EXT_POS_LIST holds "lat lon" pairs, or "lat lon height" triples in some L2A MTDs (heights all 0, and
 * the T11SLT sample even ends on a pair without its height).
 */
function positionDims(text: string): number {
  const values = text.trim().split(/\s+/);
  const heights = values.filter((_, i) => i % 3 === 2);
  return heights.length >= 3 && heights.every((v) => Number(v) === 0) ? 3 : 2;
}

function readTileMtd(doc: Record<string, unknown>): TileMtd {
  return {
    level: /Level-(1C|2A)_Tile_ID$/.exec(rootName(doc))?.[1],
    tileId: xmlFirstText(doc, 'TILE_ID'),
    datastripId: xmlFirstText(doc, 'DATASTRIP_ID'),
    sensingTime: xmlFirstText(doc, 'SENSING_TIME'),
    cloudCover: parseDouble(xmlFirstText(doc, 'CLOUDY_PIXEL_PERCENTAGE')),
    footprint: tileGeocodingFootprint(doc),
    grids: tileGrids(doc),
  };
}

/** The tile's full square from its geocoding (10 m grid origin and size), when nothing better exists. */
function tileGeocodingFootprint(doc: Record<string, unknown>): FootprintGeometry | null {
  const geocoding = xmlFind(doc, 'Tile_Geocoding')[0];
  const crs = xmlFirstText(geocoding, 'HORIZONTAL_CS_CODE');
  const at10 = (name: string): unknown => xmlFind(geocoding, name).find((n) => attr(n, 'resolution') === '10');
  const ulx = parseDouble(xmlFirstText(at10('Geoposition'), 'ULX'));
  const uly = parseDouble(xmlFirstText(at10('Geoposition'), 'ULY'));
  const rows = parseInteger(xmlFirstText(at10('Size'), 'NROWS'));
  const cols = parseInteger(xmlFirstText(at10('Size'), 'NCOLS'));
  if (crs === undefined || ulx === undefined || uly === undefined || rows === undefined || cols === undefined) return null;
  const [e, s] = [ulx + cols * 10, uly - rows * 10];
  return polygon(
    closeRing(
      ringToLonLat(
        [
          [ulx, uly],
          [e, uly],
          [e, s],
          [ulx, s],
        ],
        crs,
      ),
    ),
  );
}

/** The AWS tile's footprint: its data area if given, else the whole tile, converted from its UTM CRS. */
function tileInfoFootprint(tileInfo: Record<string, unknown> | undefined): FootprintGeometry | undefined {
  return (
    geoJsonPolygonToLonLat(tileInfo?.['tileDataGeometry'], 'tileInfo.json tileDataGeometry') ??
    geoJsonPolygonToLonLat(tileInfo?.['tileGeometry'], 'tileInfo.json tileGeometry')
  );
}

function describeProduct(source: ProductSource, { safe, product, manifest, tile, tileInfo }: Parts): ProductMetadata {
  const common = manifest?.common;
  const tileInfoName = stringAt(tileInfo, ['productName']);
  const id =
    withoutSafe(product?.uri) ??
    // An old multi-tile product's name would be shared by all its tiles: only a single-tile name will do.
    (COMPACT_NAME.test(tileInfoName ?? '') ? tileInfoName : undefined) ??
    withoutSafe(manifest ? safeNameFromFolder(source, manifest.manifest) : source.arrivalName.replace(/\.zip$/i, ''));
  if (id === undefined) throw malformed('the product states no name (PRODUCT_URI, tileInfo.json productName) and arrived unnamed');
  // AWS layouts (metadata.xml + JSON) are not SAFE and are not named as if they were.
  const name = safe ? `${id}.SAFE` : id;
  // Identifiers the files hold carry tile, orbit, baseline and platform; only a single-tile product's count.
  const granuleId = product ? single(product.granuleIds) : tile?.tileId;
  const datastripId = (product ? single(product.datastripIds) : tile?.datastripId) ?? stringAt(tileInfo, ['datastrip', 'id']);
  const granuleFolder = manifest ? single(manifestGranuleFolders(manifest.manifest)) : undefined;
  const fileIds = [granuleId, datastripId, granuleFolder].filter((v): v is string => v !== undefined);
  const multiTile = (product?.granuleIds.length ?? 0) > 1;
  const lastResort = multiTile ? [] : [tileInfoName, name];

  const start = product?.start ?? common?.startTime ?? tile?.sensingTime ?? stringAt(tileInfo, ['timestamp']);
  if (start === undefined) throw malformed(`${name}: no sensing time in any of its metadata files`);
  const sensingStart = toIsoUtc(start);
  const sensingEnd = toIsoUtc(product?.stop ?? common?.stopTime ?? start);

  const level =
    first([product?.productType], /^S2MSI(1C|2A)$/) ??
    (manifest ? first([manifestLevelText(manifest.manifest)], /(?:Level-|_l)(1C|2A)(?:\b|_)/i)?.toUpperCase() : undefined) ??
    tile?.level ??
    first(fileIds, /_MSI_L(1C|2A)_/) ??
    first(lastResort, /_MSIL(1C|2A)_/);
  if (level === undefined) throw malformed(`${name}: cannot tell whether it is a Level-1C or Level-2A product`);
  const productType = `S2MSI${level}`;

  const tileId = first(fileIds, /_T(\d{2}[A-Z]{3})(_|$)/) ?? awsTileId(tileInfo) ?? first(lastResort, /_T(\d{2}[A-Z]{3})_/);

  const a = new AttributeBag();
  a.string('productType', productType);
  a.string('processingLevel', productType);
  a.string('platformShortName', 'SENTINEL-2');
  a.string(
    'platformSerialIdentifier',
    /Sentinel-2([A-D])$/i.exec(product?.spacecraft ?? '')?.[1] ??
      /^2([A-D])$/.exec(common?.number ?? '')?.[1] ??
      first(fileIds, /^S2([A-D])_/) ??
      first(lastResort, /^S2([A-D])_/),
  );
  a.string('instrumentShortName', 'MSI');
  a.string('tileId', tileId);
  a.double('cloudCover', product?.cloudCover ?? tile?.cloudCover ?? numberAt(tileInfo, ['cloudyPixelPercentage']));
  a.integer(
    'orbitNumber',
    common?.orbitNumber ?? parseInteger(first(fileIds, /_A(\d{6})_/)) ?? parseInteger(/_(\d{6})_N\d/.exec(product?.datatakeId ?? '')?.[1]),
  );
  a.integer('relativeOrbitNumber', product?.relativeOrbit ?? common?.relativeOrbitNumber ?? parseInteger(first(lastResort, /_R(\d{3})_/)));
  a.string('orbitDirection', product?.orbitDirection ?? common?.orbitDirection);
  a.string('operationalMode', product?.datatakeType);
  a.string('processingBaseline', product?.baseline ?? first(fileIds, /_N(\d{2}\.\d{2})$/) ?? baselineOfName(lastResort));
  a.string('granuleIdentifier', granuleId);
  a.string('datastripId', datastripId);
  a.string('productGroupId', product?.datatakeId);
  a.dateTime('processingDate', product?.generationTime ?? common?.processing.start);
  a.dateTime('beginningDateTime', sensingStart);
  a.dateTime('endingDateTime', sensingEnd);

  const footprint = product?.footprint ?? common?.footprint ?? tileInfoFootprint(tileInfo) ?? tile?.footprint ?? null;
  const warnings = manifest ? missingDataObjectWarnings(source, manifest.manifest) : [];
  if (footprint === null) warnings.push(`${name} has no footprint in any of its metadata files`);
  return {
    collection: 'SENTINEL-2',
    name,
    sensingStart,
    sensingEnd,
    footprint,
    attributes: a.values,
    layout: { mission: 'Sentinel-2', instrument: 'MSI', productType: `L${level}` },
    warnings,
    ...(tile && tile.grids.length > 0 ? { grids: tile.grids } : {}),
  };
}

/** The texts of a S2 manifest that name its level (`version`, the package's unitType/textInfo). */
function manifestLevelText(manifest: SafeManifest): string {
  const xfdu = xmlFind(manifest.doc, 'XFDU')[0];
  const unit = xmlFind(xmlFind(manifest.doc, 'informationPackageMap'), 'contentUnit')[0];
  return [attr(xfdu, 'version'), attr(unit, 'unitType'), attr(unit, 'textInfo')].join(' ');
}

/** Granule folder names a manifest's data objects point into (`L1C_T33TUM_A030192_20210403T101412`). */
function manifestGranuleFolders(manifest: SafeManifest): string[] {
  const folders = xmlFind(manifest.doc, 'fileLocation')
    .map((l) => /GRANULE\/([^/]+)\//.exec(attr(l, 'href') ?? '')?.[1])
    .filter((f): f is string => f !== undefined);
  return [...new Set(folders)];
}

function awsTileId(tileInfo: Record<string, unknown> | undefined): string | undefined {
  const zone = numberAt(tileInfo, ['utmZone']);
  const band = stringAt(tileInfo, ['latitudeBand']);
  const square = stringAt(tileInfo, ['gridSquare']);
  return zone !== undefined && band !== undefined && square !== undefined ? `${String(zone).padStart(2, '0')}${band}${square}` : undefined;
}

function baselineOfName(names: (string | undefined)[]): string | undefined {
  const m = names.map((n) => /_N(\d{2})(\d{2})_/.exec(n ?? '')).find((x) => x !== null);
  return m ? `${m[1]}.${m[2]}` : undefined;
}

/** First capture group of the first string that matches. */
function first(values: (string | undefined)[], pattern: RegExp): string | undefined {
  for (const v of values) {
    const m = v === undefined ? null : pattern.exec(v);
    if (m?.[1] !== undefined) return m[1];
  }
  return undefined;
}

function single(values: string[]): string | undefined {
  return values.length === 1 ? values[0] : undefined;
}

function withoutSafe(name: string | undefined): string | undefined {
  const n = name?.trim().replace(/\.SAFE$/i, '');
  return n === undefined || n === '' ? undefined : n;
}

function rootName(doc: Record<string, unknown>): string {
  return Object.keys(doc).find((k) => k !== '?xml') ?? '';
}
