import { closeRing, polygon, toIsoUtc } from './geometry.ts';
import { findFiles } from './product-source.ts';
import { AttributeBag, malformed, readJsonObject } from './safe-manifest.ts';
import type { Extractor, FootprintGeometry, ProductMetadata, ProductSource, SourceFile } from './types.ts';

/**
 * The generic path for missions without an extractor of their own: a product described by one STAC
 * Item (STAC 1.x item-spec; common metadata, `eo`, `sat`, `processing`, `product` extensions), such as
 * the Copernicus DEM tiles. STAC names are mapped to CDSE attribute names (reference/cdse.md §1.6).
 */
export const stacItemExtractor: Extractor = {
  id: 'stac-item',

  matches(source) {
    const file = findItemFile(source);
    return file !== undefined && !isOtherJson(file) && !hasMissionFiles(source);
  },

  async extract(source) {
    const file = findItemFile(source);
    if (file === undefined) throw malformed('the product has no single STAC item JSON file');
    if (file.sizeBytes > MAX_ITEM_BYTES) throw malformed(`${file.path} is larger than ${MAX_ITEM_BYTES} bytes, not a STAC item`);
    const item = await readJsonObject(source, file.path);
    if (!isStacItem(item)) throw malformed(`${file.path} is not a STAC Item (needs "type": "Feature" and "stac_version")`);
    return describeItem(item, file.path);
  },
};

const MAX_ITEM_BYTES = 32 * 1024 * 1024;

/** A STAC Item, as opposed to other JSON (item-spec: `type` is "Feature" and `stac_version` is set). */
export function isStacItem(json: Record<string, unknown>): boolean {
  return json['type'] === 'Feature' && typeof json['stac_version'] === 'string';
}

/** The one `.json` file of the product, if it has exactly one. */
function findItemFile(source: ProductSource): SourceFile | undefined {
  const [only, ...others] = findFiles(source, /\.json$/i);
  return others.length === 0 ? only : undefined;
}

/** Files only other missions' products have: their extractors are the right ones even when a JSON sits beside them. */
function hasMissionFiles(source: ProductSource): boolean {
  return findFiles(source, /^(manifest\.safe|xfdumanifest\.xml|MTD_\w+\.xml)$|\.EOF$/i).length > 0;
}

/** JSON files known not to be STAC items: S5P header renderings, AWS `productInfo.json` / `tileInfo.json`. */
function isOtherJson(file: SourceFile): boolean {
  const name = file.path.split('/').pop() ?? '';
  return /^S5P_/i.test(name) || /^(productInfo|tileInfo)\.json$/i.test(name);
}

function describeItem(item: Record<string, unknown>, path: string): ProductMetadata {
  const id = text(item['id']);
  if (id === undefined || /[/\\]/.test(id) || id.startsWith('.')) throw malformed(`${path}: the item has no usable "id"`);
  const props = record(item['properties']);
  if (props === undefined) throw malformed(`${path}: the item has no "properties"`);
  const stacCollection = text(item['collection']);
  const dem = isCopDem(stacCollection, id) ? demProductType(stacCollection, props, id) : undefined;
  const collection = dem !== undefined ? 'COP-DEM' : collectionOf(stacCollection, props, path);

  // Copernicus DEM items carry a nominal datetime, older ones none at all: the product then has no time.
  const datetime = text(props['datetime']);
  const start = text(props['start_datetime']) ?? datetime;
  const end = text(props['end_datetime']) ?? datetime;
  const sensingStart = start === undefined ? null : toIsoUtc(start);
  const sensingEnd = end === undefined ? null : toIsoUtc(end);

  const platform = platformOf(props);
  const instrument = text(list(props['instruments'])[0])?.toUpperCase();
  const productType = dem ?? text(props['product:type']) ?? fromMissionExtension(props, 'product_type');

  const a = new AttributeBag();
  a.string('productType', productType);
  a.string('platformShortName', platform.shortName);
  a.string('platformSerialIdentifier', platform.serial);
  a.string('instrumentShortName', instrument);
  a.double('cloudCover', num(props['eo:cloud_cover']));
  a.integer('orbitNumber', num(props['sat:absolute_orbit']));
  a.integer('relativeOrbitNumber', num(props['sat:relative_orbit']));
  a.integer('cycleNumber', num(props['sat:orbit_cycle']));
  a.string('orbitDirection', text(props['sat:orbit_state'])?.toUpperCase());
  a.string('processingMode', fromMissionExtension(props, 'processing_mode'));
  a.string('timeliness', text(props['product:timeliness']) ?? fromMissionExtension(props, 'processing_timeliness'));
  a.string('processingLevel', text(props['processing:level']));
  a.string('processorVersion', text(props['processing:version']));
  a.dateTime('processingDate', text(props['processing:datetime']));
  const gsd = num(props['gsd']);
  a.integer('spatialResolution', gsd === undefined ? undefined : Math.round(gsd));
  const grid = text(props['grid:code']);
  if (grid?.startsWith('MGRS-')) a.string('tileId', grid.slice('MGRS-'.length));
  if (sensingStart !== null) a.dateTime('beginningDateTime', sensingStart);
  if (sensingEnd !== null) a.dateTime('endingDateTime', sensingEnd);

  const warnings: string[] = [];
  const footprint = readGeometry(item, path, warnings);
  const layout =
    dem !== undefined
      ? { mission: 'CCM', instrument: 'COP-DEM', productType: dem }
      : {
          mission: pathPart(collection),
          instrument: pathPart(instrument ?? 'UNKNOWN'),
          productType: pathPart(productType ?? stacCollection ?? collection),
        };
  return { collection, name: id, sensingStart, sensingEnd, footprint, attributes: a.values, layout, warnings };
}

function isCopDem(stacCollection: string | undefined, id: string): boolean {
  return /^cop-dem/i.test(stacCollection ?? '') || /^Copernicus_DSM_/.test(id);
}

/**
 * `COP-DEM_GLO-30` or `COP-DEM_GLO-90`: from the collection id (`cop-dem-glo-30`), else the ground
 * sample distance, else the tile name's arc-second spacing (`_COG_10_` = 1 arc-second = 30 m).
 */
function demProductType(stacCollection: string | undefined, props: Record<string, unknown>, id: string): string {
  const fromCollection = /glo-?(30|90)/i.exec(stacCollection ?? '')?.[1];
  const gsd = num(props['gsd']);
  const fromGsd = gsd === undefined ? undefined : gsd <= 30 ? '30' : '90';
  const spacing = /_COG_(10|30)_/.exec(id)?.[1];
  const fromName = spacing === undefined ? undefined : spacing === '10' ? '30' : '90';
  return `COP-DEM_GLO-${fromCollection ?? fromGsd ?? fromName ?? '90'}`;
}

/** The STAC collection id upper-cased, else a collection named after the constellation or platform. */
function collectionOf(stacCollection: string | undefined, props: Record<string, unknown>, path: string): string {
  const named = stacCollection ?? text(props['constellation']) ?? text(props['platform']);
  if (named === undefined) throw malformed(`${path}: the item names no collection, constellation or platform`);
  return named.trim().toUpperCase().replace(/\s+/g, '-');
}

/** `sentinel-2a` in constellation `sentinel-2` → SENTINEL-2 / A, as CDSE splits them; others as given. */
function platformOf(props: Record<string, unknown>): { shortName: string | undefined; serial: string | undefined } {
  const platform = text(props['platform'])?.toUpperCase();
  const constellation = text(props['constellation'])?.toUpperCase().replace(/\s+/g, '-');
  if (platform !== undefined && constellation !== undefined && platform.startsWith(constellation)) {
    const rest = platform.slice(constellation.length).replace(/^[-_ ]/, '');
    if (/^[A-Z]$/.test(rest)) return { shortName: constellation, serial: rest };
  }
  return { shortName: platform ?? constellation, serial: undefined };
}

/** A field that mission extensions each name with their own prefix: `s1:product_type`, `s5p:processing_mode`... */
function fromMissionExtension(props: Record<string, unknown>, field: string): string | undefined {
  for (const [key, value] of Object.entries(props)) {
    const [prefix, name] = key.split(':');
    if (name === field && prefix !== undefined && /^[a-z0-9]+$/i.test(prefix) && text(value) !== undefined) return text(value);
  }
  return undefined;
}

/** The item's geometry when it is a (Multi)Polygon, else its bbox as a rectangle, else none. */
function readGeometry(item: Record<string, unknown>, path: string, warnings: string[]): FootprintGeometry | null {
  const geometry = record(item['geometry']);
  const type = text(geometry?.['type']);
  const coordinates = geometry?.['coordinates'];
  if (type === 'Polygon') return { type: 'Polygon', coordinates: polygonRings(coordinates, path) };
  if (type === 'MultiPolygon') return { type: 'MultiPolygon', coordinates: list(coordinates).map((p) => polygonRings(p, path)) };
  const bbox = list(item['bbox']).map(num);
  const [west, south, east, north] = bbox.length === 4 ? bbox : [bbox[0], bbox[1], bbox[3], bbox[4]];
  if (west !== undefined && south !== undefined && east !== undefined && north !== undefined) {
    warnings.push(`${path}: geometry is ${type ?? 'null'}, footprint taken from bbox`);
    return polygon(
      checkedRing(
        [
          [west, south],
          [east, south],
          [east, north],
          [west, north],
        ],
        path,
      ),
    );
  }
  warnings.push(`${path}: the item has no polygon geometry or bbox`);
  return null;
}

function polygonRings(value: unknown, path: string): number[][][] {
  const rings = list(value).map((ring) =>
    checkedRing(
      list(ring).map((p) => list(p).slice(0, 2).map(num)),
      path,
    ),
  );
  if (rings.length === 0) throw malformed(`${path}: polygon geometry without rings`);
  return rings;
}

/** lon/lat positions, closed; anything else in a footprint is a broken item. */
function checkedRing(positions: (number | undefined)[][], path: string): number[][] {
  const ring: number[][] = [];
  for (const [lon, lat] of positions) {
    if (lon === undefined || lat === undefined || Math.abs(lon) > 360 || Math.abs(lat) > 90) {
      throw malformed(`${path}: geometry has a position that is not lon/lat`);
    }
    ring.push([lon, lat]);
  }
  const closed = closeRing(ring);
  if (closed.length < 4) throw malformed(`${path}: geometry has a ring of fewer than 4 positions`);
  return closed;
}

/** Layout parts become storage path segments: keep them to safe characters. */
function pathPart(value: string): string {
  return value.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '_') || '_';
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

function num(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function record(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? Object.fromEntries(Object.entries(value)) : undefined;
}
