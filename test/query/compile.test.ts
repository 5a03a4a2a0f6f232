import { beforeAll, describe, expect, it } from 'vitest';
import { HubError } from '../../src/errors/index.ts';
import {
  QUERY_ERRORS,
  and,
  attribute,
  bbox,
  compileFilter,
  contains,
  endsWith,
  eq,
  geometry,
  gt,
  inList,
  interval,
  isNull,
  le,
  like,
  lt,
  ne,
  not,
  prop,
  sensingInterval,
  sIntersects,
  startsWith,
  sWithin,
  tIntersects,
  timestamp,
  validateFilter,
  type Filter,
} from '../../src/query/index.ts';
import { insertTestProducts } from '../support/products.ts';
import { withDb } from '../support/with-db.ts';

function compile(filter: Filter, existing: unknown[] = []): { sql: string; params: unknown[] } {
  const params = [...existing];
  const sql = compileFilter(filter, params);
  return { sql, params };
}

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(HubError);
    expect((error as HubError).kind).toBe('invalid');
    return (error as HubError).code;
  }
  throw new Error('expected a HubError');
}

const HOSTILE = ["it's", "'; DROP TABLE products; --", 'back\\slash\\', '100% _sure_', '$1; SELECT pg_sleep(1)', '"quoted"', 'é\u00e9🛰'];

describe('compileFilter: SQL shape and parameters', () => {
  it('turns a property comparison into a whitelisted column and one cast parameter', () => {
    expect(compile(eq(prop('collection'), 'SENTINEL-2'))).toEqual({ sql: '(p.collection = $1::text)', params: ['SENTINEL-2'] });
  });

  it('numbers placeholders after the parameters the caller already holds', () => {
    const { sql, params } = compile(and(eq(prop('online'), true), gt(prop('contentLength'), 10)), ['x', 'y']);
    expect(sql).toBe('((p.online = $3::boolean) AND (p.content_length > $4::numeric))');
    expect(params).toEqual(['x', 'y', true, 10]);
  });

  it('answers string attribute equality with jsonb containment, so that the GIN index serves it', () => {
    const { sql, params } = compile(eq(attribute('productType', 'String'), 'S2MSI2A'));
    expect(sql).toBe('(p.attributes @> $1::jsonb)');
    expect(params).toEqual(['{"productType":"S2MSI2A"}']);
  });

  it('uses the exact three-valued form under NOT, so that a missing attribute matches neither side', () => {
    const { sql, params } = compile(not(eq(attribute('productType', 'String'), 'S2MSI2A')));
    expect(sql).toContain("jsonb_typeof(p.attributes -> $1::text) = 'string'");
    expect(sql).not.toContain('@>');
    expect(params).toEqual(['productType', 'S2MSI2A']);
  });

  it('reads Double attributes as numeric guarded by jsonb_typeof, with the name as a parameter', () => {
    const { sql, params } = compile(lt(attribute('cloudCover', 'Double'), 40));
    expect(sql).toBe(
      "((CASE WHEN jsonb_typeof(p.attributes -> $1::text) = 'number' THEN (p.attributes ->> $1::text)::numeric END) < $2::numeric)",
    );
    expect(params).toEqual(['cloudCover', 40]);
  });

  it('reads DateTimeOffset attributes as timestamptz only after checking their form', () => {
    const { sql } = compile(gt(attribute('beginningDateTime', 'DateTimeOffset'), timestamp('2021-01-01')));
    expect(sql).toContain('::timestamptz END END)');
    expect(sql).toMatch(/ > \$2::timestamptz\)$/);
  });

  it('expands an IN list on a string attribute into containments, and an empty list into FALSE', () => {
    expect(compile(inList(attribute('productType', 'String'), ['A', 'B'])).sql).toBe(
      '(p.attributes @> $1::jsonb OR p.attributes @> $2::jsonb)',
    );
    expect(compile(inList(prop('name'), [])).sql).toBe('FALSE');
  });

  it('compiles OData null comparisons to IS NULL and IS NOT NULL', () => {
    expect(compile(eq(prop('evictionDate'), null)).sql).toBe('(p.eviction_date IS NULL)');
    expect(compile(ne(prop('footprint'), null)).sql).toBe('(p.footprint IS NOT NULL)');
    expect(compile(isNull(prop('sensingEnd'))).sql).toBe('(p.sensing_end IS NULL)');
  });

  it('escapes %, _ and \\ in contains/startswith/endswith, and declares \\ the LIKE escape', () => {
    expect(compile(contains(prop('name'), '50%_a\\b'))).toEqual({
      sql: "(p.name LIKE $1::text ESCAPE E'\\\\')",
      params: ['%50\\%\\_a\\\\b%'],
    });
    expect(compile(startsWith(prop('name'), 'S2_')).params).toEqual(['S2\\_%']);
    expect(compile(endsWith(prop('name'), '.SAFE', { caseInsensitive: true })).sql).toContain('ILIKE');
    expect(compile(like(prop('name'), 'S2\\_%')).params).toEqual(['S2\\_%']);
  });

  it('compiles a case-insensitive comparison with lower() on both sides', () => {
    expect(compile(eq(prop('name'), 'abc', { caseInsensitive: true })).sql).toBe('(lower(p.name) = lower($1::text))');
  });

  it('compiles the sensing interval with an open end per CQL2 T_INTERSECTS', () => {
    const { sql, params } = compile(tIntersects(sensingInterval(), interval('2021-01-01', '..')));
    expect(sql).toBe("(p.sensing_start <= 'infinity'::timestamptz AND COALESCE(p.sensing_end, p.sensing_start) >= $1::timestamptz)");
    expect(params).toEqual(['2021-01-01T00:00:00Z']);
  });

  it('splits a bbox crossing the antimeridian into two boxes, each tested against the index', () => {
    const { sql, params } = compile(sIntersects(bbox(175, -10, -175, 10)));
    expect(sql).toBe(
      '(ST_Intersects(p.footprint, ST_SetSRID(ST_GeomFromGeoJSON($1::text), 4326)) OR ST_Intersects(p.footprint, ST_SetSRID(ST_GeomFromGeoJSON($2::text), 4326)))',
    );
    expect(params.map((p) => JSON.parse(p as string))).toEqual([
      {
        type: 'Polygon',
        coordinates: [
          [
            [175, -10],
            [180, -10],
            [180, 10],
            [175, 10],
            [175, -10],
          ],
        ],
      },
      {
        type: 'Polygon',
        coordinates: [
          [
            [-180, -10],
            [-175, -10],
            [-175, 10],
            [-180, 10],
            [-180, -10],
          ],
        ],
      },
    ]);
    const within = compile(sWithin(bbox(175, -10, -175, 10)));
    expect(JSON.parse(within.params[0] as string).type).toBe('MultiPolygon');
  });

  it('unwraps a polygon crossing 180 for the split in SQL, and keeps only type and coordinates', () => {
    const ring = [
      [175, 0],
      [-175, 0],
      [-175, 5],
      [175, 5],
      [175, 0],
    ];
    const hostile = {
      type: 'Polygon',
      coordinates: [ring],
      crs: { type: 'name', properties: { name: 'EPSG:3857' } },
      extra: "'); DROP TABLE products; --",
    };
    const { sql, params } = compile(sIntersects(geometry(hostile as never)));
    expect(sql).toContain('ST_WrapX(ST_WrapX(');
    expect(JSON.parse(params[0] as string)).toEqual({
      type: 'Polygon',
      coordinates: [
        [
          [175, 0],
          [185, 0],
          [185, 5],
          [175, 5],
          [175, 0],
        ],
      ],
    });
  });

  it('normalises timestamps: a date alone is midnight UTC, a missing zone is UTC', () => {
    expect(compile(lt(prop('publicationDate'), timestamp('2021-03-04'))).params).toEqual(['2021-03-04T00:00:00Z']);
    expect(compile(lt(prop('publicationDate'), timestamp('2021-03-04 10:00:00.5'))).params).toEqual(['2021-03-04T10:00:00.5Z']);
  });

  it('compares the id with a UUID literal as a uuid', () => {
    const id = '0b5c3a5e-3b8e-4d5e-9f0a-2b1c3d4e5f60';
    expect(compile(eq(prop('id'), id))).toEqual({ sql: '(p.id = $1::uuid)', params: [id] });
  });
});

describe('compileFilter: rejections', () => {
  it.each([
    ['the online boolean with a string', eq(prop('online'), 'yes')],
    ['LIKE on a number', like(prop('contentLength'), '1%')],
    ['ordering booleans', lt(prop('online'), true)],
    ['the footprint in a comparison', eq(prop('footprint'), 'POINT(0 0)')],
    ['a timestamp property with a plain string', gt(prop('sensingStart'), '2021-01-01')],
    ['CASEI on a number', eq(prop('contentLength'), 3, { caseInsensitive: true })],
    ['a Double attribute with a string', lt(attribute('cloudCover', 'Double'), '40')],
    ['a temporal predicate on a string property', tIntersects(prop('name'), '2021-01-01')],
    ['null in an IN list', inList(prop('name'), ['a', null])],
  ])('answers FILTER_TYPE_MISMATCH when comparing %s', (_, filter) => {
    expect(codeOf(() => compile(filter))).toBe(QUERY_ERRORS.FILTER_TYPE_MISMATCH);
  });

  it.each(['Name; DROP TABLE products', '__proto__', 'constructor', 'toString', 'p.name', 'storagePath'])(
    'answers FILTER_UNKNOWN_PROPERTY for the property %j',
    (name) => {
      expect(codeOf(() => compile({ op: 'eq', left: { kind: 'property', name } as never, right: { kind: 'string', value: 'x' } }))).toBe(
        QUERY_ERRORS.FILTER_UNKNOWN_PROPERTY,
      );
    },
  );

  it.each([
    [
      'an open ring',
      {
        type: 'Polygon',
        coordinates: [
          [
            [0, 0],
            [1, 0],
            [1, 1],
            [0, 1],
          ],
        ],
      },
    ],
    ['a latitude beyond 90', { type: 'Point', coordinates: [0, 91] }],
    ['a non-finite coordinate', { type: 'Point', coordinates: [Number.NaN, 0] }],
    ['coordinates as strings', { type: 'Point', coordinates: ['0', '0'] }],
    ['an unknown type', { type: 'Circle', coordinates: [0, 0] }],
    [
      'a ring of three positions',
      {
        type: 'Polygon',
        coordinates: [
          [
            [0, 0],
            [1, 0],
            [0, 0],
          ],
        ],
      },
    ],
    ['a nested collection', { type: 'GeometryCollection', geometries: [{ type: 'GeometryCollection', geometries: [] }] }],
  ])('answers FILTER_INVALID_GEOMETRY for %s', (_, g) => {
    expect(codeOf(() => compile(sIntersects(geometry(g as never))))).toBe(QUERY_ERRORS.FILTER_INVALID_GEOMETRY);
  });

  it('answers FILTER_INVALID_GEOMETRY for a bbox with minLat above maxLat or out of range', () => {
    expect(codeOf(() => compile(sIntersects(bbox(0, 10, 1, 5))))).toBe(QUERY_ERRORS.FILTER_INVALID_GEOMETRY);
    expect(codeOf(() => compile(sIntersects(bbox(0, 0, 181, 5))))).toBe(QUERY_ERRORS.FILTER_INVALID_GEOMETRY);
  });

  it.each([
    ['an impossible date', gt(prop('sensingStart'), timestamp('2021-02-30'))],
    ['a timestamp in prose', gt(prop('sensingStart'), timestamp('yesterday'))],
    ['a non-UUID id', eq(prop('id'), "x' OR '1'='1")],
    ['a pattern ending in a lone escape', like(prop('name'), 'abc\\')],
    ['a NUL in a string', eq(prop('name'), 'a\u0000b')],
    ['a non-finite number', gt(prop('contentLength'), Number.POSITIVE_INFINITY)],
  ])('answers FILTER_INVALID_LITERAL for %s', (_, filter) => {
    expect(codeOf(() => compile(filter))).toBe(QUERY_ERRORS.FILTER_INVALID_LITERAL);
  });

  it('answers FILTER_MALFORMED for things that are not trees, and FILTER_TOO_COMPLEX for very deep ones', () => {
    expect(codeOf(() => validateFilter({ op: 'drop' }))).toBe(QUERY_ERRORS.FILTER_MALFORMED);
    expect(codeOf(() => validateFilter(null))).toBe(QUERY_ERRORS.FILTER_MALFORMED);
    let deep: Filter = eq(prop('name'), 'x');
    for (let i = 0; i < 500; i++) deep = not(deep);
    expect(codeOf(() => validateFilter(deep))).toBe(QUERY_ERRORS.FILTER_TOO_COMPLEX);
  });

  it('leaves the caller’s parameters untouched when it throws', () => {
    const params: unknown[] = ['kept'];
    expect(() => compileFilter(and(eq(prop('name'), 'a'), eq(prop('online'), 'yes')), params)).toThrow(HubError);
    expect(params).toEqual(['kept']);
  });

  it('never puts a hostile string or attribute name into the SQL text', () => {
    for (const s of HOSTILE) {
      const filter = and(
        eq(prop('name'), s),
        lt(attribute(s, 'Double'), 1),
        like(prop('name'), `${s.replace(/\\$/, '')}%`),
        eq(attribute(s, 'String'), s),
      );
      const { sql, params } = compile(filter);
      expect(sql).not.toContain(s);
      expect(params).toContain(s);
    }
  });
});

withDb('compiled filters against hostile input', (ctx) => {
  const names = ["it's; --", 'back\\slash', '100% _sure_', '100X XsureX'];
  beforeAll(async () => {
    await insertTestProducts(
      ctx.db,
      names.map((name) => ({ name, attributes: { [name]: name, "o'k": 1 } })),
    );
  });

  async function names_(filter: Filter): Promise<string[]> {
    const params: unknown[] = [];
    const sql = compileFilter(filter, params);
    const r = await ctx.db.query<{ name: string }>(`SELECT p.name FROM products p WHERE ${sql} ORDER BY p.name`, params);
    return r.rows.map((x) => x.name);
  }

  it('matches hostile strings exactly, as data', async () => {
    for (const n of names) expect(await names_(eq(prop('name'), n))).toEqual([n]);
    expect(await names_(eq(prop('name'), "'; DROP TABLE products; --"))).toEqual([]);
    expect((await ctx.db.query('SELECT count(*)::int AS n FROM products')).rows[0]).toEqual({ n: 4 });
  });

  it('treats %, _ and \\ as literal text in contains and startswith', async () => {
    expect(await names_(contains(prop('name'), '% _'))).toEqual(['100% _sure_']);
    expect(await names_(startsWith(prop('name'), 'back\\'))).toEqual(['back\\slash']);
    expect(await names_(like(prop('name'), '100_ %'))).toEqual(['100% _sure_', '100X XsureX']);
    expect(await names_(like(prop('name'), '100\\% \\_%'))).toEqual(['100% _sure_']);
  });

  it('reads hostile attribute names as keys', async () => {
    for (const n of names) expect(await names_(eq(attribute(n, 'String'), n))).toEqual([n]);
    expect((await names_(eq(attribute("o'k", 'Integer'), 1))).length).toBe(4);
    expect(await names_(not(eq(attribute("it's; --", 'String'), 'other')))).toEqual(["it's; --"]);
  });

  it('runs a geometry carrying extra members and a foreign crs as plain WGS 84', async () => {
    const g = { type: 'Point', coordinates: [0, 0], crs: { type: 'name', properties: { name: 'EPSG:3857' } }, bbox: "')" };
    expect(await names_(sIntersects(geometry(g as never)))).toEqual([]);
    expect(await names_(le(prop('contentLength'), 1e300))).toHaveLength(4);
  });
});
