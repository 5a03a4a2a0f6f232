import type { FootprintGeometry } from '../metadata/types.ts';

/**
 * Footprints are stored as MultiPolygons in lon/lat whose parts never cross the antimeridian, so that
 * planar PostGIS operators and one GiST index answer searches on either side of 180 degrees (the
 * approach RFC 7946 §3.1.9 asks of GeoJSON producers).
 *
 * Here rings are only made continuous in longitude (a ring crossing 180 gets longitudes beyond ±180)
 * and rings around a pole are closed over the pole; `FOOTPRINT_SQL` then cuts them at ±180 and shifts
 * the outer pieces back, with ST_WrapX, in the database.
 */
export function unwrapFootprint(geometry: FootprintGeometry): FootprintGeometry {
  if (geometry.type === 'Polygon') return { type: 'Polygon', coordinates: geometry.coordinates.map(unwrapRing) };
  return { type: 'MultiPolygon', coordinates: geometry.coordinates.map((poly) => poly.map(unwrapRing)) };
}

/** The SQL expression turning an unwrapped GeoJSON parameter into the stored form (NULL stays NULL: every step is strict). */
export function footprintSql(param: string): string {
  return `ST_Multi(ST_CollectionExtract(ST_MakeValid(ST_WrapX(ST_WrapX(ST_SetSRID(ST_GeomFromGeoJSON(${param}), 4326), 180, -360), -180, 360)), 3))`;
}

function unwrapRing(ring: number[][]): number[][] {
  if (ring.length === 0) return ring;
  const first = ring[0] as number[];
  let lon = normaliseLon(first[0] as number);
  const out: number[][] = [[lon, first[1] as number]];
  for (let i = 1; i < ring.length; i++) {
    const p = ring[i] as number[];
    let next = normaliseLon(p[0] as number);
    // Edges are taken as the shorter way round: a jump of more than 180 degrees is a crossing.
    while (next - lon > 180) next -= 360;
    while (next - lon < -180) next += 360;
    out.push([next, p[1] as number]);
    lon = next;
  }
  const last = out[out.length - 1] as number[];
  const drift = (last[0] as number) - (out[0]?.[0] as number);
  if (Math.abs(drift) > 180) {
    // The ring goes once around the globe: it encloses a pole. Close it along the pole's parallel.
    const meanLat = out.reduce((s, p) => s + (p[1] as number), 0) / out.length;
    const poleLat = meanLat >= 0 ? 90 : -90;
    const start = out[0] as number[];
    // The closing point now sits 360 degrees away from the first: walk over the pole back to the start.
    const end = last;
    out.push([end[0] as number, poleLat], [start[0] as number, poleLat], [start[0] as number, start[1] as number]);
  }
  return out;
}

function normaliseLon(lon: number): number {
  let l = lon;
  while (l > 180) l -= 360;
  while (l < -180) l += 360;
  return l;
}
