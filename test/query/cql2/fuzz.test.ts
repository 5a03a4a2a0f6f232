/**
 * Random and malformed CQL2 thrown at both parsers: the answer is a filter tree that compiles (or is
 * refused by the compiler as invalid), or a HubError of kind `invalid`; never another error, and never
 * slowly. Inputs are random strings, soups of CQL2 tokens, mutilated examples of the standard, random
 * JSON, and JSON built from CQL2's own member names and operators.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HubError, isHubError } from '../../../src/errors/index.ts';
import {
  QUERY_ERRORS,
  compileFilter,
  parseCql2Json,
  parseCql2Text,
  parseCql2TextAst,
  type Filter,
  type PropertyResolver,
} from '../../../src/query/index.ts';
import { SHARED_DIR } from '../../support/samples.ts';

const resolve: PropertyResolver = (name) => {
  if (name === 'geom' || name === 'geometry') return { kind: 'footprint' };
  if (name === 'name' || name === 'eo:instrument') return { kind: 'attribute', name, type: 'String' };
  if (name === 'cloud' || name === 'pop') return { kind: 'attribute', name, type: 'Double' };
  if (name === 'datetime') return { kind: 'property', name: 'sensingStart' };
  if (name === 'updated') return { kind: 'property', name: 'modificationDate' };
  throw new HubError(QUERY_ERRORS.FILTER_UNKNOWN_PROPERTY, 'invalid', `unknown queryable ${name.slice(0, 40)}`);
};

/** Each call must end quickly: a parse of a few kilobytes taking more than this would be a performance bug. */
const MAX_MS_PER_INPUT = 1_000;

function check(parse: () => Filter): void {
  const started = performance.now();
  try {
    const tree = parse();
    try {
      compileFilter(tree, []);
    } catch (error) {
      if (!isHubError(error) || error.kind !== 'invalid') throw error;
    }
  } catch (error) {
    if (!isHubError(error) || error.kind !== 'invalid') throw error;
  }
  expect(performance.now() - started).toBeLessThan(MAX_MS_PER_INPUT);
}

const TOKENS = [
  'AND',
  'or',
  'NOT',
  'LIKE',
  'BETWEEN',
  'IN',
  'IS',
  'NULL',
  'TRUE',
  'false',
  'DIV',
  '(',
  ')',
  ',',
  '=',
  '<>',
  '<',
  '<=',
  '>',
  '>=',
  '+',
  '-',
  '*',
  '/',
  '%',
  '^',
  "'a'",
  "'it''s'",
  "'..'",
  "'2021-01-01'",
  "'2021-01-01T00:00:00Z'",
  '"name"',
  '"',
  "'",
  'name',
  'pop',
  'geom',
  'datetime',
  'nope',
  '0',
  '1',
  '-2.5e3',
  '.5',
  'CASEI',
  'ACCENTI',
  'DATE',
  'TIMESTAMP',
  'INTERVAL',
  'BBOX',
  'POINT',
  'Z',
  'LINESTRING',
  'POLYGON',
  'MULTIPOINT',
  'GEOMETRYCOLLECTION',
  'S_INTERSECTS',
  'S_WITHIN',
  'T_AFTER',
  'T_DURING',
  'A_CONTAINS',
  'Foo',
  '1 2',
  '0 0, 1 0, 1 1, 0 0',
  '\n',
  'é',
];
const soup = fc.array(fc.constantFrom(...TOKENS), { maxLength: 40 }).map((ts) => ts.join(' '));

const examplesDir = join(SHARED_DIR, 'cql2', 'examples', 'text');
const examples = readdirSync(examplesDir)
  .filter((f) => f.endsWith('.txt'))
  .map((f) => readFileSync(join(examplesDir, f), 'utf8'));
/** An example of the standard with a slice cut out and random text put in its place. */
const mutilated = fc
  .tuple(fc.constantFrom(...examples), fc.nat(), fc.nat({ max: 20 }), fc.oneof(fc.string({ maxLength: 6 }), fc.constantFrom(...TOKENS)))
  .map(([text, at, cut, insert]) => {
    const i = at % (text.length + 1);
    return text.slice(0, i) + insert + text.slice(i + cut);
  });

const KEYS = ['op', 'args', 'property', 'date', 'timestamp', 'interval', 'bbox', 'type', 'coordinates', 'geometries', '__proto__'];
const WORDS = [
  'and',
  'or',
  'not',
  '=',
  '<',
  'like',
  'between',
  'in',
  'isNull',
  'casei',
  'accenti',
  '+',
  '/',
  'div',
  '^',
  's_intersects',
  's_within',
  't_after',
  't_during',
  'a_equals',
  'name',
  'pop',
  'geom',
  'datetime',
  'Point',
  'Polygon',
  'GeometryCollection',
  '..',
  '2021-01-01',
  '2021-01-01T00:00:00Z',
  'nope',
];
const { node: jsonJunk } = fc.letrec<{ node: unknown }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', maxDepth: 5 },
    fc.constantFrom(...WORDS),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('node'), { maxLength: 4 }),
    fc.dictionary(fc.constantFrom(...KEYS), tie('node'), { maxKeys: 3 }),
    fc.record({ op: fc.constantFrom(...WORDS), args: fc.array(tie('node'), { maxLength: 3 }) }),
  ),
}));

describe('CQL2 parsers under random input', () => {
  it('answer random text with a filter or an invalid HubError', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 60 }), soup, mutilated), (text) => check(() => parseCql2Text(text, resolve))),
      { numRuns: 3000 },
    );
  });

  it('answer random JSON with a filter or an invalid HubError', () => {
    fc.assert(
      fc.property(fc.oneof(jsonJunk, fc.anything()), (doc) => check(() => parseCql2Json(doc, resolve))),
      { numRuns: 3000 },
    );
  });

  it('parse a good share of the mutilated examples, so that the generators reach past the syntax checks', () => {
    let parsed = 0;
    const runs = 500;
    fc.assert(
      fc.property(mutilated, (text) => {
        try {
          parseCql2TextAst(text);
          parsed++;
        } catch (error) {
          if (!isHubError(error)) throw error;
        }
      }),
      { numRuns: runs },
    );
    expect(parsed).toBeGreaterThan(runs / 10);
  });
});
