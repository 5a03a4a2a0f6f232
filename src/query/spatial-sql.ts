/**
 * Spatial predicates in SQL: `relation(p.footprint, literal)` with the literal as a GeoJSON parameter,
 * normalised like the stored footprints (geometry.ts) so that planar PostGIS predicates and the GiST
 * index on footprint answer across the antimeridian. CQL2 1.0 (/req/spatial-functions) defines the relations by DE-9IM,
 * which is what the PostGIS ST_* functions implement.
 */
import type { DistanceFilter, GeoJsonGeometry, SpatialFilter, SpatialOperand, SpatialRelation } from './filter.ts';
import { PRODUCTS_ALIAS } from './columns.ts';
import { QUERY_ERRORS, queryError } from './errors.ts';
import { bboxGeometry, unwrapGeometry } from './geometry.ts';
import type { ParamList } from './params.ts';

const FOOTPRINT = `${PRODUCTS_ALIAS}.footprint`;

const FUNCTIONS: Record<SpatialRelation, string> = {
  intersects: 'ST_Intersects',
  disjoint: 'ST_Disjoint',
  within: 'ST_Within',
  contains: 'ST_Contains',
  equals: 'ST_Equals',
  touches: 'ST_Touches',
  overlaps: 'ST_Overlaps',
  crosses: 'ST_Crosses',
};

/** A GeoJSON parameter read as a geometry in EPSG:4326 (GeoJSON is always WGS 84 lon/lat, RFC 7946 §4). */
function geoJsonSql(g: GeoJsonGeometry, params: ParamList): string {
  return `ST_SetSRID(ST_GeomFromGeoJSON(${params.add(JSON.stringify(g), 'text')}), 4326)`;
}

/**
 * A geometry literal in SQL, split at ±180 as catalog/footprint.ts splits footprints. Polygons are made
 * valid (a self-crossing ring is a client's slip, and GEOS predicates on invalid input can fail) and kept
 * polygonal.
 */
function literalSql(g: GeoJsonGeometry, params: ParamList): string {
  const split = `ST_WrapX(ST_WrapX(${geoJsonSql(unwrapGeometry(g), params)}, 180, -360), -180, 360)`;
  return g.type === 'Polygon' || g.type === 'MultiPolygon' ? `ST_CollectionExtract(ST_MakeValid(${split}), 3)` : split;
}

/**
 * The geometries to test one by one. A GeometryCollection is taken apart (predicates on collections are
 * uneven across GEOS versions); so is a bbox crossing 180 when the relation allows it, so that each box
 * gets a tight envelope for the GiST index instead of one spanning every longitude.
 */
function members(operand: SpatialOperand, separable: boolean): Array<{ geometry: GeoJsonGeometry; split: boolean }> {
  if (operand.kind === 'geometry') {
    const g = operand.geometry;
    return g.type === 'GeometryCollection' ? g.geometries.map((m) => ({ geometry: m, split: true })) : [{ geometry: g, split: true }];
  }
  const g = bboxGeometry(operand.bbox); // already split at 180
  if (separable && g.type === 'MultiPolygon')
    return g.coordinates.map((c) => ({ geometry: { type: 'Polygon', coordinates: c }, split: false }));
  if (separable && g.type === 'MultiLineString')
    return g.coordinates.map((c) => ({ geometry: { type: 'LineString', coordinates: c }, split: false }));
  return [{ geometry: g, split: false }];
}

function memberSql(m: { geometry: GeoJsonGeometry; split: boolean }, params: ParamList): string {
  return m.split ? literalSql(m.geometry, params) : geoJsonSql(m.geometry, params);
}

export function compileSpatial(node: SpatialFilter, params: ParamList): string {
  const separable = node.relation === 'intersects' || node.relation === 'disjoint';
  const parts = members(node.geometry, separable);
  const fn = FUNCTIONS[node.relation];
  // Two literals: every member on the left against every member on the right, under the same rule.
  const lefts = node.left ? members(node.left, separable).map((m) => memberSql(m, params)) : [FOOTPRINT];
  const sql = lefts.flatMap((left) => parts.map((m) => `${fn}(${left}, ${memberSql(m, params)})`));
  if (sql.length === 1) return sql[0] as string;
  // Intersecting a collection is intersecting one of its members; being disjoint from it, from all.
  if (node.relation === 'intersects') return `(${sql.join(' OR ')})`;
  if (node.relation === 'disjoint') return `(${sql.join(' AND ')})`;
  throw queryError(QUERY_ERRORS.FILTER_UNSUPPORTED, `spatial relation ${node.relation} against a GeometryCollection is not supported`);
}

/**
 * Planar lon/lat geometry as geography. Geography joins vertices by great circles, so edges are first cut
 * to at most one degree: a box edge then follows its parallel, no edge is 180 degrees long (which PostGIS
 * refuses as ambiguous), and a split polar cap closes around its pole.
 */
function asGeography(sql: string): string {
  return `ST_Segmentize(${sql}, 1)::geography`;
}

/**
 * Distance on the WGS 84 spheroid (geography), in metres: OpenSearch Geo `geo:lat/geo:lon/geo:radius`
 * (OGC 10-032r8). It reads every footprint (no index); the dialects send it with a collection or time filter.
 */
export function compileDistance(node: DistanceFilter, params: ParamList): string {
  const distance = params.add(node.distanceMeters, 'double precision');
  const sql = members(node.geometry, true).map(
    (m) => `ST_DWithin(${asGeography(FOOTPRINT)}, ${asGeography(memberSql(m, params))}, ${distance})`,
  );
  return sql.length === 1 ? (sql[0] as string) : `(${sql.join(' OR ')})`;
}
