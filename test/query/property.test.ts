import fc from 'fast-check';
import { beforeAll, expect, it } from 'vitest';
import { toHubError } from '../../src/db/index.ts';
import { isHubError } from '../../src/errors/index.ts';
import {
  ARITHMETIC_OPS,
  ATTRIBUTE_TYPES,
  COMPARISON_OPS,
  SORT_KEYS,
  SPATIAL_RELATIONS,
  STRING_MATCH_OPS,
  TEMPORAL_RELATIONS,
  buildSearchQuery,
  compileFilter,
  takePage,
  validateFilter,
  type AttributeType,
  type Filter,
  type GeoJsonGeometry,
  type Instant,
  type Scalar,
  type SortTerm,
  type SpatialOperand,
  type TemporalOperand,
} from '../../src/query/index.ts';
import { boxFootprint, insertTestProducts } from '../support/products.ts';
import { withDb } from '../support/with-db.ts';
import { INTERNAL_SEES_EVERYTHING } from '../../src/access/index.ts';

type Kind = 'string' | 'number' | 'boolean' | 'timestamp' | 'uuid';
const KINDS: Kind[] = ['string', 'number', 'boolean', 'timestamp', 'uuid'];
const TYPE_OF: Record<Kind, AttributeType[]> = {
  string: ['String'],
  number: ['Integer', 'Double'],
  boolean: ['Boolean'],
  timestamp: ['DateTimeOffset'],
  uuid: [],
};
const PROPS_OF: Record<Kind, string[]> = {
  string: ['name', 'collection', 'contentType'],
  number: ['contentLength'],
  boolean: ['online'],
  timestamp: ['originDate', 'publicationDate', 'modificationDate', 'sensingStart', 'sensingEnd', 'evictionDate'],
  uuid: ['id'],
};
const HOSTILE = ["it's", "'; DROP TABLE products; --", 'a\\', '100% _', '$1', 'é🛰', ''];

const text = fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom(...HOSTILE), fc.string({ unit: 'binary', maxLength: 6 }));
const attrName = fc.oneof(fc.constantFrom('cloudCover', 'productType', 'orbitNumber', 'beginningDateTime', 'flag', 'huge', "o'k"), text);

const timestampText = fc.oneof(
  fc
    .date({ min: new Date('0001-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59Z'), noInvalidDate: true })
    .map((d) => d.toISOString()),
  fc.constantFrom('2021-01-01', '2021-06-30T12:00:00+02:00', '2021-02-29', '2024-02-29T23:59:59.999999Z', 'yesterday'),
);

function field(kind: Kind): fc.Arbitrary<Scalar> {
  const props = fc.constantFrom(...PROPS_OF[kind]).map((name) => ({ kind: 'property', name }) as Scalar);
  const types = TYPE_OF[kind];
  if (types.length === 0) return props;
  const attrs = fc
    .record({ name: attrName, type: fc.constantFrom(...types) })
    .map(({ name, type }): Scalar => ({ kind: 'attribute', name, type }));
  return fc.oneof(props, attrs);
}

function literal(kind: Kind): fc.Arbitrary<Scalar> {
  switch (kind) {
    case 'string':
      return text.map((value): Scalar => ({ kind: 'string', value }));
    case 'number':
      return fc
        .oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }))
        .map((value): Scalar => ({ kind: 'number', value }));
    case 'boolean':
      return fc.boolean().map((value): Scalar => ({ kind: 'boolean', value }));
    case 'timestamp':
      return timestampText.map((value): Scalar => ({ kind: 'timestamp', value }));
    case 'uuid':
      return fc.uuid().map((value): Scalar => ({ kind: 'string', value }));
  }
}

/** CQL2 arithmetic on numbers, one or two levels deep (the filter tree's ArithmeticExpr). */
const arithmetic: fc.Arbitrary<Scalar> = fc
  .tuple(
    fc.constantFrom(...ARITHMETIC_OPS),
    fc.oneof(field('number'), literal('number')),
    fc.oneof(field('number'), literal('number'), fc.tuple(fc.constantFrom(...ARITHMETIC_OPS), field('number'), literal('number'))),
  )
  .map(([op, left, right]): Scalar => ({
    kind: 'arithmetic',
    op,
    left,
    right: Array.isArray(right) ? { kind: 'arithmetic', op: right[0], left: right[1], right: right[2] } : right,
  }));

const scalar = (kind: Kind): fc.Arbitrary<Scalar> =>
  kind === 'number'
    ? fc.oneof({ weight: 2, arbitrary: field(kind) }, literal(kind), arithmetic, fc.constant<Scalar>({ kind: 'null' }))
    : fc.oneof({ weight: 2, arbitrary: field(kind) }, literal(kind), fc.constant<Scalar>({ kind: 'null' }));
const kind = fc.constantFrom(...KINDS);
const lon = fc.double({ min: -360, max: 360, noNaN: true });
const lat = fc.double({ min: -90, max: 90, noNaN: true });
const position = fc.tuple(lon, lat);
const ring = fc.array(position, { minLength: 3, maxLength: 6 }).map((ps) => [...ps, ps[0] as [number, number]]);

const simpleGeometry: fc.Arbitrary<GeoJsonGeometry> = fc.oneof(
  position.map((coordinates): GeoJsonGeometry => ({ type: 'Point', coordinates })),
  fc.array(position, { minLength: 1, maxLength: 4 }).map((coordinates): GeoJsonGeometry => ({ type: 'MultiPoint', coordinates })),
  fc.array(position, { minLength: 2, maxLength: 5 }).map((coordinates): GeoJsonGeometry => ({ type: 'LineString', coordinates })),
  fc
    .array(fc.array(position, { minLength: 2, maxLength: 4 }), { minLength: 1, maxLength: 3 })
    .map((coordinates): GeoJsonGeometry => ({ type: 'MultiLineString', coordinates })),
  fc.array(ring, { minLength: 1, maxLength: 2 }).map((coordinates): GeoJsonGeometry => ({ type: 'Polygon', coordinates })),
  fc
    .array(fc.array(ring, { minLength: 1, maxLength: 2 }), { minLength: 1, maxLength: 3 })
    .map((coordinates): GeoJsonGeometry => ({ type: 'MultiPolygon', coordinates })),
);
const spatialOperand: fc.Arbitrary<SpatialOperand> = fc.oneof(
  fc
    .tuple(fc.double({ min: -180, max: 180, noNaN: true }), lat, fc.double({ min: -180, max: 180, noNaN: true }), lat)
    .map(([a, b, c, d]): SpatialOperand => ({ kind: 'bbox', bbox: [a, Math.min(b, d), c, Math.max(b, d)] })),
  simpleGeometry.map((geometry): SpatialOperand => ({ kind: 'geometry', geometry })),
  fc
    .array(simpleGeometry, { minLength: 1, maxLength: 3 })
    .map((geometries): SpatialOperand => ({ kind: 'geometry', geometry: { type: 'GeometryCollection', geometries } })),
);

const instant: fc.Arbitrary<Instant> = fc.oneof(
  field('timestamp') as fc.Arbitrary<Instant>,
  timestampText.map((value): Instant => ({ kind: 'timestamp', value })),
);
const bound = fc.oneof(instant, fc.constant({ kind: 'unbounded' as const }));
const temporalOperand: fc.Arbitrary<TemporalOperand> = fc.oneof(
  instant,
  fc.record({ kind: fc.constant('interval' as const), start: bound, end: bound }),
);

const leaf: fc.Arbitrary<Filter> = fc.oneof(
  fc.tuple(kind, fc.constantFrom(...COMPARISON_OPS), fc.boolean(), fc.boolean()).chain(([k, op, ci, ai]) =>
    fc.tuple(scalar(k), scalar(k)).map(([left, right]): Filter => ({
      op,
      left,
      right,
      ...(ci && k === 'string' ? { caseInsensitive: true } : {}),
      ...(ai && k === 'string' ? { accentInsensitive: true } : {}),
    })),
  ),
  kind.chain((k) =>
    fc.tuple(scalar(k), fc.array(literal(k), { maxLength: 4 })).map(([value, list]): Filter => ({ op: 'in', value, list })),
  ),
  fc
    .constantFrom<Kind>('string', 'number', 'timestamp', 'uuid')
    .chain((k) => fc.tuple(scalar(k), literal(k), literal(k)).map(([value, low, high]): Filter => ({ op: 'between', value, low, high }))),
  fc.tuple(field('string'), text, fc.boolean(), fc.boolean()).map(([value, pattern, ci, ai]): Filter => ({
    op: 'like',
    value,
    pattern,
    ...(ci ? { caseInsensitive: true } : {}),
    ...(ai ? { accentInsensitive: true } : {}),
  })),
  fc
    .tuple(fc.constantFrom(...STRING_MATCH_OPS), fc.oneof(field('string'), field('uuid')), text)
    .map(([op, value, t]): Filter => ({ op, value, text: t })),
  kind.chain((k) => field(k)).map((value): Filter => ({ op: 'isNull', value })),
  fc
    .tuple(fc.constantFrom(...SPATIAL_RELATIONS), spatialOperand, fc.option(spatialOperand, { freq: 4 }))
    .map(([relation, geometry, left]): Filter => ({ op: 'spatial', relation, geometry, ...(left ? { left } : {}) })),
  fc
    .tuple(spatialOperand, fc.double({ min: 0, max: 1e7, noNaN: true }))
    .map(([geometry, d]): Filter => ({ op: 'dwithin', geometry, distanceMeters: d })),
  fc
    .tuple(fc.constantFrom(...TEMPORAL_RELATIONS), temporalOperand, temporalOperand)
    .map(([relation, left, right]): Filter => ({ op: 'temporal', relation, left, right })),
  fc.boolean().map((value): Filter => ({ op: 'const', value })),
);

const { filter } = fc.letrec<{ filter: Filter }>((tie) => ({
  filter: fc.oneof(
    { depthSize: 'small', maxDepth: 4 },
    leaf,
    fc.array(tie('filter'), { maxLength: 3 }).map((args): Filter => ({ op: 'and', args })),
    fc.array(tie('filter'), { maxLength: 3 }).map((args): Filter => ({ op: 'or', args })),
    tie('filter').map((arg): Filter => ({ op: 'not', arg })),
  ),
}));

const sortTerm: fc.Arbitrary<SortTerm> = fc.record({
  key: fc.oneof(
    fc.constantFrom(...SORT_KEYS),
    fc.record({ kind: fc.constant('attribute' as const), name: attrName, type: fc.constantFrom(...ATTRIBUTE_TYPES) }),
  ),
  direction: fc.constantFrom('asc' as const, 'desc' as const),
});

/** Trees with junk anywhere: known operators and kinds with members of any shape. */
const MEMBERS = [
  'op',
  'args',
  'arg',
  'left',
  'right',
  'value',
  'list',
  'pattern',
  'text',
  'relation',
  'geometry',
  'kind',
  'name',
  'type',
  'start',
  'end',
  'bbox',
  'coordinates',
  'distanceMeters',
  'accentInsensitive',
  '__proto__',
];
const WORDS = [
  ...COMPARISON_OPS,
  'and',
  'not',
  'in',
  'like',
  'spatial',
  'temporal',
  'dwithin',
  'property',
  'attribute',
  'timestamp',
  'bbox',
  'geometry',
  'Polygon',
  'GeometryCollection',
  'interval',
  'unbounded',
  'name',
  'String',
  'Double',
  'intersects',
  't_after',
  'arithmetic',
  '/',
  'div',
  '^',
];
const { node: junk } = fc.letrec<{ node: unknown }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', maxDepth: 4 },
    fc.anything(),
    fc.dictionary(fc.constantFrom(...MEMBERS), fc.oneof(tie('node'), fc.constantFrom(...WORDS))),
    fc.array(tie('node'), { maxLength: 3 }),
    filter,
  ),
}));

function expectInvalid(error: unknown): void {
  if (!isHubError(error) || error.kind !== 'invalid') throw error;
}

/**
 * Runs a compiled query. Arithmetic may only fail at run time (`x / y` with y = 0, `0 ^ -1`: SQLSTATE
 * class 22), and must then fail as the client's mistake once db/errors.ts has mapped it.
 */
async function runQuery<T>(tree: unknown, run: () => Promise<T>): Promise<T | undefined> {
  try {
    return await run();
  } catch (error) {
    if (!JSON.stringify(tree).includes('"arithmetic"')) throw error;
    expectInvalid(toHubError(error));
    return undefined;
  }
}

withDb('random filters', (ctx) => {
  beforeAll(async () => {
    await insertTestProducts(ctx.db, [
      {
        name: 'a',
        footprint: boxFootprint(10, 45, 11, 46),
        attributes: { cloudCover: 12.5, productType: 'S2MSI2A', flag: true, beginningDateTime: '2021-01-01T00:00:00Z' },
      },
      {
        name: "b'",
        sensingStart: null,
        sensingEnd: null,
        footprint: null,
        attributes: { cloudCover: 'n/a', flag: 'true', beginningDateTime: '2021-02-30T00:00:00Z', orbitNumber: 3 },
      },
      {
        name: 'c%_',
        footprint: {
          type: 'MultiPolygon',
          coordinates: [
            [
              [
                [170, 0],
                [180, 0],
                [180, 5],
                [170, 0],
              ],
            ],
            [
              [
                [-180, 0],
                [-170, 0],
                [-180, 5],
                [-180, 0],
              ],
            ],
          ],
        },
        attributes: { beginningDateTime: 17, "o'k": [1] },
      },
      {
        name: 'd',
        footprint: boxFootprint(-180, 80, 180, 90),
        evictionDate: '9999-12-31T23:59:59.999999Z',
        attributes: { productType: null },
      },
    ]);
    await ctx.db.query(`UPDATE products SET attributes = attributes || '{"huge": 1e400}'::jsonb WHERE name = 'a'`);
  });

  it('compiles every well-typed tree to SQL that runs, and rejects the rest as invalid', async () => {
    let ran = 0;
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(filter, fc.array(sortTerm, { maxLength: 3 }), fc.integer({ min: 0, max: 3 }), async (tree, order, limit) => {
        runs++;
        let query;
        try {
          query = buildSearchQuery({ scope: INTERNAL_SEES_EVERYTHING, filter: tree, order, limit });
        } catch (error) {
          return expectInvalid(error);
        }
        const q = query;
        const result = await runQuery(tree, () => ctx.db.query(q.sql, q.params));
        if (!result) return;
        const page = takePage(result.rows, query);
        if (page.nextCursor) {
          const next = buildSearchQuery({ scope: INTERNAL_SEES_EVERYTHING, filter: tree, order, limit, cursor: page.nextCursor });
          await runQuery(tree, () => ctx.db.query(next.sql, next.params));
        }
        ran++;
      }),
      { numRuns: 300 },
    );
    // Most generated trees are well typed; a generator producing only rejections would prove nothing.
    expect(ran).toBeGreaterThan(runs / 3);
  });

  it('meets junk with HubError kind invalid only, and whatever it accepts runs', async () => {
    await fc.assert(
      fc.asyncProperty(junk, async (input) => {
        try {
          validateFilter(input);
        } catch (error) {
          expectInvalid(error);
        }
        const params: unknown[] = [];
        let sql: string;
        try {
          sql = compileFilter(input as Filter, params);
        } catch (error) {
          return expectInvalid(error);
        }
        await runQuery(input, () => ctx.db.query(`SELECT count(*) FROM products p WHERE ${sql}`, params));
      }),
      { numRuns: 300 },
    );
  });
});
