import { polygon, ringFromLatLonList, toIsoUtc } from './geometry.ts';
import {
  netcdfFindAll,
  netcdfGroupAt,
  netcdfGroupFromJson,
  netcdfInteger,
  netcdfText,
  readNetcdfHeader,
  type NetcdfGroup,
} from './netcdf.ts';
import { AttributeBag, malformed, readJsonObject } from './safe-manifest.ts';
import { isStacItem, stacItemExtractor } from './stac-item.ts';
import type { Extractor, FootprintGeometry, ProductMetadata, ProductSource, SourceFile } from './types.ts';

const EOP = 'METADATA/EOP_METADATA';
/** The parts of METADATA read: QA statistics, algorithm settings and the ISO lineage tree are large and say nothing the catalogue keeps. */
const HEADER_GROUPS = ['METADATA/GRANULE_DESCRIPTION', EOP, 'METADATA/ESA_METADATA/earth_explorer_header/fixed_header'];
const EOP_META = `${EOP}/eop:metaDataProperty`;

/**
 * Sentinel-5P TROPOMI products: one netCDF-4 file (`S5P_<mode>_<type>_..._<created>.nc`), or the JSON
 * rendering of its header that some providers publish instead. Everything comes from the global
 * attributes and the `METADATA` group (S5P L2 product format: GRANULE_DESCRIPTION, the OGC EOP
 * `EOP_METADATA` tree with the footprint, and the Earth Explorer header in ESA_METADATA).
 */
export const sentinel5pExtractor: Extractor = {
  id: 'sentinel-5p-netcdf',

  matches(source) {
    return findS5pFile(source) !== undefined;
  },

  async extract(source) {
    const file = findS5pFile(source);
    if (file === undefined) throw malformed('the product has no S5P_*.nc or S5P_*.json file');
    const fileName = baseName(file.path);
    if (/\.nc$/i.test(fileName)) {
      const header = await readNetcdfHeader(source.localPath(file.path), file.path, { include: HEADER_GROUPS });
      return describeProduct(header, fileName);
    }
    const json = await readJsonObject(source, file.path);
    // A STAC item that happens to be named like the product it describes is the generic path's business.
    if (isStacItem(json)) return stacItemExtractor.extract(source);
    if (json['METADATA'] === undefined) throw malformed(`${file.path} is neither S5P header metadata (no METADATA) nor a STAC item`);
    return describeProduct(netcdfGroupFromJson(json), fileName);
  },
};

/** The product's one file: a lone `S5P_*.nc`, or a lone `S5P_*.json` header rendering. */
function findS5pFile(source: ProductSource): SourceFile | undefined {
  const [only, ...others] = source.files;
  if (only === undefined || others.length > 0) return undefined;
  return /^S5P_\w+\.(nc|json)$/i.test(baseName(only.path)) ? only : undefined;
}

function describeProduct(root: NetcdfGroup, fileName: string): ProductMetadata {
  const granule = netcdfGroupAt(root, 'METADATA/GRANULE_DESCRIPTION');
  const eopMeta = netcdfGroupAt(root, EOP_META);
  const eopProcessing = netcdfGroupAt(root, `${EOP_META}/eop:processing`);
  const fixedHeader = netcdfGroupAt(root, 'METADATA/ESA_METADATA/earth_explorer_header/fixed_header');

  const identifier = netcdfText(root, 'id') ?? netcdfText(eopMeta, 'eop:identifier') ?? netcdfText(fixedHeader, 'File_Name');
  const name = productName(identifier, fileName);
  const parsed = parseS5pName(identifier ?? name);
  const productType = netcdfText(granule, 'ProductShortName') ?? netcdfText(fixedHeader, 'File_Type') ?? parsed?.type;
  if (productType === undefined)
    throw malformed(`${fileName}: the header names no product type (METADATA/GRANULE_DESCRIPTION/ProductShortName)`);

  // time_coverage_* is the measured span; the EOP phenomenonTime is blank in several processors' files.
  const start =
    netcdfText(root, 'time_coverage_start') ??
    netcdfText(granule, 'GranuleStart') ??
    netcdfText(netcdfGroupAt(root, `${EOP}/om:phenomenonTime`), 'gml:beginPosition');
  const end =
    netcdfText(root, 'time_coverage_end') ??
    netcdfText(granule, 'GranuleEnd') ??
    netcdfText(netcdfGroupAt(root, `${EOP}/om:phenomenonTime`), 'gml:endPosition');
  if (start === undefined || end === undefined) throw malformed(`${fileName}: the header has no time coverage (time_coverage_start/end)`);
  const sensingStart = toIsoUtc(start);
  const sensingEnd = toIsoUtc(end);

  const a = new AttributeBag();
  a.string('productType', productType);
  a.string('processingMode', processingModeOf(root, granule, eopProcessing, fixedHeader) ?? parsed?.mode);
  a.string('processingLevel', netcdfText(eopProcessing, 'eop:processingLevel') ?? /^(L\d[A-Z]?)_/.exec(productType)?.[1]);
  a.string('platformShortName', 'SENTINEL-5P');
  a.string('instrumentShortName', (netcdfText(root, 'sensor') ?? netcdfText(granule, 'InstrumentName') ?? 'TROPOMI').toUpperCase());
  a.integer(
    'orbitNumber',
    netcdfInteger(root, 'orbit') ?? netcdfInteger(netcdfGroupAt(root, `${EOP}/om:procedure/eop:acquisitionParameters`), 'eop:orbitNumber'),
  );
  a.string('baselineCollection', netcdfText(granule, 'CollectionIdentifier') ?? parsed?.collection);
  a.string('processorVersion', netcdfText(root, 'processor_version') ?? netcdfText(eopProcessing, 'eop:processorVersion'));
  a.string('processorName', netcdfText(eopProcessing, 'eop:processorName'));
  a.string('processingCenter', netcdfText(eopProcessing, 'eop:processingCenter') ?? netcdfText(granule, 'ProcessingCenter'));
  a.string('qualityStatus', netcdfText(eopMeta, 'eop:productQualityStatus'));
  a.string('acquisitionType', netcdfText(eopMeta, 'eop:acquisitionType'));
  a.string('identifier', identifier);
  a.string('parentIdentifier', usable(netcdfText(eopMeta, 'eop:parentIdentifier')));
  a.string('doi', usable(netcdfText(eopMeta, 'eop:doi') ?? netcdfText(root, 'identifier_product_doi')));
  a.dateTime(
    'processingDate',
    netcdfText(root, 'date_created') ??
      netcdfText(netcdfGroupAt(fixedHeader, 'source'), 'Creation_Date') ??
      netcdfText(eopProcessing, 'eop:processingDate'),
  );
  a.dateTime('beginningDateTime', sensingStart);
  a.dateTime('endingDateTime', sensingEnd);

  const footprint = readFootprint(netcdfGroupAt(root, `${EOP}/om:featureOfInterest`));
  const warnings: string[] = [];
  // Level-2 composites over several orbits (O3_TCL) describe no single swath: no footprint is expected.
  if (footprint === null) warnings.push(`${fileName} has no footprint (METADATA/EOP_METADATA/om:featureOfInterest)`);
  return {
    collection: 'SENTINEL-5P',
    name,
    sensingStart,
    sensingEnd,
    footprint,
    attributes: a.values,
    layout: { mission: 'Sentinel-5P', instrument: 'TROPOMI', productType },
    warnings,
  };
}

/** The `.nc` name: the header's product id with `.nc`, else the arrived file's name with `.json` swapped for `.nc`. */
function productName(identifier: string | undefined, fileName: string): string {
  const base = identifier ?? fileName.replace(/\.(nc|json)$/i, '');
  if (/[/\\]/.test(base) || base.startsWith('.')) throw malformed(`${fileName}: product id ${JSON.stringify(base)} is not a file name`);
  return `${base.replace(/\.nc$/i, '')}.nc`;
}

/** NRTI / OFFL / RPRO. GRANULE_DESCRIPTION spells it out in some processors ("Near-realtime"), hence the map. */
function processingModeOf(
  root: NetcdfGroup,
  granule: NetcdfGroup | undefined,
  eopProcessing: NetcdfGroup | undefined,
  fixedHeader: NetcdfGroup | undefined,
): string | undefined {
  const direct =
    netcdfText(eopProcessing, 'eop:processingMode') ??
    netcdfText(netcdfGroupAt(root, 'METADATA'), 'processingMode') ??
    netcdfText(fixedHeader, 'File_Class');
  if (direct !== undefined) return direct.toUpperCase();
  const spelled = netcdfText(granule, 'ProcessingMode')
    ?.toLowerCase()
    .replace(/[^a-z]/g, '');
  return spelled === undefined ? undefined : (SPELLED_MODES[spelled] ?? spelled.toUpperCase());
}

const SPELLED_MODES: Record<string, string> = {
  nearrealtime: 'NRTI',
  nrti: 'NRTI',
  offline: 'OFFL',
  offl: 'OFFL',
  reprocessing: 'RPRO',
  rpro: 'RPRO',
};

/** Fields of an S5P product id (S5P PDGS file naming): used only where the header is silent. */
function parseS5pName(name: string): { mode: string; type: string; collection: string } | undefined {
  const m = /^S5P_([A-Z]{4})_(.{10})_\d{8}T\d{6}_\d{8}T\d{6}_\d{5}_(\d{2})_/.exec(name);
  if (m === null) return undefined;
  const [, mode = '', type = '', collection = ''] = m;
  return { mode, type, collection };
}

/** Each `gml:posList` ("lat lon ...") below the EOP feature of interest is one ring. */
function readFootprint(featureOfInterest: NetcdfGroup | undefined): FootprintGeometry | null {
  const rings = netcdfFindAll(featureOfInterest, 'gml:posList').map((text) => ringFromLatLonList(text));
  const [first] = rings;
  if (first === undefined) return null;
  if (rings.length === 1) return polygon(first);
  return { type: 'MultiPolygon', coordinates: rings.map((r) => [r]) };
}

/** Producers write "N/A" where they have no value, and some left a template unfilled (`..._%(shortname)s`). */
function usable(value: string | undefined): string | undefined {
  return value === undefined || /^(n\/a|none|tbd)$/i.test(value) || value.includes('%(') ? undefined : value;
}

function baseName(path: string): string {
  return path.split('/').pop() ?? path;
}
