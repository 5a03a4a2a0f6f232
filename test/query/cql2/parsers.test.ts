/**
 * CQL2 text and JSON parsing and translation (OGC 21-065): precedence, text sugar, literals, error
 * positions and codes, limits, and what is refused as unsupported rather than as a syntax error.
 */
import { describe, expect, it } from 'vitest';
import { HubError, isHubError } from '../../../src/errors/index.ts';
import {
  MAX_DEPTH,
  MAX_NODES,
  QUERY_ERRORS,
  parseCql2Json,
  parseCql2JsonAst,
  parseCql2Text,
  parseCql2TextAst,
  type PropertyResolver,
} from '../../../src/query/index.ts';

const resolve: PropertyResolver = (name) => {
  switch (name) {
    case 'geom':
      return { kind: 'footprint' };
    case 'name':
      return { kind: 'attribute', name, type: 'String' };
    case 'pop':
    case 'a':
    case 'b':
      return { kind: 'attribute', name, type: 'Integer' };
    case 'start':
    case 'end':
      return { kind: 'attribute', name, type: 'DateTimeOffset' };
    case 'datetime':
      return { kind: 'property', name: 'sensingStart' };
    default:
      throw new HubError(QUERY_ERRORS.FILTER_UNKNOWN_PROPERTY, 'invalid', `unknown ${name}`);
  }
};

function errorOf(run: () => unknown): HubError {
  try {
    run();
  } catch (error) {
    if (isHubError(error)) return error;
    throw error;
  }
  throw new Error('expected an error');
}

describe('CQL2 text', () => {
  it('binds AND tighter than OR and NOT tighter than AND, as cql2.bnf nests them', () => {
    expect(parseCql2TextAst('a = 1 OR NOT b = 2 AND a = 3')).toEqual({
      kind: 'op',
      op: 'or',
      args: [
        {
          kind: 'op',
          op: '=',
          args: [
            { kind: 'property', name: 'a' },
            { kind: 'number', value: 1 },
          ],
        },
        {
          kind: 'op',
          op: 'and',
          args: [
            {
              kind: 'op',
              op: 'not',
              args: [
                {
                  kind: 'op',
                  op: '=',
                  args: [
                    { kind: 'property', name: 'b' },
                    { kind: 'number', value: 2 },
                  ],
                },
              ],
            },
            {
              kind: 'op',
              op: '=',
              args: [
                { kind: 'property', name: 'a' },
                { kind: 'number', value: 3 },
              ],
            },
          ],
        },
      ],
    });
  });

  it('gives * / % div precedence over + and -, and ^ over both', () => {
    expect(parseCql2TextAst('a = 1 + 2 * 3 ^ 2')).toEqual(
      parseCql2JsonAst({ op: '=', args: [{ property: 'a' }, { op: '+', args: [1, { op: '*', args: [2, { op: '^', args: [3, 2] }] }] }] }),
    );
    expect(parseCql2TextAst('a = 7 - 2 - 1')).toEqual(
      parseCql2JsonAst({ op: '=', args: [{ property: 'a' }, { op: '-', args: [{ op: '-', args: [7, 2] }, 1] }] }),
    );
    expect(parseCql2TextAst('a = 7 DIV 2')).toEqual(parseCql2JsonAst({ op: '=', args: [{ property: 'a' }, { op: 'div', args: [7, 2] }] }));
  });

  it('reads keywords in any case, quoted identifiers and doubled quotes', () => {
    expect(parseCql2TextAst(`"name" like 'it''s%' and Not a iS nUlL`)).toEqual(
      parseCql2JsonAst({
        op: 'and',
        args: [
          { op: 'like', args: [{ property: 'name' }, "it's%"] },
          { op: 'not', args: [{ op: 'isNull', args: [{ property: 'a' }] }] },
        ],
      }),
    );
  });

  it('desugars NOT LIKE, NOT BETWEEN, NOT IN and IS NOT NULL into NOT', () => {
    for (const [text, inner] of [
      ["name NOT LIKE 'x%'", { op: 'like', args: [{ property: 'name' }, 'x%'] }],
      ['a NOT BETWEEN 1 AND 2', { op: 'between', args: [{ property: 'a' }, 1, 2] }],
      ['a NOT IN (1, 2)', { op: 'in', args: [{ property: 'a' }, [1, 2]] }],
      ['a IS NOT NULL', { op: 'isNull', args: [{ property: 'a' }] }],
    ] as const) {
      expect(parseCql2TextAst(text)).toEqual(parseCql2JsonAst({ op: 'not', args: [inner] }));
    }
  });

  it('reads WKT with 2D and 3D coordinates, BBOX, DATE, TIMESTAMP and INTERVAL with open ends', () => {
    expect(parseCql2TextAst('S_INTERSECTS(geom, POINT Z(1 2 3))')).toEqual(
      parseCql2JsonAst({ op: 's_intersects', args: [{ property: 'geom' }, { type: 'Point', coordinates: [1, 2, 3] }] }),
    );
    expect(parseCql2TextAst('S_WITHIN(geom, BBOX(-10, -5.5, 10, 5.5))')).toEqual(
      parseCql2JsonAst({ op: 's_within', args: [{ property: 'geom' }, { bbox: [-10, -5.5, 10, 5.5] }] }),
    );
    expect(parseCql2TextAst("T_DURING(INTERVAL(start, end), INTERVAL('2020-01-01', '..'))")).toEqual(
      parseCql2JsonAst({
        op: 't_during',
        args: [{ interval: [{ property: 'start' }, { property: 'end' }] }, { interval: ['2020-01-01', '..'] }],
      }),
    );
    expect(parseCql2TextAst("start > TIMESTAMP('2020-01-01T00:00:00.000Z') AND start < DATE('2021-01-01')")).toEqual(
      parseCql2JsonAst({
        op: 'and',
        args: [
          { op: '>', args: [{ property: 'start' }, { timestamp: '2020-01-01T00:00:00Z' }] },
          { op: '<', args: [{ property: 'start' }, { date: '2021-01-01' }] },
        ],
      }),
    );
  });

  it('reports a syntax error with its offset, line and column and what was expected', () => {
    const e = errorOf(() => parseCql2TextAst("name = 'a' AND\n  pop >"));
    expect(e.code).toBe(QUERY_ERRORS.FILTER_SYNTAX);
    expect(e.kind).toBe('invalid');
    expect(e.details).toEqual({ offset: 22, line: 2, column: 8 });
    expect(e.message).toContain('expected');
    expect(errorOf(() => parseCql2TextAst("name = 'open")).details).toMatchObject({ offset: 7 });
    expect(errorOf(() => parseCql2TextAst('a = 1 b = 2')).code).toBe(QUERY_ERRORS.FILTER_SYNTAX);
    expect(errorOf(() => parseCql2TextAst('a = #')).code).toBe(QUERY_ERRORS.FILTER_SYNTAX);
  });

  it('refuses nesting deeper than MAX_DEPTH and trees larger than MAX_NODES as too complex', () => {
    const deep = `${'('.repeat(MAX_DEPTH + 5)}a = 1${')'.repeat(MAX_DEPTH + 5)}`;
    expect(errorOf(() => parseCql2TextAst(deep)).code).toBe(QUERY_ERRORS.FILTER_TOO_COMPLEX);
    expect(errorOf(() => parseCql2TextAst(`a = ${'1 + '.repeat(MAX_DEPTH + 5)}1`)).code).toBe(QUERY_ERRORS.FILTER_TOO_COMPLEX);
    expect(errorOf(() => parseCql2TextAst(Array.from({ length: MAX_NODES }, () => 'a = 1').join(' OR '))).code).toBe(
      QUERY_ERRORS.FILTER_TOO_COMPLEX,
    );
    expect(errorOf(() => parseCql2TextAst(`name = '${'x'.repeat(300_000)}'`)).code).toBe(QUERY_ERRORS.FILTER_SYNTAX);
  });

  it('stays linear on hostile input: long runs of brackets, quotes, operators and NOTs', () => {
    const started = performance.now();
    for (const hostile of [
      '('.repeat(150_000),
      "'".repeat(150_000),
      '- '.repeat(90_000),
      'NOT '.repeat(40_000),
      'f('.repeat(60_000),
      'a = 1 AND '.repeat(15_000),
    ]) {
      expect(errorOf(() => parseCql2Text(hostile, resolve)).kind).toBe('invalid');
    }
    expect(performance.now() - started).toBeLessThan(5_000);
  });
});

describe('CQL2 JSON', () => {
  it('reports a problem with a JSON pointer to it', () => {
    const e = errorOf(() =>
      parseCql2JsonAst({
        op: 'and',
        args: [
          { op: '=', args: [{ property: 'a' }, 1] },
          { op: '=', args: [{ propertee: 'a' }, 1] },
        ],
      }),
    );
    expect(e.code).toBe(QUERY_ERRORS.FILTER_SYNTAX);
    expect(e.details).toEqual({ pointer: '/args/1/args/0' });
    expect(errorOf(() => parseCql2JsonAst({ op: '=', args: 'x' })).details).toEqual({ pointer: '/args' });
    expect(errorOf(() => parseCql2JsonAst(null)).details).toEqual({ pointer: '' });
  });

  it('refuses documents nested deeper than MAX_DEPTH', () => {
    let doc: unknown = { op: '=', args: [{ property: 'a' }, 1] };
    for (let i = 0; i < MAX_DEPTH + 5; i++) doc = { op: 'not', args: [doc] };
    expect(errorOf(() => parseCql2JsonAst(doc)).code).toBe(QUERY_ERRORS.FILTER_TOO_COMPLEX);
  });
});

describe('CQL2 onto the filter tree', () => {
  it('swaps a spatial predicate with the literal on the left, turning S_WITHIN into S_CONTAINS', () => {
    expect(parseCql2Text('S_WITHIN(BBOX(0, 0, 1, 1), geom)', resolve)).toEqual({
      op: 'spatial',
      relation: 'contains',
      geometry: { kind: 'bbox', bbox: [0, 0, 1, 1] },
    });
    expect(parseCql2Text('S_CONTAINS(POINT(1 1), geom)', resolve)).toMatchObject({ op: 'spatial', relation: 'within' });
    expect(parseCql2Text('S_TOUCHES(POINT(1 1), geom)', resolve)).toMatchObject({ op: 'spatial', relation: 'touches' });
  });

  it('maps CASEI and ACCENTI onto the predicate, arithmetic onto arithmetic scalars', () => {
    expect(parseCql2Text("ACCENTI(CASEI(name)) = accenti(casei('Chișinău'))", resolve)).toEqual({
      op: 'eq',
      left: { kind: 'attribute', name: 'name', type: 'String' },
      right: { kind: 'string', value: 'Chișinău' },
      caseInsensitive: true,
      accentInsensitive: true,
    });
    expect(parseCql2Text('pop > 2 * (a + 1)', resolve)).toMatchObject({
      op: 'gt',
      right: { kind: 'arithmetic', op: '*', left: { kind: 'number', value: 2 }, right: { kind: 'arithmetic', op: '+' } },
    });
  });

  it('refuses a division by a literal zero as an invalid literal', () => {
    expect(errorOf(() => parseCql2Text('pop > a / 0', resolve)).code).toBe(QUERY_ERRORS.FILTER_INVALID_LITERAL);
    expect(errorOf(() => parseCql2Text('pop > a div 0', resolve)).code).toBe(QUERY_ERRORS.FILTER_INVALID_LITERAL);
  });

  it('answers array functions and unknown functions as unsupported, not as syntax errors', () => {
    expect(errorOf(() => parseCql2Text("A_CONTAINS(layer:ids, ('a', 'b'))", resolve)).code).toBe(QUERY_ERRORS.FILTER_UNSUPPORTED);
    expect(errorOf(() => parseCql2Text('Foo(geom) = 1', resolve)).code).toBe(QUERY_ERRORS.FILTER_UNSUPPORTED);
    expect(errorOf(() => parseCql2Json({ op: 'contains', args: [{ property: 'name' }, 'x'] }, resolve)).code).toBe(
      QUERY_ERRORS.FILTER_UNSUPPORTED,
    );
  });

  it('passes the resolver’s unknown-property error through', () => {
    expect(errorOf(() => parseCql2Text('nope = 1', resolve)).code).toBe(QUERY_ERRORS.FILTER_UNKNOWN_PROPERTY);
  });

  it('refuses a geometry where a value is compared, and a bad date', () => {
    expect(errorOf(() => parseCql2Text('geom = 1', resolve)).code).toBe(QUERY_ERRORS.FILTER_TYPE_MISMATCH);
    expect(errorOf(() => parseCql2Text("start = DATE('2021-02-30')", resolve)).code).toBe(QUERY_ERRORS.FILTER_INVALID_LITERAL);
    expect(errorOf(() => parseCql2Text("start = DATE('2021-02-03T00:00:00Z')", resolve)).code).toBe(QUERY_ERRORS.FILTER_INVALID_LITERAL);
  });
});
