import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INTERNAL_SEES_EVERYTHING } from '../../src/access/index.ts';
import { MAX_PREPARED_STATEMENTS, openPostgres } from '../../src/db/postgres.ts';
import {
  and,
  attribute,
  bbox,
  buildSearchQuery,
  eq,
  ge,
  genericPlanCollection,
  gt,
  le,
  geometry,
  inList,
  interval,
  lt,
  or,
  prop,
  sensingInterval,
  sIntersects,
  takePage,
  tIntersects,
  timestamp,
  type Filter,
  type SortTerm,
} from '../../src/query/index.ts';
import { boxFootprint, insertTestProducts, type TestProduct } from '../support/products.ts';
import { createTestDb, TEST_DATABASE_URL, withDb } from '../support/with-db.ts';

const S2 = inList(prop('collection'), ['SENTINEL-2']);
const BOX = sIntersects(bbox(10, 45, 12, 47));
const MONTH = tIntersects(sensingInterval(), interval('2023-05-01T00:00:00Z', '2023-05-31T23:59:59Z'));
const CLOUDS = lt(attribute('cloudCover', 'Double'), 20);

describe('which searches run on one generic plan', () => {
  it('takes a collection with its own GiST, a small box and a closed window of at most three months', () => {
    expect(genericPlanCollection(and(S2, BOX, MONTH))).toBe('SENTINEL-2');
    expect(genericPlanCollection(and(MONTH, and(BOX, CLOUDS), eq(prop('collection'), 'SENTINEL-1')))).toBe('SENTINEL-1');
    expect(
      genericPlanCollection(and(inList(prop('collection'), ['SENTINEL-5P']), BOX, tIntersects(sensingInterval(), timestamp('2023-05-04')))),
    ).toBe('SENTINEL-5P');
    const polygon = geometry({
      type: 'Polygon',
      coordinates: [
        [
          [10, 45],
          [14, 45],
          [14, 50],
          [10, 45],
        ],
      ],
    });
    expect(genericPlanCollection(and(S2, sIntersects(polygon), MONTH))).toBe('SENTINEL-2');
    // OData's window: ContentDate/Start between two instants.
    const odataWindow = [gt(prop('sensingStart'), timestamp('2023-05-01')), lt(prop('sensingStart'), timestamp('2023-06-01'))];
    expect(genericPlanCollection(and(eq(prop('collection'), 'SENTINEL-2'), BOX, ...odataWindow))).toBe('SENTINEL-2');
    // 5° across the antimeridian is a small box, not 355°.
    expect(genericPlanCollection(and(S2, sIntersects(bbox(178, -10, -177, -5)), MONTH))).toBe('SENTINEL-2');
  });

  it('keeps custom plans where one plan cannot serve every value', () => {
    const cases: Record<string, Filter | undefined> = {
      'no filter': undefined,
      'no collection': and(BOX, MONTH),
      'a collection without its own GiST': and(inList(prop('collection'), ['LANDSAT-8']), BOX, MONTH),
      'two collections': and(inList(prop('collection'), ['SENTINEL-1', 'SENTINEL-2']), BOX, MONTH),
      'a collection named twice': and(S2, eq(prop('collection'), 'SENTINEL-1'), BOX, MONTH),
      'all of Europe': and(S2, sIntersects(bbox(-25, 34, 45, 72)), MONTH),
      'a box just over 5° × 5°': and(S2, sIntersects(bbox(10, 45, 15.1, 50)), MONTH),
      'no box': and(S2, MONTH),
      'an open window': and(S2, BOX, tIntersects(sensingInterval(), interval('2023-05-01', '..'))),
      'four months': and(S2, BOX, tIntersects(sensingInterval(), interval('2023-01-01', '2023-05-01'))),
      'a window ending before it starts': and(S2, BOX, tIntersects(sensingInterval(), interval('2023-05-01', '2023-04-01'))),
      'no window': and(S2, BOX),
      'a start after a lower bound only': and(S2, BOX, ge(prop('sensingStart'), timestamp('2023-05-01'))),
      'bounds on the start a year apart': and(
        S2,
        BOX,
        ge(prop('sensingStart'), timestamp('2023-01-01')),
        le(prop('sensingStart'), timestamp('2024-01-01')),
      ),
      'an upper bound on the end (no bound on the start)': and(
        S2,
        BOX,
        ge(prop('sensingStart'), timestamp('2023-05-01')),
        le(prop('sensingEnd'), timestamp('2023-05-31')),
      ),
      'a disjunction': or(and(S2, BOX, MONTH), CLOUDS),
      'an equality on an attribute (GIN-indexed)': and(S2, BOX, MONTH, eq(attribute('tileId', 'String'), '32TQM')),
      'a collection name that only resembles one': and(inList(prop('collection'), ["SENTINEL-2' OR TRUE --"]), BOX, MONTH),
    };
    for (const [what, filter] of Object.entries(cases)) expect(genericPlanCollection(filter), what).toBeUndefined();
    expect(genericPlanCollection(and(S2, BOX, MONTH), 20), 'offset paging').toBeUndefined();
  });

  it('repeats the collection as a constant of the code in the statement, and says the plan is generic', () => {
    const q = buildSearchQuery({ scope: INTERNAL_SEES_EVERYTHING, filter: and(S2, BOX, MONTH, CLOUDS), limit: 10 });
    expect(q.genericPlan).toBe(true);
    expect(q.sql).toContain(`p.collection = 'SENTINEL-2'`);
    expect(q.params).toContain('SENTINEL-2');
    const other = buildSearchQuery({ scope: INTERNAL_SEES_EVERYTHING, filter: and(S2, MONTH), limit: 10 });
    expect(other.genericPlan).toBe(false);
    expect(other.sql).not.toContain(`'SENTINEL-2'`);
  });
});

/** Tiles of 1° on a grid over 10..16°E, 44..48°N, one a week through 2023, half of them cloudy. */
function tiles(): TestProduct[] {
  const out: TestProduct[] = [];
  for (let week = 0; week < 52; week += 3) {
    for (let lon = 10; lon < 16; lon += 2) {
      for (let lat = 44; lat < 48; lat += 2) {
        const start = new Date(Date.UTC(2023, 0, 1 + week * 7, 10, lon, lat)).toISOString();
        out.push({
          name: `S2_TILE_${week}_${lon}_${lat}`,
          collection: lon === 14 && lat === 46 ? 'SENTINEL-1' : 'SENTINEL-2',
          sensingStart: start,
          sensingEnd: start,
          footprint: boxFootprint(lon, lat, lon + 1, lat + 1),
          publicationDate: start,
          attributes: { cloudCover: (week * 7 + lon) % 40 },
        });
      }
    }
  }
  return out;
}

withDb('searches on a generic plan find what custom plans find', (ctx) => {
  const order: SortTerm[] = [{ key: 'sensingStart', direction: 'desc' }];
  beforeAll(async () => {
    await insertTestProducts(
      ctx.db,
      tiles().map((t) => ({ ...t, id: randomUUID() })),
    );
  });

  async function pages(filter: Filter, generic: boolean): Promise<string[][]> {
    const out: string[][] = [];
    let cursor: string | undefined;
    for (let i = 0; i < 20; i++) {
      const q = buildSearchQuery({ scope: INTERNAL_SEES_EVERYTHING, filter, order, limit: 2, cursor, columns: 'p.name' });
      expect(q.genericPlan).toBe(true);
      const rows = await ctx.db.query<{ name: string }>(q.sql, q.params, generic ? { plan: 'generic' } : undefined);
      const page = takePage(rows.rows, q);
      out.push(page.rows.map((r) => r.name));
      if (page.nextCursor === null) return out;
      cursor = page.nextCursor;
    }
    throw new Error('paging did not end');
  }

  it('page by page, for boxes and windows with and without matches (one prepared statement, many values)', async () => {
    const searches: Filter[] = [
      and(S2, sIntersects(bbox(10.5, 44.5, 12.5, 46.5)), tIntersects(sensingInterval(), interval('2023-01-01', '2023-03-31'))),
      and(S2, sIntersects(bbox(13, 45, 15, 47)), tIntersects(sensingInterval(), interval('2023-06-01', '2023-08-31')), CLOUDS),
      and(S2, sIntersects(bbox(10, 44, 11, 45)), tIntersects(sensingInterval(), interval('2023-04-01', '2023-06-30'))),
      and(S2, sIntersects(bbox(170, 44, -179, 46)), tIntersects(sensingInterval(), interval('2023-01-01', '2023-03-31'))),
      and(
        inList(prop('collection'), ['SENTINEL-1']),
        sIntersects(bbox(13, 45, 16, 48)),
        tIntersects(sensingInterval(), interval('2023-01-01', '2023-03-31')),
      ),
      and(S2, sIntersects(bbox(12, 46, 14, 48)), tIntersects(sensingInterval(), timestamp(new Date(Date.UTC(2023, 0, 22, 10, 12, 46))))),
    ];
    // OData's shape: the collection by equality, the window as bounds on the start.
    searches.push(
      and(
        eq(prop('collection'), 'SENTINEL-2'),
        sIntersects(bbox(10, 44, 13, 47)),
        gt(prop('sensingStart'), timestamp('2023-02-01')),
        lt(prop('sensingStart'), timestamp('2023-04-15')),
      ),
    );
    let matched = 0;
    for (const filter of searches) {
      const custom = await pages(filter, false);
      expect(await pages(filter, true)).toEqual(custom);
      matched += custom.flat().length;
    }
    expect(matched).toBeGreaterThan(20);
  });
});

// Named statements are PostgreSQL's: PGlite runs every statement as it comes.
describe('statements on a generic plan [postgres]', () => {
  let handle: Awaited<ReturnType<typeof createTestDb>>;
  beforeAll(async () => {
    handle = await createTestDb('postgres');
  });
  afterAll(async () => handle.drop());

  it('are prepared once per connection, under a name of their own', async () => {
    const q = buildSearchQuery({ scope: INTERNAL_SEES_EVERYTHING, filter: and(S2, BOX, MONTH), limit: 2, columns: 'p.name' });
    await handle.db.query(q.sql, q.params, { plan: 'generic' });
    // Run on the connections of generic plans, this statement sees itself prepared there.
    const prepared = await handle.db.query<{ name: string; statement: string }>('SELECT name, statement FROM pg_prepared_statements', [], {
      plan: 'generic',
    });
    const own = prepared.rows.find((r) => r.statement.includes('pg_prepared_statements'));
    expect(own?.name).toMatch(/^eohub_[0-9a-f]{32}$/);
    expect(prepared.rows.length).toBeLessThanOrEqual(MAX_PREPARED_STATEMENTS);
  });

  it('run as any statement when prepared statements are turned off (a pooler in transaction mode)', async () => {
    const plain = await openPostgres(TEST_DATABASE_URL, handle.db.schema, 2, { preparedStatements: false });
    try {
      const q = buildSearchQuery({ scope: INTERNAL_SEES_EVERYTHING, filter: and(S2, BOX, MONTH), limit: 2, columns: 'p.name' });
      expect((await plain.query(q.sql, q.params, { plan: 'generic' })).rows).toEqual((await handle.db.query(q.sql, q.params)).rows);
      const prepared = await plain.query<{ name: string }>('SELECT name FROM pg_prepared_statements', [], { plan: 'generic' });
      expect(prepared.rows).toEqual([]);
    } finally {
      await plain.close();
    }
  });
});
