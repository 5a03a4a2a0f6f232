import { roundGeometry, unwrapGeometry, type GeoJsonGeometry } from '../query/index.ts';
import type { Footprint } from './types.ts';

/**
 * Footprints are stored in lon/lat with no part crossing the antimeridian, so that
 * planar PostGIS operators and one GiST index answer searches on either side of 180 degrees (the
 * approach RFC 7946 §3.1.9 asks of GeoJSON producers). Query geometries go through the same steps
 * (query/geometry.ts, query/spatial-sql.ts), so stored and searched shapes always agree.
 *
 * Here rings are only made continuous in longitude (a ring crossing 180 gets longitudes beyond ±180)
 * and rings around a pole are closed over the pole; `footprintSql` then cuts them at ±180 and shifts
 * the outer pieces back, with ST_WrapX, in the database.
 */
export function unwrapFootprint<G extends Footprint>(geometry: G): G {
  // unwrapGeometry keeps the geometry type, so a Polygon stays a Polygon and a LineString a LineString.
  // Coordinates are rounded to 1e-9 degrees exactly as query literals are (query/geometry.ts): a search
  // naming a stored vertex (CQL2 S_TOUCHES or S_EQUALS on a border point) must meet the same number.
  return unwrapGeometry(roundGeometry(geometry as GeoJsonGeometry)) as G; // Footprint is GeoJsonGeometry with mutable arrays
}

/**
 * The SQL expression turning an unwrapped GeoJSON parameter into the stored form (NULL stays NULL: every
 * step is strict). Every geometry is split at ±180. Only polygonal ones are made valid (a self-crossing
 * ring is a producer's slip; ST_MakeValid has nothing to repair in points, and would turn a line with a
 * repeated segment into a collection) and kept as MultiPolygons, as footprints always were; points and
 * lines keep their type, so that S_EQUALS against the producer's own point or line holds.
 */
export function footprintSql(param: string): string {
  const split = `ST_WrapX(ST_WrapX(ST_SetSRID(ST_GeomFromGeoJSON(${param}), 4326), 180, -360), -180, 360)`;
  return `(SELECT CASE WHEN ST_Dimension(g) = 2 AND GeometryType(g) <> 'GEOMETRYCOLLECTION'
      THEN ST_Multi(ST_CollectionExtract(ST_MakeValid(g), 3)) ELSE g END FROM (SELECT ${split} AS g) AS split)`;
}
