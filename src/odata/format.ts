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

type Ring = number[][];
export type DisplayFootprint = { type: 'Polygon'; coordinates: Ring[] } | { type: 'MultiPolygon'; coordinates: Ring[][] };

const round6 = (x: number): number => Math.round(x * 1e6) / 1e6;
const wrapLon = (x: number): number => (x > 180 ? x - 360 : x);

/**
 * The footprint as CDSE shows it: one Polygon when there is one part, longitudes in -180..180 (a part
 * joined across the antimeridian keeps its jump from 179.x to -179.x, as CDSE's do), 6 decimals.
 * `geometry` is the stored MultiPolygon, or the joined geometry (longitudes in 0..360) from
 * catalog's joinAntimeridianFootprints.
 */
export function displayFootprint(geometry: { type: string; coordinates: unknown } | null): DisplayFootprint | null {
  if (!geometry) return null;
  const ring = (r: Ring): Ring => r.map((p) => [round6(wrapLon(p[0] ?? 0)), round6(p[1] ?? 0)]);
  const polygons: Ring[][] =
    geometry.type === 'Polygon'
      ? [geometry.coordinates as Ring[]]
      : geometry.type === 'MultiPolygon'
        ? (geometry.coordinates as Ring[][])
        : [];
  if (polygons.length === 0) return null;
  const parts = polygons.map((p) => p.map(ring));
  return parts.length === 1 ? { type: 'Polygon', coordinates: parts[0] as Ring[] } : { type: 'MultiPolygon', coordinates: parts };
}

/** True when the stored parts touch both +180 and -180: the footprint was split there and is joined for display. */
export function crossesAntimeridian(geometry: { coordinates: number[][][][] } | null): boolean {
  if (!geometry || geometry.coordinates.length < 2) return false;
  const lons = geometry.coordinates.flat(2).map((p) => p[0] ?? 0);
  return lons.includes(180) && lons.includes(-180);
}

const wktRing = (r: Ring): string => `(${r.map((p) => `${p[0]} ${p[1]}`).join(', ')})`;
const wktPolygon = (p: Ring[]): string => `(${p.map(wktRing).join(', ')})`;

/** `geography'SRID=4326;POLYGON ((lon lat, …))'` (CDSE §1.2). */
export function footprintEwkt(f: DisplayFootprint | null): string | null {
  if (!f) return null;
  const wkt = f.type === 'Polygon' ? `POLYGON ${wktPolygon(f.coordinates)}` : `MULTIPOLYGON (${f.coordinates.map(wktPolygon).join(', ')})`;
  return `geography'SRID=4326;${wkt}'`;
}

/** A name-based UUID, version 5 (RFC 9562 §5.5): SHA-1 of the namespace UUID's bytes and the name. */
export function uuidV5(namespace: string, name: string): string {
  const hash = createHash('sha1')
    .update(Buffer.from(namespace.replace(/-/g, ''), 'hex'))
    .update(name, 'utf8')
    .digest();
  hash[6] = ((hash[6] ?? 0) & 0x0f) | 0x50;
  hash[8] = ((hash[8] ?? 0) & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The id of a product's quicklook asset: stable across restarts and hubs (product id as namespace, file path as name). */
export function quicklookAssetId(productId: string, filePath: string): string {
  return uuidV5(productId, filePath);
}
