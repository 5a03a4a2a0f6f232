import { toIsoUtc } from './geometry.ts';
import { netcdfInteger, netcdfText, readNetcdfHeader, type NetcdfGroup } from './netcdf.ts';
import { AttributeBag, malformed } from './safe-manifest.ts';
import {
  describeXfduProduct,
  findXfduManifestPath,
  guessXfduMission,
  readXfduManifest,
  sentinel3Extractor,
  xfduMissionOf,
} from './sentinel3.ts';
import type { Extractor, ProductMetadata, ProductSource, SourceFile } from './types.ts';

/**
 * Sentinel-6 (Michael Freilich) products in the two forms they are distributed in:
 * - `X.SEN6/` folders with `xfdumanifest.xml`: the Sentinel-3 XFDU profile with a `sentinel6:`
 *   product-information extension (Sentinel-6/Jason-CS product format specifications), read by the
 *   shared reader in sentinel3.ts;
 * - lone netCDF-4 files (`S6A_P4_2__LR_RED__NR_022_215_<start>_<stop>_F02.nc`) as EUMETSAT and
 *   PO.DAAC publish them, described by their global attributes.
 */
export const sentinel6Extractor: Extractor = {
  id: 'sentinel-6',

  matches(source) {
    const manifest = findXfduManifestPath(source);
    if (manifest !== undefined) return guessXfduMission(source, manifest) === 'S6';
    return findS6NetcdfFile(source) !== undefined;
  },

  async extract(source) {
    if (findXfduManifestPath(source) !== undefined) {
      const manifest = await readXfduManifest(source);
      const mission = xfduMissionOf(manifest);
      if (mission === 'S3') return sentinel3Extractor.extract(source);
      if (mission !== 'S6') throw malformed(`${manifest.path} does not describe a Sentinel-6 product`);
      return describeXfduProduct(source, manifest, { collection: 'SENTINEL-6', mission: 'Sentinel-6', suffix: '.SEN6', typeLength: 13 });
    }
    const file = findS6NetcdfFile(source);
    if (file === undefined) throw malformed('the product has neither an xfdumanifest.xml nor an S6*.nc file');
    const header = await readNetcdfHeader(source.localPath(file.path), file.path);
    return describeNetcdf(header, file.path.split('/').pop() ?? file.path);
  },
};

/** A lone `S6?_*.nc` file. */
function findS6NetcdfFile(source: ProductSource): SourceFile | undefined {
  const [only, ...others] = source.files;
  if (only === undefined || others.length > 0) return undefined;
  return /^S6[A-Z_]_\w+\.nc$/i.test(only.path.split('/').pop() ?? '') ? only : undefined;
}

/** What S6 names encode: the header has no attribute for the product type, timeliness or baseline. */
interface S6Name {
  serial: string | undefined;
  type: string;
  timeliness: string;
  baseline: string;
}

/**
 * Parses both naming schemes: the package's (`S6A_P4_2__LR______<start>_<stop>_<created>_<dur>_<cycle>_
 * <pass>_<orbit>_EUM__OPE_NR_F02.SEN6`, type field 13 characters) and the netCDF file's
 * (`S6A_P4_2__LR_RED__NR_<cycle>_<pass>_<start>_<stop>_F02.nc`).
 */
export function parseS6Name(name: string): S6Name | undefined {
  const m =
    /^S6([A-Z_])_(.{13})_(NR|ST|NT)_\d{3}_\d{3}_\d{8}T\d{6}_\d{8}T\d{6}_(\w{3})/.exec(name) ??
    /^S6([A-Z_])_(.{13})_\d{8}T\d{6}_\d{8}T\d{6}_\d{8}T\d{6}_.*_(NR|ST|NT)_(\w{3})(?:\.SEN6)?$/.exec(name);
  if (m === null) return undefined;
  const [, letter, type = '', timeliness = '', baseline = ''] = m;
  return { serial: letter === '_' ? undefined : letter, type, timeliness, baseline };
}

/** Instruments by product-type prefix (P4 = Poseidon-4 altimeter, MW = AMR-C radiometer). */
const INSTRUMENT_OF_PREFIX: Record<string, string> = { P4: 'P4', MW: 'AMR-C', GN: 'GNSS-POD' };

/**
 * The netCDF header: sensing from `first/last_measurement_time` (the ACDD `time_coverage_*` as
 * fallback), cycle and pass numbers, and the type, timeliness and baseline from `product_name` or,
 * when the header lacks it, the file's own name. A pass has no footprint polygon in the header.
 */
function describeNetcdf(header: NetcdfGroup, fileName: string): ProductMetadata {
  const productNameAttr = netcdfText(header, 'product_name');
  // The header's product_name may name the parent .SEN6 package, whose type lacks the RED/STD subset.
  const parsed = parseS6Name(fileName) ?? (productNameAttr === undefined ? undefined : parseS6Name(productNameAttr));
  const productType = netcdfText(header, 'product_type') ?? parsed?.type;
  if (productType === undefined) throw malformed(`${fileName}: neither the header nor the name gives the product type`);

  const start = netcdfText(header, 'first_measurement_time') ?? netcdfText(header, 'time_coverage_start');
  const end = netcdfText(header, 'last_measurement_time') ?? netcdfText(header, 'time_coverage_end');
  if (start === undefined || end === undefined) throw malformed(`${fileName}: the header has no first/last_measurement_time`);
  // Jason-heritage headers write "2021-06-22 06:55:56.123456".
  const sensingStart = toIsoUtc(start.replace(' ', 'T'));
  const sensingEnd = toIsoUtc(end.replace(' ', 'T'));

  const missionName = netcdfText(header, 'mission_name');
  const serial = /sentinel-?6\s*([A-Z])\b/i.exec(missionName ?? '')?.[1]?.toUpperCase() ?? parsed?.serial;
  const prefix = productType.slice(0, 2);
  const instrument = INSTRUMENT_OF_PREFIX[prefix] ?? prefix;

  const a = new AttributeBag();
  a.string('productType', productType);
  a.string('platformShortName', 'SENTINEL-6');
  a.string('platformSerialIdentifier', serial);
  a.string('instrumentShortName', instrument);
  a.string('timeliness', parsed?.timeliness);
  a.string('baselineCollection', parsed?.baseline);
  a.string('processingLevel', /^[A-Z0-9]{2}_(\d)/.exec(productType)?.[1]);
  a.integer('orbitNumber', netcdfInteger(header, 'absolute_rev_number'));
  a.integer('cycleNumber', netcdfInteger(header, 'cycle_number'));
  // Altimetry users locate data by cycle and pass; CDSE has no name for it, so the netCDF one is kept.
  a.integer('passNumber', netcdfInteger(header, 'pass_number'));
  a.string('processingCenter', netcdfText(header, 'institution'));
  a.dateTime('processingDate', netcdfText(header, 'date_created')?.replace(' ', 'T'));
  a.dateTime('beginningDateTime', sensingStart);
  a.dateTime('endingDateTime', sensingEnd);

  return {
    collection: 'SENTINEL-6',
    name: fileName,
    sensingStart,
    sensingEnd,
    footprint: null,
    attributes: a.values,
    layout: { mission: 'Sentinel-6', instrument, productType },
    warnings: [`${fileName}: a netCDF pass file carries no footprint polygon`],
  };
}
