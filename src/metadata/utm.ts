import { HubError } from '../errors/index.ts';
import { METADATA_ERRORS } from './errors.ts';
import { closeRing } from './geometry.ts';
import type { FootprintGeometry } from './types.ts';

/**
 * UTM (WGS84) to geographic coordinates, for footprints that products give in their tile's UTM CRS
 * (AWS `tileInfo.json`, Sentinel-2 tile geocoding). proj4 is not a dependency, so this is the inverse
 * transverse Mercator by Krüger's series in n, carried to n⁶ as in Karney (2011), "Transverse Mercator
 * with an accuracy of a few nanometers", J. Geodesy 85: agrees with PROJ to 1e-9° (0.1 mm) across a
 * zone and its Sentinel-2 overlap (test/metadata/sentinel2.test.ts).
 */

const A_WGS84_M = 6378137;
const F_WGS84 = 1 / 298.257223563;
const K0 = 0.9996;
const FALSE_EASTING_M = 500000;
const FALSE_NORTHING_SOUTH_M = 10000000;

const N = F_WGS84 / (2 - F_WGS84);
/** Rectifying radius A, scaled by the central-meridian scale k0. */
const K0_A = K0 * (A_WGS84_M / (1 + N)) * (1 + N ** 2 / 4 + N ** 4 / 64 + N ** 6 / 256);
/** β_j: rectifying (ξ, η) → conformal (ξ', η'), to n⁶. */
const BETA = [
  N / 2 - (2 / 3) * N ** 2 + (37 / 96) * N ** 3 - (1 / 360) * N ** 4 - (81 / 512) * N ** 5 + (96199 / 604800) * N ** 6,
  (1 / 48) * N ** 2 + (1 / 15) * N ** 3 - (437 / 1440) * N ** 4 + (46 / 105) * N ** 5 - (1118711 / 3870720) * N ** 6,
  (17 / 480) * N ** 3 - (37 / 840) * N ** 4 - (209 / 4480) * N ** 5 + (5569 / 90720) * N ** 6,
  (4397 / 161280) * N ** 4 - (11 / 504) * N ** 5 - (830251 / 7257600) * N ** 6,
  (4583 / 161280) * N ** 5 - (108847 / 3991680) * N ** 6,
  (20648693 / 638668800) * N ** 6,
];
/** δ_j: conformal latitude χ → geodetic latitude φ, to n⁶. */
const DELTA = [
  2 * N - (2 / 3) * N ** 2 - 2 * N ** 3 + (116 / 45) * N ** 4 + (26 / 45) * N ** 5 - (2854 / 675) * N ** 6,
  (7 / 3) * N ** 2 - (8 / 5) * N ** 3 - (227 / 45) * N ** 4 + (2704 / 315) * N ** 5 + (2323 / 945) * N ** 6,
  (56 / 15) * N ** 3 - (136 / 35) * N ** 4 - (1262 / 105) * N ** 5 + (73814 / 2835) * N ** 6,
  (4279 / 630) * N ** 4 - (332 / 35) * N ** 5 - (399572 / 14175) * N ** 6,
  (4174 / 315) * N ** 5 - (144838 / 6237) * N ** 6,
  (601676 / 22275) * N ** 6,
];

export interface UtmZone {
  zone: number;
  north: boolean;
}

/**
 * Inverse UTM: easting/northing in metres → [lon, lat] in degrees. The longitude is not wrapped to
 * [-180, 180]: a tile of zone 1 that reaches past the antimeridian keeps a continuous ring (e.g. -180.6),
 * and the catalogue splits it.
 */
export function utmToLonLat(eastingM: number, northingM: number, { zone, north }: UtmZone): [number, number] {
  const xi = (northingM - (north ? 0 : FALSE_NORTHING_SOUTH_M)) / K0_A;
  const eta = (eastingM - FALSE_EASTING_M) / K0_A;
  let xiP = xi;
  let etaP = eta;
  BETA.forEach((b, i) => {
    const j = 2 * (i + 1);
    xiP -= b * Math.sin(j * xi) * Math.cosh(j * eta);
    etaP -= b * Math.cos(j * xi) * Math.sinh(j * eta);
  });
  // Conformal latitude, then the geodetic latitude by its series.
  const chi = Math.asin(Math.sin(xiP) / Math.cosh(etaP));
  let phi = chi;
  DELTA.forEach((d, i) => {
    phi += d * Math.sin(2 * (i + 1) * chi);
  });
  const lambda0 = ((zone - 1) * 6 - 180 + 3) * (Math.PI / 180);
  const lambda = lambda0 + Math.atan2(Math.sinh(etaP), Math.cos(xiP));
  return [(lambda * 180) / Math.PI, (phi * 180) / Math.PI];
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
  return ring.map(([x, y]) => utmToLonLat(x ?? NaN, y ?? NaN, zone));
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
