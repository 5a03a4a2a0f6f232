/**
 * Geometry literals: validation (before any SQL) and normalisation to the form of the stored footprints,
 * which are lon/lat MultiPolygons split at the antimeridian (catalog/footprint.ts). A query geometry gets
 * the same treatment, so that a search on either side of 180 degrees, or across it, finds them:
 *
 * - here, rings and lines are made continuous in longitude (edges go the shorter way round, so 175 → -175
 *   crosses 180 and becomes 175 → 185) and a ring going once around the globe is closed over its pole;
 * - in SQL (spatial-sql.ts) ST_WrapX cuts the result at ±180 and moves the outer pieces back;
 * - a bbox with minLon > maxLon is two boxes, [minLon, 180] and [-180, maxLon] (STAC API item search).
 *
 * The logic mirrors catalog/footprint.ts (which the query model may not import: the catalogue imports the
 * query model); the two must stay in step.
 */
import type { Bbox, GeoJsonGeometry, Position, SpatialOperand } from './filter.ts';
import { QUERY_ERRORS, queryError } from './errors.ts';

/** Coordinates one filter may carry in all its geometries together. */
export const MAX_POSITIONS = 100_000;

export interface GeometryBudget {
  positions: number;
}

function invalid(reason: string): Error {
  return queryError(QUERY_ERRORS.FILTER_INVALID_GEOMETRY, `invalid geometry: ${reason}`, { reason });
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function member(o: Record<string, unknown>, key: string): unknown {
  return Object.hasOwn(o, key) ? o[key] : undefined;
}

/**
 * Coordinates are kept to 1e-9 degrees (about 0.1 mm), far finer than any footprint. Rounding also keeps
 * subnormal floats (1e-300) away from GEOS, which in PGlite's WebAssembly build left the database in a
 * broken state after such input (found by test/query/property.test.ts).
 */
export function roundDegrees(value: number): number {
  return Math.round(value * 1e9) / 1e9 + 0; // + 0 turns -0 into 0
}

/** A position as [lon, lat]: a height is accepted and dropped; longitudes up to ±360 allow unwrapped input. */
function readPosition(x: unknown, budget: GeometryBudget): Position {
  if (!Array.isArray(x) || x.length < 2 || x.length > 3) throw invalid('a position has two or three numbers');
  if (!x.every((v): v is number => typeof v === 'number' && Number.isFinite(v))) throw invalid('coordinates must be finite numbers');
  const [lon, lat] = x as [number, number];
  if (Math.abs(lat) > 90) throw invalid('latitude beyond ±90');
  if (Math.abs(lon) > 360) throw invalid('longitude beyond ±360');
  if (++budget.positions > MAX_POSITIONS)
    throw queryError(QUERY_ERRORS.FILTER_TOO_COMPLEX, `geometries have more than ${MAX_POSITIONS} positions`);
  return [roundDegrees(lon), roundDegrees(lat)];
}

function readList<T>(x: unknown, min: number, what: string, read: (item: unknown) => T): T[] {
  if (!Array.isArray(x) || x.length < min) throw invalid(`${what} needs at least ${min} element(s)`);
  return x.map(read);
}

/** RFC 7946 §3.1.6: a linear ring has four or more positions, the first and last identical. */
function readRing(x: unknown, budget: GeometryBudget): Position[] {
  const ring = readList(x, 4, 'a linear ring', (p) => readPosition(p, budget));
  const first = ring[0] as Position;
  const last = ring[ring.length - 1] as Position;
  if (first[0] !== last[0] || first[1] !== last[1]) throw invalid('a linear ring must be closed');
  return ring;
}

/** A clean copy holding only `type` and `coordinates`/`geometries`: other members (a `crs`, extras) are dropped. */
export function readGeometry(x: unknown, budget: GeometryBudget, nested = false): GeoJsonGeometry {
  if (!isRecord(x)) throw invalid('not a GeoJSON geometry object');
  const c = member(x, 'coordinates');
  const type = member(x, 'type');
  const position = (p: unknown): Position => readPosition(p, budget);
  const line = (l: unknown): Position[] => readList(l, 2, 'a LineString', position);
  const polygon = (p: unknown): Position[][] => readList(p, 1, 'a Polygon', (r) => readRing(r, budget));
  switch (type) {
    case 'Point':
      return { type, coordinates: position(c) };
    case 'MultiPoint':
      return { type, coordinates: readList(c, 1, 'a MultiPoint', position) };
    case 'LineString':
      return { type, coordinates: line(c) };
    case 'MultiLineString':
      return { type, coordinates: readList(c, 1, 'a MultiLineString', line) };
    case 'Polygon':
      return { type, coordinates: polygon(c) };
    case 'MultiPolygon':
      return { type, coordinates: readList(c, 1, 'a MultiPolygon', polygon) };
    case 'GeometryCollection':
      // RFC 7946 §3.1.8: nested collections SHOULD be avoided; we refuse them.
      if (nested) throw invalid('nested GeometryCollection');
      return { type, geometries: readList(member(x, 'geometries'), 1, 'a GeometryCollection', (g) => readGeometry(g, budget, true)) };
    default:
      throw invalid('unknown GeoJSON geometry type');
  }
}

export function readBbox(x: unknown): Bbox {
  if (!Array.isArray(x) || x.length !== 4 || !x.every((v): v is number => typeof v === 'number' && Number.isFinite(v))) {
    throw invalid('a bbox is four finite numbers [minLon, minLat, maxLon, maxLat]');
  }
  const [minLon, minLat, maxLon, maxLat] = x as [number, number, number, number];
  if (Math.abs(minLon) > 180 || Math.abs(maxLon) > 180) throw invalid('bbox longitude beyond ±180');
  if (Math.abs(minLat) > 90 || Math.abs(maxLat) > 90) throw invalid('bbox latitude beyond ±90');
  if (minLat > maxLat) throw invalid('bbox minLat above maxLat');
  return [roundDegrees(minLon), roundDegrees(minLat), roundDegrees(maxLon), roundDegrees(maxLat)];
}

export function readSpatialOperand(x: unknown, budget: GeometryBudget): SpatialOperand {
  if (!isRecord(x)) throw invalid('expected {kind: "geometry"} or {kind: "bbox"}');
  const kind = member(x, 'kind');
  if (kind === 'geometry') return { kind, geometry: readGeometry(member(x, 'geometry'), budget) };
  if (kind === 'bbox') return { kind, bbox: readBbox(member(x, 'bbox')) };
  throw invalid('expected {kind: "geometry"} or {kind: "bbox"}');
}

/** One box as GeoJSON; a box without area becomes a line or a point, which predicates handle as such. */
function box(minLon: number, minLat: number, maxLon: number, maxLat: number): GeoJsonGeometry {
  if (minLon === maxLon && minLat === maxLat) return { type: 'Point', coordinates: [minLon, minLat] };
  if (minLon === maxLon || minLat === maxLat)
    return {
      type: 'LineString',
      coordinates: [
        [minLon, minLat],
        [maxLon, maxLat],
      ],
    };
  return {
    type: 'Polygon',
    coordinates: [
      [
        [minLon, minLat],
        [maxLon, minLat],
        [maxLon, maxLat],
        [minLon, maxLat],
        [minLon, minLat],
      ],
    ],
  };
}

/** A bbox as already-split GeoJSON: two boxes when it crosses the antimeridian (minLon > maxLon). */
export function bboxGeometry([minLon, minLat, maxLon, maxLat]: Bbox): GeoJsonGeometry {
  if (minLon <= maxLon) return box(minLon, minLat, maxLon, maxLat);
  const parts: GeoJsonGeometry[] = [];
  if (minLon < 180) parts.push(box(minLon, minLat, 180, maxLat));
  if (maxLon > -180) parts.push(box(-180, minLat, maxLon, maxLat));
  const [a, b] = parts;
  if (!a) return box(-180, minLat, -180, maxLat); // [180, -180]: the antimeridian itself
  if (!b) return a;
  // Both parts have width, so they have the same dimension.
  if (a.type === 'Polygon' && b.type === 'Polygon') return { type: 'MultiPolygon', coordinates: [a.coordinates, b.coordinates] };
  if (a.type === 'LineString' && b.type === 'LineString') return { type: 'MultiLineString', coordinates: [a.coordinates, b.coordinates] };
  return { type: 'GeometryCollection', geometries: [a, b] };
}

function normaliseLon(lon: number): number {
  let l = lon;
  while (l > 180) l -= 360;
  while (l < -180) l += 360;
  return l;
}

/** Longitudes made continuous: each step goes the shorter way round (a jump over 180 degrees is a crossing). */
function unwrapLine(line: readonly Position[]): number[][] {
  const out: number[][] = [];
  let prev: number | undefined;
  for (const [lon = 0, lat = 0] of line) {
    let next = normaliseLon(lon);
    if (prev !== undefined) {
      while (next - prev > 180) next -= 360;
      while (next - prev < -180) next += 360;
    }
    out.push([next, lat]);
    prev = next;
  }
  return out;
}

/** As unwrapLine; a ring that ends 360 degrees from its start goes around a pole and is closed over it. */
function unwrapRing(ring: readonly Position[]): number[][] {
  const out = unwrapLine(ring);
  const start = out[0] as number[];
  const end = out[out.length - 1] as number[];
  const drift = (end[0] as number) - (start[0] as number);
  if (Math.abs(drift) > 180) {
    const meanLat = out.reduce((s, p) => s + (p[1] as number), 0) / out.length;
    const poleLat = meanLat >= 0 ? 90 : -90;
    out.push([end[0] as number, poleLat], [start[0] as number, poleLat], [start[0] as number, start[1] as number]);
  }
  return out;
}

function unwrapPolygon(rings: readonly (readonly Position[])[]): number[][][] {
  const [shell, ...holes] = rings.map(unwrapRing);
  if (!shell) return [];
  const lons = shell.map((p) => p[0] as number);
  const centre = (Math.min(...lons) + Math.max(...lons)) / 2;
  // A hole is unwrapped from its own first point; move it by whole turns next to its shell.
  const aligned = holes.map((hole) => {
    const shift = Math.round((centre - (hole[0]?.[0] ?? centre)) / 360) * 360;
    return hole.map(([lon = 0, lat = 0]) => [lon + shift, lat]);
  });
  return [shell, ...aligned];
}

/** The continuous-longitude form of a validated geometry, ready for the SQL split at ±180. */
export function unwrapGeometry(g: GeoJsonGeometry): GeoJsonGeometry {
  switch (g.type) {
    case 'Point':
      return { type: 'Point', coordinates: [normaliseLon(g.coordinates[0] ?? 0), g.coordinates[1] ?? 0] };
    case 'MultiPoint':
      return { type: 'MultiPoint', coordinates: g.coordinates.map(([lon = 0, lat = 0]) => [normaliseLon(lon), lat]) };
    case 'LineString':
      return { type: 'LineString', coordinates: unwrapLine(g.coordinates) };
    case 'MultiLineString':
      return { type: 'MultiLineString', coordinates: g.coordinates.map(unwrapLine) };
    case 'Polygon':
      return { type: 'Polygon', coordinates: unwrapPolygon(g.coordinates) };
    case 'MultiPolygon':
      return { type: 'MultiPolygon', coordinates: g.coordinates.map(unwrapPolygon) };
    case 'GeometryCollection':
      return { type: 'GeometryCollection', geometries: g.geometries.map(unwrapGeometry) };
  }
}

/** Every coordinate rounded as readPosition rounds it: stored footprints get the query literals' precision. */
export function roundGeometry(g: GeoJsonGeometry): GeoJsonGeometry {
  const p = (pos: Position): Position => pos.map(roundDegrees);
  switch (g.type) {
    case 'Point':
      return { type: g.type, coordinates: p(g.coordinates) };
    case 'MultiPoint':
    case 'LineString':
      return { type: g.type, coordinates: g.coordinates.map(p) };
    case 'MultiLineString':
    case 'Polygon':
      return { type: g.type, coordinates: g.coordinates.map((l) => l.map(p)) };
    case 'MultiPolygon':
      return { type: g.type, coordinates: g.coordinates.map((poly) => poly.map((l) => l.map(p))) };
    case 'GeometryCollection':
      return { type: g.type, geometries: g.geometries.map(roundGeometry) };
  }
}
