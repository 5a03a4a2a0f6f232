import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Queryable } from '../../src/db/index.ts';
import { HubError } from '../../src/errors/index.ts';
import {
  QUERY_ERRORS,
  attribute,
  bbox,
  buildCountQuery,
  buildSearchQuery,
  eq,
  ge,
  geometry,
  gt,
  inList,
  interval,
  isNull,
  like,
  lt,
  not,
  prop,
  sensingInterval,
  sIntersects,
  startsWith,
  sWithin,
  takePage,
  tIntersects,
  timestamp,
  type Filter,
  type SearchQueryInput,
  type SortTerm,
} from '../../src/query/index.ts';
import { boxCoordinates, boxFootprint, insertTestProducts, type TestProduct } from '../support/products.ts';
import { withDb } from '../support/with-db.ts';
import { INTERNAL_SEES_EVERYTHING } from '../../src/access/index.ts';

const P = {
  A: {
    name: 'S2A_MSIL2A_A',
    sensingStart: '2021-01-01T10:00:00Z',
    sensingEnd: '2021-01-01T10:00:10Z',
    footprint: boxFootprint(10, 45, 11, 46),
    publicationDate: '2021-01-02T00:00:00Z',
    contentLengthBytes: 500,
    attributes: { productType: 'S2MSI2A', cloudCover: 12.5, orbitNumber: 123, beginningDateTime: '2021-01-01T10:00:00.000Z' },
  },
  B: {
    name: 'S2B_MSIL1C_B',
    sensingStart: '2021-02-01T10:00:00Z',
    sensingEnd: '2021-02-01T10:00:10Z',
    footprint: boxFootprint(20, 45, 21, 46),
    publicationDate: '2021-02-02T00:00:00Z',
    contentLengthBytes: 500,
    attributes: { productType: 'S2MSI1C', cloudCover: 55, orbitNumber: 200, beginningDateTime: '2021-02-01T10:00:00Z' },
  },
  // Stored as the catalogue stores a footprint crossing 180: split into [170, 180] and [-180, -170].
  ANTI: {
    name: 'S1A_IW_GRDH_ANTI',
    collection: 'SENTINEL-1',
    sensingStart: '2021-03-01T00:00:00Z',
    sensingEnd: '2021-03-01T00:00:10Z',
    footprint: { type: 'MultiPolygon', coordinates: [boxCoordinates(170, -20, 180, -10), boxCoordinates(-180, -20, -170, -10)] },
    publicationDate: '2021-03-02T00:00:00Z',
    contentLengthBytes: 2000,
    attributes: { productType: 'IW_GRDH_1S', orbitNumber: 124 },
  },
  // A cap around the north pole; its attributes are mistyped on purpose.
  POLAR: {
    name: 'S3A_SL_1_RBT_POLAR',
    collection: 'SENTINEL-3',
    sensingStart: '2021-04-01T00:00:00Z',
    footprint: boxFootprint(-180, 80, 180, 90),
    publicationDate: '2021-04-02T00:00:00Z',
    attributes: { productType: 'SL_1_RBT___', cloudCover: 'unknown', beginningDateTime: '2021-02-30T00:00:00Z' },
  },
  PCT: { name: 'S2_100%_PURE_x', sensingStart: null, sensingEnd: null, footprint: null, publicationDate: '2021-01-02T00:00:00Z' },
  PCTX: { name: 'S2X100XXPURE_x', sensingStart: '2021-01-01T10:00:00Z', sensingEnd: null, publicationDate: '2021-05-01T00:00:00Z' },
  AUX: {
    name: 'S5P_AUX',
    collection: 'SENTINEL-5P',
    sensingStart: null,
    sensingEnd: null,
    publicationDate: '2021-06-01T00:00:00Z',
    attributes: { cloudCover: 3 },
  },
} satisfies Record<string, TestProduct>;
type Key = keyof typeof P;

interface Row {
  id: string;
  name: string;
  sensing_start: string | null;
  sensing_end: string | null;
  publication_date: string;
  content_length: number;
  attributes: Record<string, unknown>;
}

/** The reference ordering in JS: NULLS LAST in both directions, then id ascending. */
function sortRows(rows: Row[], order: SortTerm[]): string[] {
  const value = (r: Row, key: SortTerm['key']): string | number | null => {
    if (typeof key !== 'string') return typeof r.attributes[key.name] === 'number' ? (r.attributes[key.name] as number) : null;
    const map: Record<string, string | number | null> = {
      sensingStart: r.sensing_start,
      sensingEnd: r.sensing_end,
      publicationDate: r.publication_date,
      name: r.name,
      contentLength: r.content_length,
      id: r.id,
    };
    return map[key] ?? null;
  };
  const terms = [...order, { key: 'id', direction: 'asc' } as SortTerm];
  return [...rows]
    .sort((a, b) => {
      for (const t of terms) {
        const x = value(a, t.key);
        const y = value(b, t.key);
        if (x === y) continue;
        if (x === null) return 1;
        if (y === null) return -1;
        return (x < y ? -1 : 1) * (t.direction === 'asc' ? 1 : -1);
      }
      return 0;
    })
    .map((r) => r.id);
}

async function search(db: Queryable, input: Omit<SearchQueryInput, 'columns'>) {
  const q = buildSearchQuery({ ...input, columns: 'p.id, p.name' });
  return takePage((await db.query<{ id: string; name: string }>(q.sql, q.params)).rows, q);
}

async function allPages(db: Queryable, order: SortTerm[], size: number, between?: (page: number) => Promise<void>): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < 100; page++) {
    const result = await search(db, { scope: INTERNAL_SEES_EVERYTHING, order, limit: size, cursor });
    expect(result.rows.length).toBeLessThanOrEqual(size);
    ids.push(...result.rows.map((r) => r.id));
    if (!result.nextCursor) return ids;
    cursor = result.nextCursor;
    await between?.(page);
  }
  throw new Error('paging did not end');
}

const ORDERS: SortTerm[][] = [
  [{ key: 'sensingStart', direction: 'desc' }],
  [{ key: 'sensingStart', direction: 'asc' }],
  [
    { key: 'sensingEnd', direction: 'desc' },
    { key: 'name', direction: 'asc' },
  ],
  [{ key: 'publicationDate', direction: 'asc' }],
  [
    { key: 'contentLength', direction: 'desc' },
    { key: 'sensingEnd', direction: 'asc' },
  ],
  [{ key: { kind: 'attribute', name: 'cloudCover', type: 'Double' }, direction: 'asc' }],
  [{ key: 'name', direction: 'desc' }],
  [{ key: 'id', direction: 'desc' }],
];

withDb('search over the catalogue', (ctx) => {
  const id = {} as Record<Key, string>;
  let rows: Row[] = [];
  beforeAll(async () => {
    for (const k of Object.keys(P) as Key[]) id[k] = randomUUID();
    await insertTestProducts(
      ctx.db,
      (Object.keys(P) as Key[]).map((k) => ({ ...P[k], id: id[k] })),
    );
    rows = (
      await ctx.db.query<Row>('SELECT id, name, sensing_start, sensing_end, publication_date, content_length, attributes FROM products')
    ).rows;
  });

  async function found(filter: Filter): Promise<Key[]> {
    const r = await search(ctx.db, { scope: INTERNAL_SEES_EVERYTHING, filter, limit: 100 });
    const byId = new Map(Object.entries(id).map(([k, v]) => [v, k as Key]));
    return r.rows.map((x) => byId.get(x.id) as Key).sort();
  }

  it('filters by collection and by time', async () => {
    expect(await found(eq(prop('collection'), 'SENTINEL-1'))).toEqual(['ANTI']);
    expect(await found(tIntersects(sensingInterval(), interval('2021-01-15', '2021-03-01T00:00:00Z')))).toEqual(['ANTI', 'B']);
    expect(await found(ge(prop('sensingStart'), timestamp('2021-03-01')))).toEqual(['ANTI', 'POLAR']);
    expect(await found(not(tIntersects(sensingInterval(), interval('..', '2021-03-01'))))).toEqual(['POLAR']);
  });

  it('finds footprints by bbox and polygon', async () => {
    expect(await found(sIntersects(bbox(10, 44, 12, 47)))).toEqual(['A']);
    expect(await found(sIntersects(geometry({ type: 'Point', coordinates: [20.5, 45.5] })))).toEqual(['B']);
  });

  it('finds a footprint split at the antimeridian from either side and across it', async () => {
    expect(await found(sIntersects(bbox(171, -15, 179, -12)))).toEqual(['ANTI']);
    expect(await found(sIntersects(bbox(-179, -15, -171, -12)))).toEqual(['ANTI']);
    expect(await found(sIntersects(bbox(175, -15, -175, -12)))).toEqual(['ANTI']);
    expect(await found(sWithin(bbox(165, -25, -165, -5)))).toEqual(['ANTI']);
    expect(await found(sIntersects(bbox(-160, -15, 160, -12)))).toEqual([]);
    const crossing = [
      [175, -15],
      [-175, -15],
      [-175, -12],
      [175, -12],
      [175, -15],
    ];
    expect(await found(sIntersects(geometry({ type: 'Polygon', coordinates: [crossing] })))).toEqual(['ANTI']);
    expect(await found(sIntersects(geometry({ type: 'Point', coordinates: [185, -15] })))).toEqual(['ANTI']);
  });

  it('finds a polar footprint, also with a ring drawn around the pole', async () => {
    expect(await found(sIntersects(bbox(0, 85, 10, 86)))).toEqual(['POLAR']);
    expect(await found(sIntersects(geometry({ type: 'Point', coordinates: [123, 89] })))).toEqual(['POLAR']);
    const around = (lat: number) => ({
      type: 'Polygon' as const,
      coordinates: [
        [
          [0, lat],
          [90, lat],
          [180, lat],
          [-90, lat],
          [0, lat],
        ],
      ],
    });
    expect(await found(sIntersects(geometry(around(85))))).toEqual(['POLAR']);
    expect(await found(sWithin(geometry(around(75))))).toEqual(['POLAR']);
  });

  it('filters typed attributes and ignores values of another JSON type', async () => {
    expect(await found(lt(attribute('cloudCover', 'Double'), 40))).toEqual(['A', 'AUX']);
    expect(await found(not(lt(attribute('cloudCover', 'Double'), 40)))).toEqual(['B']);
    expect(await found(eq(attribute('productType', 'String'), 'S2MSI2A'))).toEqual(['A']);
    expect(await found(not(eq(attribute('productType', 'String'), 'S2MSI2A')))).toEqual(['ANTI', 'B', 'POLAR']);
    expect(await found(inList(attribute('orbitNumber', 'Integer'), [123, 124]))).toEqual(['A', 'ANTI']);
    expect(await found(gt(attribute('beginningDateTime', 'DateTimeOffset'), timestamp('2021-01-15')))).toEqual(['B']);
    expect(await found(isNull(attribute('cloudCover', 'Double')))).toEqual(['ANTI', 'PCT', 'PCTX', 'POLAR']);
  });

  it('matches % and _ in names literally with startswith, and as wildcards with like', async () => {
    expect(await found(startsWith(prop('name'), 'S2_100%'))).toEqual(['PCT']);
    expect(await found(like(prop('name'), 'S2\\_100\\%%'))).toEqual(['PCT']);
    expect(await found(like(prop('name'), 'S2_100%'))).toEqual(['PCT', 'PCTX']);
  });

  it('counts with the same filter', async () => {
    const q = buildCountQuery(eq(prop('collection'), 'SENTINEL-2'), INTERNAL_SEES_EVERYTHING);
    expect((await ctx.db.query<{ count: number }>(q.sql, q.params)).rows[0]?.count).toBe(4);
    const all = buildCountQuery(undefined, INTERNAL_SEES_EVERYTHING);
    expect((await ctx.db.query<{ count: number }>(all.sql, all.params)).rows[0]?.count).toBe(7);
  });

  describe.each(
    ORDERS.map((o) => [o.map((t) => `${typeof t.key === 'string' ? t.key : t.key.name} ${t.direction}`).join(', '), o] as const),
  )('ordered by %s', (_, order) => {
    it('returns rows in order, NULLs last, ties broken by id', async () => {
      const page = await search(ctx.db, { scope: INTERNAL_SEES_EVERYTHING, order, limit: 100 });
      expect(page.rows.map((r) => r.id)).toEqual(sortRows(rows, order));
      expect(page.hasMore).toBe(false);
      expect(page.nextCursor).toBeNull();
    });

    it('pages by cursor through exactly the full ordered list', async () => {
      for (const size of [1, 2, 3]) expect(await allPages(ctx.db, order, size)).toEqual(sortRows(rows, order));
    });

    it('pages by offset through slices of the full ordered list', async () => {
      const expected = sortRows(rows, order);
      for (let offset = 0; offset < expected.length; offset += 3) {
        const page = await search(ctx.db, { scope: INTERNAL_SEES_EVERYTHING, order, limit: 3, offset });
        expect(page.rows.map((r) => r.id)).toEqual(expected.slice(offset, offset + 3));
        expect(page.hasMore).toBe(offset + 3 < expected.length);
      }
    });
  });

  it('rejects a tampered cursor, a cursor of another ordering, and a cursor with an offset', async () => {
    const order: SortTerm[] = [{ key: 'sensingStart', direction: 'desc' }];
    const first = await search(ctx.db, { scope: INTERNAL_SEES_EVERYTHING, order, limit: 2 });
    const cursor = first.nextCursor as string;
    const flip = (s: string, i: number) => s.slice(0, i) + (s[i] === 'A' ? 'B' : 'A') + s.slice(i + 1);
    const codeOf = async (input: Omit<SearchQueryInput, 'columns'>) =>
      search(ctx.db, input).then(
        () => 'ok',
        (e: unknown) => (e instanceof HubError && e.kind === 'invalid' ? e.code : String(e)),
      );
    expect(await codeOf({ scope: INTERNAL_SEES_EVERYTHING, order, limit: 2, cursor: flip(cursor, 5) })).toBe(
      QUERY_ERRORS.PAGING_INVALID_CURSOR,
    );
    expect(await codeOf({ scope: INTERNAL_SEES_EVERYTHING, order, limit: 2, cursor: flip(cursor, cursor.length - 2) })).toBe(
      QUERY_ERRORS.PAGING_INVALID_CURSOR,
    );
    expect(await codeOf({ scope: INTERNAL_SEES_EVERYTHING, order, limit: 2, cursor: 'not a cursor' })).toBe(
      QUERY_ERRORS.PAGING_INVALID_CURSOR,
    );
    expect(await codeOf({ scope: INTERNAL_SEES_EVERYTHING, order: [{ key: 'name', direction: 'desc' }], limit: 2, cursor })).toBe(
      QUERY_ERRORS.PAGING_INVALID_CURSOR,
    );
    expect(await codeOf({ scope: INTERNAL_SEES_EVERYTHING, order, limit: 2, cursor, offset: 2 })).toBe(
      QUERY_ERRORS.PAGING_CURSOR_WITH_OFFSET,
    );
    expect(await codeOf({ scope: INTERNAL_SEES_EVERYTHING, order, limit: 2, cursor: `${cursor}x` })).toBe(
      QUERY_ERRORS.PAGING_INVALID_CURSOR,
    );
    expect(await codeOf({ scope: INTERNAL_SEES_EVERYTHING, order, limit: 20_000 })).toBe(QUERY_ERRORS.PAGING_INVALID_LIMIT);
    expect(await codeOf({ scope: INTERNAL_SEES_EVERYTHING, order, limit: 2, offset: -1 })).toBe(QUERY_ERRORS.PAGING_INVALID_OFFSET);
    expect(await codeOf({ scope: INTERNAL_SEES_EVERYTHING, order: [{ key: 'storagePath' as never, direction: 'asc' }], limit: 2 })).toBe(
      QUERY_ERRORS.ORDER_UNKNOWN_KEY,
    );
  });
});

withDb('keyset paging under concurrent inserts', (ctx) => {
  const at = (day: number) => `2021-01-${String(day).padStart(2, '0')}T00:00:00Z`;
  const product = (name: string, day: number | null, id?: string): TestProduct => ({
    name,
    id: id ?? randomUUID(),
    sensingStart: day === null ? null : at(day),
    publicationDate: at(day ?? 28),
  });

  it.each([
    ['publicationDate asc', [{ key: 'publicationDate', direction: 'asc' }] as SortTerm[]],
    ['sensingStart desc', [{ key: 'sensingStart', direction: 'desc' }] as SortTerm[]],
  ])('neither shifts nor repeats later pages when rows are inserted before the cursor (%s)', async (label, order) => {
    await ctx.db.query('DELETE FROM products');
    await insertTestProducts(
      ctx.db,
      [10, 11, 12, 13, 14, 15, null].map((d, i) => product(`${label}-${i}`, d)),
    );
    const before = (await search(ctx.db, { scope: INTERNAL_SEES_EVERYTHING, order, limit: 100 })).rows.map((r) => r.id);
    const asc = order[0]?.direction === 'asc';
    let inserted: string[] = [];
    const seen = await allPages(ctx.db, order, 2, async (page) => {
      if (page !== 0) return;
      // Sorting before every row already paged, and tying with the cursor row but with the smallest id.
      const earlier = [product(`${label}-early-a`, asc ? 1 : 27), product(`${label}-early-b`, asc ? 2 : 26)];
      const cursorDay = asc ? 11 : 14;
      const tie = product(`${label}-tie`, cursorDay, '00000000-0000-4000-8000-000000000000');
      const later = product(`${label}-later`, asc ? 20 : 5);
      inserted = await insertTestProducts(ctx.db, [...earlier, tie, later]);
    });
    const [, , , laterId] = inserted;
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.filter((x) => before.includes(x))).toEqual(before);
    expect(seen.filter((x) => !before.includes(x))).toEqual([laterId]);
  });
});
