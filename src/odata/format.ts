/**
 * Value formats of CDSE's Product entity (CDSE §1.2): datetimes with 6 fractional digits and `Z`
 * (since 2024-09-02), the footprint as EWKT inside `geography'…'` with a space after the type name, and
 * GeoJSON; deterministic asset ids.
 */
import { createHash } from 'node:crypto';

/** Never evicted (CDSE §1.2; 6 fractional digits like every other datetime since 2024-09-02). */
export const NEVER_EVICTED = '9999-12-31T23:59:59.999999Z';

const ISO_UTC = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d+))?Z$/;
// db's timestampToIso prints a whole-second instant as `…:00` + `0000000Z` (no dot); read it as .000000.
const WHOLE_SECOND = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})0{7}Z$/;

/** `2024-06-04T12:12:03.404000Z`. */
export function odataDate(text: string): string {
  const m = ISO_UTC.exec(text);
  if (m) return `${m[1]}.${(m[2] ?? '').padEnd(6, '0').slice(0, 6)}Z`;
  const whole = WHOLE_SECOND.exec(text);
  if (whole) return `${whole[1]}.000000Z`;
  const d = new Date(text);
  return Number.isNaN(d.getTime()) ? text : d.toISOString().replace(/Z$/, '000Z');
}

type Position = number[];
/** A footprint as shown: any of the stored types (catalog's Footprint), or a joined Polygon. */
export type DisplayFootprint =
  | { type: 'Point'; coordinates: Position }
  | { type: 'MultiPoint' | 'LineString'; coordinates: Position[] }
  | { type: 'MultiLineString' | 'Polygon'; coordinates: Position[][] }
  | { type: 'MultiPolygon'; coordinates: Position[][][] };

const round6 = (x: number): number => Math.round(x * 1e6) / 1e6;
const wrapLon = (x: number): number => (x > 180 ? x - 360 : x);
const position = (p: Position): Position => [round6(wrapLon(p[0] ?? 0)), round6(p[1] ?? 0)];
const line = (l: Position[]): Position[] => l.map(position);

/**
 * The footprint as CDSE shows it (§1.2): a one-part MultiPolygon as a Polygon, longitudes in -180..180 (a
 * polygon joined across the antimeridian keeps its jump from 179.x to -179.x, as CDSE's do), 6 decimals.
 * `geometry` is the stored footprint, or the joined geometry (longitudes in 0..360) from catalog's
 * joinAntimeridianFootprints. Points and lines (STAC-registered footprints) keep their type.
 */
export function displayFootprint(geometry: { type: string; coordinates: unknown } | null): DisplayFootprint | null {
  if (!geometry) return null;
  const c = geometry.coordinates;
  switch (geometry.type) {
    case 'Point':
      return { type: 'Point', coordinates: position(c as Position) };
    case 'MultiPoint':
    case 'LineString':
      return { type: geometry.type, coordinates: line(c as Position[]) };
    case 'MultiLineString':
    case 'Polygon':
      return { type: geometry.type, coordinates: (c as Position[][]).map(line) };
    case 'MultiPolygon': {
      const parts = (c as Position[][][]).map((p) => p.map(line));
      if (parts.length === 0) return null;
      return parts.length === 1 ? { type: 'Polygon', coordinates: parts[0] as Position[][] } : { type: 'MultiPolygon', coordinates: parts };
    }
    default:
      return null;
  }
}

/** True when a stored MultiPolygon touches both +180 and -180: it was split there and is joined for display. */
export function crossesAntimeridian(geometry: { type: string; coordinates: unknown } | null): boolean {
  if (!geometry || geometry.type !== 'MultiPolygon') return false;
  const parts = geometry.coordinates as Position[][][];
  if (parts.length < 2) return false;
  const lons = parts.flat(2).map((p) => p[0] ?? 0);
  return lons.includes(180) && lons.includes(-180);
}

const wktPositions = (l: Position[]): string => `(${l.map((p) => `${p[0]} ${p[1]}`).join(', ')})`;
const wktRings = (p: Position[][]): string => `(${p.map(wktPositions).join(', ')})`;

/** `geography'SRID=4326;POLYGON ((lon lat, …))'` (CDSE §1.2, a space after the type name). */
export function footprintEwkt(f: DisplayFootprint | null): string | null {
  if (!f) return null;
  let wkt: string;
  switch (f.type) {
    case 'Point':
      wkt = `POINT (${f.coordinates[0]} ${f.coordinates[1]})`;
      break;
    case 'MultiPoint':
    case 'LineString':
      wkt = `${f.type === 'LineString' ? 'LINESTRING' : 'MULTIPOINT'} ${wktPositions(f.coordinates)}`;
      break;
    case 'MultiLineString':
    case 'Polygon':
      wkt = `${f.type === 'Polygon' ? 'POLYGON' : 'MULTILINESTRING'} ${wktRings(f.coordinates)}`;
      break;
    case 'MultiPolygon':
      wkt = `MULTIPOLYGON (${f.coordinates.map(wktRings).join(', ')})`;
      break;
  }
  return `geography'SRID=4326;${wkt}'`;
}

/**
 * The id of a product's quicklook asset: stable across restarts and hubs, and computed in SQL by the same
 * formula (migration 0008 `quicklook_asset_id`, which indexes it): the MD5 of `<product id>:<path>` as a
 * UUID with version 3 and the RFC 9562 variant.
 */
export function quicklookAssetId(productId: string, filePath: string): string {
  const hex = createHash('md5').update(`${productId.toLowerCase()}:${filePath}`, 'utf8').digest('hex');
  const h = `${hex.slice(0, 12)}3${hex.slice(13, 16)}8${hex.slice(17)}`;
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
