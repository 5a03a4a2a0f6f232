import { HubError } from '../errors/index.ts';
import { METADATA_ERRORS } from './errors.ts';
import { closeRing } from './geometry.ts';
import type { FootprintGeometry } from './types.ts';
import { utmToLonLat } from '../util/utm.ts';

/**
 * Footprints that products give in their tile's UTM CRS (AWS `tileInfo.json`, Sentinel-2 tile
 * geocoding), read as lon/lat; the conversion itself is proj4's (util/utm.ts).
 */

export interface UtmZone {
  zone: number;
  north: boolean;
}

/**
 * Reads the UTM zone of an EPSG code in any of the spellings products use: `EPSG:32633`, `32633`,
 * `urn:ogc:def:crs:EPSG:8.8.1:32610`, `http://www.opengis.net/def/crs/EPSG/0/32733`. Returns undefined for
 * geographic WGS84 (4326, CRS84), and throws for anything else: a footprint in an unknown CRS must not be
 * stored as if it were lon/lat.
 */
export function utmZoneOfCrs(crs: string): UtmZone | undefined {
  if (/CRS84$|(^|\D)4326$/i.test(crs.trim())) return undefined;
  const m = /(?:^|\D)(32[67])(\d{2})$/.exec(crs.trim());
  const zone = m ? Number(m[2]) : NaN;
  if (!m || zone < 1 || zone > 60) throw malformed(`footprint CRS ${crs} is neither WGS84 nor a WGS84 / UTM zone`);
  return { zone, north: m[1] === '326' };
}

/** A ring of [x, y] in `crs` (UTM or WGS84 lon/lat) as a lon/lat ring. */
export function ringToLonLat(ring: number[][], crs: string | undefined): number[][] {
  const zone = crs === undefined ? undefined : utmZoneOfCrs(crs);
  if (zone === undefined) return ring;
  return ring.map(([x, y]) => utmToLonLat(x ?? NaN, y ?? NaN, zone.zone, zone.north));
}

/**
 * A GeoJSON Polygon that names its CRS in the old GeoJSON 2008 `crs` member (as AWS tileInfo.json does:
 * `urn:ogc:def:crs:EPSG:8.8.1:32610`), as a lon/lat polygon; undefined if `value` is no Polygon.
 */
export function geoJsonPolygonToLonLat(value: unknown, what: string): FootprintGeometry | undefined {
  if (value === null || typeof value !== 'object' || !('type' in value) || value.type !== 'Polygon' || !('coordinates' in value))
    return undefined;
  const rings = Array.isArray(value.coordinates) ? value.coordinates.map(numberPairs) : [];
  if (rings.length === 0 || rings.some((r) => r === undefined)) throw malformed(`${what} is not a polygon of coordinate pairs`);
  const name = 'crs' in value ? crsName(value.crs) : undefined;
  return { type: 'Polygon', coordinates: rings.map((r) => closeRing(ringToLonLat(r ?? [], name))) };
}

function crsName(crs: unknown): string | undefined {
  if (crs === null || typeof crs !== 'object' || !('properties' in crs)) return undefined;
  const { properties } = crs;
  if (properties === null || typeof properties !== 'object' || !('name' in properties)) return undefined;
  return typeof properties.name === 'string' ? properties.name : undefined;
}

function numberPairs(ring: unknown): number[][] | undefined {
  if (!Array.isArray(ring) || ring.length < 3) return undefined;
  const pairs: number[][] = [];
  for (const p of ring) {
    if (!Array.isArray(p) || typeof p[0] !== 'number' || typeof p[1] !== 'number' || !Number.isFinite(p[0]) || !Number.isFinite(p[1]))
      return undefined;
    pairs.push([p[0], p[1]]);
  }
  return pairs;
}

function malformed(message: string): HubError {
  return new HubError(METADATA_ERRORS.MALFORMED, 'invalid', message);
}
