/**
 * DHuS footprint clauses (reference/dhus-sentinelsat.md §1.6, §2.3): `Intersects|IsWithin|Contains(x)`,
 * case-insensitive, where x is WKT (POLYGON, MULTIPOLYGON, POINT, GEOMETRYCOLLECTION, ...; lon lat), the
 * CLI's `ENVELOPE(minX, maxX, maxY, minY)` (Solr's spatial syntax) or DHuS's point form `lat, lon`. WKT
 * is read by the CQL2 dialect's WKT reader, so the two dialects accept the same geometries.
 */
import { bbox, geometry, spatial } from '../builders.ts';
import { TokenCursor } from '../cql2/token-cursor.ts';
import { WktReader } from '../cql2/wkt.ts';
import type { Filter, SpatialRelation } from '../filter.ts';
import { DHUS_QUERY_ERRORS, dhusQueryError } from './errors.ts';

const RELATIONS: Record<string, SpatialRelation> = { intersects: 'intersects', iswithin: 'within', contains: 'contains' };
const CALL = /^\s*([A-Za-z]+)\s*\(([\s\S]*)\)\s*$/;
const NUMBER = String.raw`\s*([-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?)\s*`;
const LAT_LON = new RegExp(`^${NUMBER},${NUMBER}$`);
const ENVELOPE = new RegExp(`^\\s*ENVELOPE\\s*\\(${NUMBER},${NUMBER},${NUMBER},${NUMBER}\\)\\s*$`, 'i');

/** The clause for `footprint:"<text>"`; `position` is where the value starts in `q`. */
export function footprintClause(text: string, position: number): Filter {
  const bad = (why: string): Error => dhusQueryError(DHUS_QUERY_ERRORS.DHUS_INVALID_VALUE, `invalid footprint: ${why}`, position);
  const call = CALL.exec(text);
  const relation = call ? RELATIONS[(call[1] ?? '').toLowerCase()] : undefined;
  if (!call || relation === undefined) throw bad('expected Intersects(...), IsWithin(...) or Contains(...)');
  const inner = call[2] ?? '';
  const point = LAT_LON.exec(inner);
  if (point) return spatial(relation, geometry({ type: 'Point', coordinates: [Number(point[2]), Number(point[1])] }));
  const env = ENVELOPE.exec(inner);
  if (env) {
    const [minX, maxX, maxY, minY] = [1, 2, 3, 4].map((i) => Number(env[i]));
    return spatial(relation, bbox(minX as number, minY as number, maxX as number, maxY as number));
  }
  try {
    const cursor = new TokenCursor(inner);
    const g = new WktReader(cursor).memberGeometry(0);
    if (cursor.peek().type !== 'end') throw cursor.expected('the end of the geometry');
    return spatial(relation, geometry(g));
  } catch (error) {
    throw bad(error instanceof Error ? error.message.replace(/^CQL2 text: /, '') : 'not WKT');
  }
}
