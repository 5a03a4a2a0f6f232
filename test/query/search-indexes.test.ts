import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INTERNAL_SEES_EVERYTHING } from '../../src/access/index.ts';
import type { Db } from '../../src/db/index.ts';
import { and, bbox, buildSearchQuery, inList, interval, prop, sensingInterval, sIntersects, tIntersects } from '../../src/query/index.ts';
import { createTestDb } from '../support/with-db.ts';

/** The plan PostgreSQL makes for a compiled box + month search of `collections`, newest first, with table scans off. */
async function planOf(db: Db, collections: string[]): Promise<string> {
  const q = buildSearchQuery({
    scope: INTERNAL_SEES_EVERYTHING,
    filter: and(
      inList(prop('collection'), collections),
      sIntersects(bbox(10, 45, 12, 47)),
      tIntersects(sensingInterval(), interval('2023-05-01T00:00:00Z', '2023-05-31T23:59:59Z')),
    ),
    order: [{ key: 'sensingStart', direction: 'desc' }],
    limit: 10,
  });
  return db.transaction(async (tx) => {
    // An empty table would be scanned whole; the question is which index the planner may use at all.
    await tx.query('SET LOCAL enable_seqscan = off');
    const r = await tx.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${q.sql}`, q.params);
    return r.rows.map((row) => row['QUERY PLAN']).join('\n');
  });
}

// Migration 0014's partial indexes are proved from the collection name the compiler passes as a parameter,
// which PostgreSQL folds into the custom plan; PGlite runs the same planner, so PostgreSQL stands for both.
describe('the GiST a box + time search of one collection uses (migration 0014) [postgres]', () => {
  let handle: Awaited<ReturnType<typeof createTestDb>>;
  beforeAll(async () => {
    handle = await createTestDb('postgres');
    // On an empty table the B-trees on sensing time look as cheap; without them (in this throw-away schema)
    // the plan shows which of the footprint-and-time GiSTs the planner can prove usable.
    await handle.db.exec(
      `DROP INDEX products_start_idx, products_start_desc_idx, products_collection_start_idx, products_collection_start_desc_idx, products_footprint_idx`,
    );
  });
  afterAll(async () => handle.drop());

  it('searches a large Sentinel collection through its own partial GiST on footprint and time', async () => {
    expect(await planOf(handle.db, ['SENTINEL-2'])).toMatch(/products_s2_footprint_time_idx/);
    expect(await planOf(handle.db, ['SENTINEL-5P'])).toMatch(/products_s5p_footprint_time_idx/);
  });

  it('plans a small box and window in a Sentinel collection once, generically, on its own GiST', async () => {
    const q = buildSearchQuery({
      scope: INTERNAL_SEES_EVERYTHING,
      filter: and(
        inList(prop('collection'), ['SENTINEL-2']),
        sIntersects(bbox(10, 45, 12, 47)),
        tIntersects(sensingInterval(), interval('2023-05-01T00:00:00Z', '2023-05-31T23:59:59Z')),
      ),
      order: [{ key: 'sensingStart', direction: 'desc' }],
      limit: 10,
    });
    expect(q.genericPlan).toBe(true);
    const literal = (v: unknown): string => (typeof v === 'number' ? String(v) : `'${String(v).replace(/'/g, "''")}'`);
    const plan = await handle.db.transaction(async (tx) => {
      await tx.query('SET LOCAL enable_seqscan = off');
      await tx.query('SET LOCAL plan_cache_mode = force_generic_plan');
      await tx.query(`PREPARE bounded AS ${q.sql}`);
      const r = await tx.query<{ 'QUERY PLAN': string }>(`EXPLAIN EXECUTE bounded(${q.params.map(literal).join(', ')})`);
      await tx.query('DEALLOCATE bounded');
      return r.rows.map((row) => row['QUERY PLAN']).join('\n');
    });
    // A generic plan keeps the placeholders: the index was proven from the statement's constant, not a value.
    expect(plan).toMatch(/products_s2_footprint_time_idx/);
    expect(plan).toMatch(/\$\d/);
  });

  it('searches any other collection through the shared collection-led GiST', async () => {
    expect(await planOf(handle.db, ['LANDSAT-8'])).toMatch(/products_other_footprint_time_idx/);
  });
});
