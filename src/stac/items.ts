/**
 * Product → STAC Item (STAC 1.0.0 item-spec). `id` is the product name; geometry is the stored footprint
 * (split at ±180 as RFC 7946 §3.1.9 asks), and bbox crosses the antimeridian (minLon > maxLon, §5.2) when
 * the footprint does. Properties follow common metadata and the eo, sat, sar, proj, processing and grid
 * extensions, each declared only when the item has one of its fields (their schemas require one);
 * attributes not shown under a STAC name appear under their own names. Assets: one per product file
 * (file extension: size, multihash checksum) plus `product`, the whole package.
 */
import type { Product, ProductFile } from '../catalog/index.ts';
import { EXTENSIONS, SENTINEL2_BANDS, type ExtensionName } from './extensions.ts';
import { MAPPED_ATTRIBUTES } from './queryables.ts';
import type { StacUrls } from './urls.ts';

export const STAC_VERSION = '1.0.0';

export type StacItem = Record<string, unknown> & { id: string; properties: Record<string, unknown> };

type Props = Record<string, unknown>;

function text(p: Product, name: string): string | undefined {
  const v = p.attributes[name]?.value;
  return typeof v === 'string' && v !== '' ? v : undefined;
}

function num(p: Product, name: string): number | undefined {
  const v = p.attributes[name]?.value;
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/** `sentinel-2b`: the short name and serial, lower case (STAC common metadata `platform`). */
export function platformOf(p: Product): string | undefined {
  const short = text(p, 'platformShortName');
  if (short === undefined) return undefined;
  return `${short}${text(p, 'platformSerialIdentifier') ?? ''}`.toLowerCase();
}

/** Every [lon, lat] position in GeoJSON coordinates of any depth. */
function positionsOf(coordinates: unknown, out: number[][] = []): number[][] {
  if (Array.isArray(coordinates) && typeof coordinates[0] === 'number') out.push(coordinates as number[]);
  else if (Array.isArray(coordinates)) for (const c of coordinates) positionsOf(c, out);
  return out;
}

/**
 * [minLon, minLat, maxLon, maxLat] of a stored footprint, with minLon > maxLon when its parts meet at the
 * antimeridian (the parts of a MultiPolygon; other geometry types are one part each).
 */
export function footprintBbox(footprint: { type: string; coordinates: unknown }): number[] {
  const partCoordinates =
    footprint.type === 'MultiPolygon' && Array.isArray(footprint.coordinates) ? footprint.coordinates : [footprint.coordinates];
  const parts = partCoordinates.map((c: unknown) => {
    const pts = positionsOf(c);
    const lons = pts.map((q) => q[0] ?? 0);
    const lats = pts.map((q) => q[1] ?? 0);
    return { w: Math.min(...lons), e: Math.max(...lons), s: Math.min(...lats), n: Math.max(...lats) };
  });
  const s = Math.min(...parts.map((x) => x.s));
  const n = Math.max(...parts.map((x) => x.n));
  const east = parts.filter((x) => x.e === 180 && x.w > -180);
  const west = parts.filter((x) => x.w === -180 && x.e < 180);
  if (east.length > 0 && west.length > 0 && east.length + west.length === parts.length) {
    const minLon = Math.min(...east.map((x) => x.w));
    const maxLon = Math.max(...west.map((x) => x.e));
    if (minLon > maxLon) return [minLon, s, maxLon, n];
  }
  return [Math.min(...parts.map((x) => x.w)), s, Math.max(...parts.map((x) => x.e)), n];
}

/** The GeoJSON geometry: a MultiPolygon of one polygon reads better as that Polygon. */
function geometryOf(footprint: { type: string; coordinates: unknown }): Props {
  if (footprint.type === 'MultiPolygon' && Array.isArray(footprint.coordinates) && footprint.coordinates.length === 1) {
    return { type: 'Polygon', coordinates: footprint.coordinates[0] as unknown };
  }
  return { type: footprint.type, coordinates: footprint.coordinates };
}

/** EPSG code of an MGRS tile's UTM zone (zone number + latitude band: N..X north, C..M south). */
function utmEpsg(tile: string): number | undefined {
  const m = /^(\d{1,2})([C-X])/.exec(tile);
  if (!m) return undefined;
  const zone = Number(m[1]);
  if (zone < 1 || zone > 60) return undefined;
  return ((m[2] ?? 'N') >= 'N' ? 32600 : 32700) + zone;
}

const SAR_POLARIZATIONS = new Set(['HH', 'VV', 'HV', 'VH']);

function sarFields(p: Product, props: Props): boolean {
  const mode = text(p, 'operationalMode');
  const pols = (text(p, 'polarisationChannels') ?? '').split(/[&\s,]+/).filter((x) => SAR_POLARIZATIONS.has(x));
  if (mode === undefined || pols.length === 0 || !p.collection.startsWith('SENTINEL-1')) return false;
  props['sar:instrument_mode'] = mode;
  props['sar:frequency_band'] = 'C';
  props['sar:center_frequency'] = 5.405;
  props['sar:polarizations'] = pols;
  props['sar:product_type'] = /GRD|SLC|OCN|RAW/.exec(text(p, 'productType') ?? '')?.[0] ?? text(p, 'productType') ?? mode;
  return true;
}

function setIf(props: Props, name: string, value: unknown): boolean {
  if (value === undefined) return false;
  props[name] = value;
  return true;
}

/** The item's properties and the extensions they use. */
export function itemProperties(p: Product): { properties: Props; extensions: ExtensionName[] } {
  const props: Props = {};
  const used = new Set<ExtensionName>();
  props['datetime'] = p.sensingStart ?? p.publicationDate;
  if (p.sensingStart !== null && p.sensingEnd !== null) {
    props['start_datetime'] = p.sensingStart;
    props['end_datetime'] = p.sensingEnd;
  }
  props['created'] = p.publicationDate;
  props['updated'] = p.modificationDate;
  // The storage tier (archive/index.ts): false when only the archive holds the product and it must be
  // ordered (OData.CSC.Order) before download; eviction_date is when an online copy goes or went offline.
  props['eohub:online'] = p.online;
  setIf(props, 'eohub:eviction_date', p.evictionDate ?? undefined);
  setIf(props, 'platform', platformOf(p));
  setIf(props, 'constellation', text(p, 'platformShortName')?.toLowerCase());
  const instrument = text(p, 'instrumentShortName');
  if (instrument !== undefined) props['instruments'] = [instrument.toLowerCase()];
  if (setIf(props, 'eo:cloud_cover', num(p, 'cloudCover'))) used.add('eo');
  const orbit = num(p, 'orbitNumber');
  const relative = num(p, 'relativeOrbitNumber');
  if (setIf(props, 'sat:absolute_orbit', orbit !== undefined && orbit >= 1 ? orbit : undefined)) used.add('sat');
  if (setIf(props, 'sat:relative_orbit', relative !== undefined && relative >= 1 ? relative : undefined)) used.add('sat');
  const state = text(p, 'orbitDirection')?.toLowerCase();
  if (setIf(props, 'sat:orbit_state', state === 'ascending' || state === 'descending' ? state : undefined)) used.add('sat');
  if (sarFields(p, props)) used.add('sar');
  setIf(props, 'product:type', text(p, 'productType'));
  if (setIf(props, 'processing:level', text(p, 'processingLevel'))) used.add('processing');
  if (setIf(props, 'processing:version', text(p, 'processorVersion') ?? text(p, 'processingBaseline'))) used.add('processing');
  if (setIf(props, 'processing:facility', text(p, 'processingCenter'))) used.add('processing');
  const processed = text(p, 'processingDate');
  if (processed !== undefined && /Z$/.test(processed) && setIf(props, 'processing:datetime', processed)) used.add('processing');
  const tile = text(p, 'tileId');
  if (tile !== undefined && /^[A-Z0-9]+$/.test(tile)) {
    props['grid:code'] = `MGRS-${tile}`;
    used.add('grid');
    const epsg = p.rasterGrids[0]?.epsg ?? (p.collection === 'SENTINEL-2' ? utmEpsg(tile) : undefined);
    if (setIf(props, 'proj:epsg', epsg)) used.add('proj');
  }
  for (const [name, a] of Object.entries(p.attributes)) {
    if (MAPPED_ATTRIBUTES.has(name) || name.includes(':') || Object.hasOwn(props, name)) continue;
    props[name] = a.value;
  }
  return { properties: props, extensions: [...used] };
}

/** Multihash in hex (multiformats): BLAKE3 `1e20…`, SHA-256 `1220…`, MD5 `d510…`. */
export function multihash(algorithm: 'MD5' | 'BLAKE3' | 'SHA256', hex: string): string {
  const code = algorithm === 'BLAKE3' ? '1e' : algorithm === 'SHA256' ? '12' : 'd5';
  return `${code}${(hex.length / 2).toString(16).padStart(2, '0')}${hex.toLowerCase()}`;
}

const ROLES: Record<ProductFile['role'], string[]> = {
  data: ['data'],
  metadata: ['metadata'],
  quicklook: ['thumbnail', 'overview'],
  annotation: ['metadata'],
  auxiliary: ['metadata'],
};

/** The MSI band a Sentinel-2 image file holds (`T33TUM_20210403T101021_B04_10m.jp2`, `…_B8A.jp2`), per the eo extension. */
function bandOf(p: Product, path: string): (typeof SENTINEL2_BANDS)[number] | undefined {
  if (p.collection !== 'SENTINEL-2') return undefined;
  const name = /_(B\d[\dA])(?:_\d+m)?\.(?:jp2|tiff?)$/i.exec(path)?.[1]?.toUpperCase();
  return SENTINEL2_BANDS.find((b) => b.name === name);
}

/**
 * The asset key of a Sentinel-2 image: the band (`B04`, `TCI`, `SCL`), with its resolution when the
 * product holds it at several (L2A: `B04_10m`). Keys that are the same in every item of a collection are
 * what clients index by (pystac `item.assets['B04_10m']`, GDAL STACIT's mosaic per asset, odc-stac).
 */
function imageKey(p: Product, path: string): string | undefined {
  if (p.collection !== 'SENTINEL-2') return undefined;
  const m = /_(B\d[\dA]|TCI|SCL|AOT|WVP)(_(?:10|20|60)m)?\.(?:jp2|tiff?)$/i.exec(path);
  return m ? `${(m[1] ?? '').toUpperCase()}${m[2] ?? ''}` : undefined;
}

/** Native resolution (m) of an MSI image file: its `_10m` suffix (L2A), else its band's (S2 User Handbook). */
function nominalResolution(path: string): number | undefined {
  const suffix = /_(10|20|60)m\.(?:jp2|tiff?)$/i.exec(path)?.[1];
  if (suffix !== undefined) return Number(suffix);
  const band = /_(B\d[\dA]|TCI)\.(?:jp2|tiff?)$/i.exec(path)?.[1]?.toUpperCase();
  if (band === undefined) return undefined;
  return ['B01', 'B09', 'B10'].includes(band) ? 60 : ['B05', 'B06', 'B07', 'B8A', 'B11', 'B12'].includes(band) ? 20 : 10;
}

/**
 * The projection extension's asset fields (proj:epsg, proj:shape, proj:transform): the grid the file
 * states in its own header, else the product metadata's grid at the file's native resolution.
 */
function projOf(p: Product, path: string): Props | undefined {
  const own = p.rasterGrids.find((g) => g.path === path);
  const resolution = own === undefined ? nominalResolution(path) : undefined;
  const grid =
    own ?? (resolution === undefined ? undefined : p.rasterGrids.find((g) => g.path === undefined && g.resolutionM === resolution));
  if (grid === undefined) return undefined;
  return {
    'proj:epsg': grid.epsg,
    'proj:shape': [grid.rows, grid.cols],
    'proj:transform': [grid.resolutionM, 0, grid.ulx, 0, -grid.resolutionM, grid.uly],
  };
}

function assetsOf(p: Product, files: readonly ProductFile[], urls: StacUrls): Props {
  const assets: Props = {};
  const best = ['BLAKE3', 'SHA256', 'MD5'].map((a) => p.checksums.find((c) => c.algorithm === a)).find((c) => c !== undefined);
  assets['product'] = {
    href: urls.productDownload(p.id),
    title: 'Product package',
    type: p.contentType,
    roles: ['data', 'archive'],
    'file:size': p.contentLength,
    ...(best === undefined ? {} : { 'file:checksum': multihash(best.algorithm, best.value) }),
  };
  const quicklooks = files.filter((f) => f.role === 'quicklook').length;
  for (const f of files) {
    const base = f.path.split('/').pop() ?? f.path;
    const wanted = (quicklooks === 1 && f.role === 'quicklook' ? 'thumbnail' : imageKey(p, f.path)) ?? base;
    const key = !Object.hasOwn(assets, wanted) ? wanted : !Object.hasOwn(assets, base) ? base : f.path;
    assets[key] = {
      href: urls.fileDownload(p.id, p.name, f.path),
      title: f.path,
      type: f.mediaType,
      roles: ROLES[f.role],
      'file:size': f.sizeBytes,
      'file:checksum': f.blake3 !== '' ? multihash('BLAKE3', f.blake3) : multihash('MD5', f.md5),
    };
    const band = bandOf(p, f.path);
    if (band !== undefined) (assets[key] as Props)['eo:bands'] = [band];
    const proj = f.role === 'data' ? projOf(p, f.path) : undefined;
    if (proj !== undefined) Object.assign(assets[key] as Props, proj);
  }
  return assets;
}

/** The STAC Item of a product; `files` from listProductFiles. */
export function productToItem(p: Product, files: readonly ProductFile[], urls: StacUrls): StacItem {
  const { properties, extensions } = itemProperties(p);
  const assets = assetsOf(p, files, urls);
  const hasBands = Object.values(assets).some((a) => Object.hasOwn(a as Props, 'eo:bands'));
  if (hasBands && !extensions.includes('eo')) extensions.push('eo');
  const hasProj = Object.values(assets).some((a) => Object.hasOwn(a as Props, 'proj:epsg'));
  if (hasProj && !extensions.includes('proj')) extensions.push('proj');
  const exts = [...extensions.map((e) => EXTENSIONS[e]), EXTENSIONS.file];
  return {
    type: 'Feature',
    stac_version: STAC_VERSION,
    stac_extensions: exts,
    id: p.name,
    collection: p.collection,
    geometry: p.footprint === null ? null : geometryOf(p.footprint),
    ...(p.footprint === null ? {} : { bbox: footprintBbox(p.footprint) }),
    properties,
    links: [
      { rel: 'self', type: 'application/geo+json', href: urls.item(p.collection, p.name) },
      { rel: 'parent', type: 'application/json', href: urls.collection(p.collection) },
      { rel: 'collection', type: 'application/json', href: urls.collection(p.collection) },
      { rel: 'root', type: 'application/json', href: urls.root() },
    ],
    assets,
  };
}
