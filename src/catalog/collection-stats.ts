/**
 * What a collection holds, computed from its products: the spatial and temporal extent, the count,
 * the distinct values of chosen attributes and the range of numeric ones (STAC collection extent and
 * summaries, OGC API Features collection extent). Aggregates over the indexed columns; bounded lists.
 */
import type { Queryable } from '../db/index.ts';

export interface CollectionStats {
  count: number;
  /** [minLon, minLat, maxLon, maxLat] of every footprint, null when no product has one. */
  bboxWgs84: [number, number, number, number] | null;
  /** Earliest sensing start and latest sensing end (or start), null when no product has a time. */
  start: string | null;
  end: string | null;
}

/** The statistics of every collection that has products (collections without any are absent). */
export async function collectionStats(db: Queryable): Promise<Map<string, CollectionStats>> {
  const r = await db.query<{
    collection: string;
    n: number;
    xmin: number | null;
    ymin: number | null;
    xmax: number | null;
    ymax: number | null;
    start: string | null;
    end: string | null;
  }>(
    `SELECT collection, count(*)::bigint AS n, min(ST_XMin(footprint)) AS xmin, min(ST_YMin(footprint)) AS ymin,
       max(ST_XMax(footprint)) AS xmax, max(ST_YMax(footprint)) AS ymax,
       min(sensing_start) AS start, max(coalesce(sensing_end, sensing_start)) AS "end"
     FROM products GROUP BY collection`,
  );
  return new Map(
    r.rows.map((row) => [
      row.collection,
      {
        count: Number(row.n),
        bboxWgs84:
          row.xmin === null || row.ymin === null || row.xmax === null || row.ymax === null
            ? null
            : [Number(row.xmin), Number(row.ymin), Number(row.xmax), Number(row.ymax)],
        start: row.start,
        end: row.end,
      },
    ]),
  );
}

/** Up to `max` distinct values (as text, sorted) of each named attribute in a collection. */
export async function distinctAttributeValues(
  db: Queryable,
  collection: string,
  names: readonly string[],
  max = 100,
): Promise<Record<string, string[]>> {
  const r = await db.query<{ name: string; vals: string[] | null }>(
    `SELECT n AS name, (SELECT array_agg(v ORDER BY v) FROM (
         SELECT DISTINCT p.attributes->>n AS v FROM products p WHERE p.collection = $1 AND p.attributes->>n IS NOT NULL ORDER BY 1 LIMIT $3
       ) s) AS vals
     FROM unnest($2::text[]) AS n`,
    [collection, [...names], max],
  );
  return Object.fromEntries(r.rows.map((row) => [row.name, row.vals ?? []]));
}

/** The smallest and largest numeric value of an attribute in a collection; null when none is numeric. */
export async function attributeRange(
  db: Queryable,
  collection: string,
  name: string,
): Promise<{ minimum: number; maximum: number } | null> {
  const r = await db.query<{ lo: number | null; hi: number | null }>(
    `SELECT min((attributes->>$2)::float8) AS lo, max((attributes->>$2)::float8) AS hi
     FROM products WHERE collection = $1 AND jsonb_typeof(attributes->$2) = 'number'`,
    [collection, name],
  );
  const row = r.rows[0];
  return row?.lo == null || row.hi == null ? null : { minimum: Number(row.lo), maximum: Number(row.hi) };
}
