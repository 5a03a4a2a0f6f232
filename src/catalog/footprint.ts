import type { FootprintGeometry } from '../metadata/types.ts';
import { unwrapGeometry } from '../query/index.ts';

/**
 * Footprints are stored as MultiPolygons in lon/lat whose parts never cross the antimeridian, so that
 * planar PostGIS operators and one GiST index answer searches on either side of 180 degrees (the
 * approach RFC 7946 §3.1.9 asks of GeoJSON producers). Query geometries go through the same steps
 * (query/geometry.ts, query/spatial-sql.ts), so stored and searched shapes always agree.
 *
 * Here rings are only made continuous in longitude (a ring crossing 180 gets longitudes beyond ±180)
 * and rings around a pole are closed over the pole; `footprintSql` then cuts them at ±180 and shifts
 * the outer pieces back, with ST_WrapX, in the database.
 */
export function unwrapFootprint(geometry: FootprintGeometry): FootprintGeometry {
  // unwrapGeometry keeps the geometry type, so a Polygon stays a Polygon and a MultiPolygon a MultiPolygon.
  return unwrapGeometry(geometry) as FootprintGeometry;
}

/** The SQL expression turning an unwrapped GeoJSON parameter into the stored form (NULL stays NULL: every step is strict). */
export function footprintSql(param: string): string {
  return `ST_Multi(ST_CollectionExtract(ST_MakeValid(ST_WrapX(ST_WrapX(ST_SetSRID(ST_GeomFromGeoJSON(${param}), 4326), 180, -360), -180, 360)), 3))`;
}
