/**
 * validateFilter: any value in, a clean filter tree out, or a HubError of kind `invalid`. It checks the
 * structure, the property names (closed set), the literals and the geometries, and bounds the size, so
 * that the compiler can trust its input. It returns a copy holding only the members the tree defines,
 * with timestamps normalised and nested and/or flattened. Types across operands are checked by the
 * compiler, which knows what each comparison needs.
 */
import {
  ARITHMETIC_OPS,
  ATTRIBUTE_TYPES,
  COMPARISON_OPS,
  SPATIAL_RELATIONS,
  STRING_MATCH_OPS,
  TEMPORAL_RELATIONS,
  type ArithmeticOp,
  type AttributeType,
  type ComparisonOp,
  type Filter,
  type Instant,
  type Scalar,
  type SpatialRelation,
  type StringMatchOp,
  type TemporalOperand,
  type TemporalRelation,
  type Unbounded,
} from './filter.ts';
import { isPropertyName } from './columns.ts';
import { QUERY_ERRORS, queryError } from './errors.ts';
import { readSpatialOperand, type GeometryBudget } from './geometry.ts';
import { isStorableText, normaliseTimestamp } from './literals.ts';

/** Nesting and size bounds: deep enough for any real query, shallow enough for the JS stack and PostgreSQL's parser. */
export const MAX_DEPTH = 200;
export const MAX_NODES = 5_000;
/** Largest distance for `dwithin`: half the equator and then some; farther is everything. */
export const MAX_DISTANCE_METERS = 25_000_000;

interface Budget extends GeometryBudget {
  nodes: number;
}

function malformed(message: string): Error {
  return queryError(QUERY_ERRORS.FILTER_MALFORMED, `malformed filter: ${message}`);
}

function invalidLiteral(message: string): Error {
  return queryError(QUERY_ERRORS.FILTER_INVALID_LITERAL, message);
}

function record(x: unknown, what: string): Record<string, unknown> {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) throw malformed(`${what} must be an object`);
  return x as Record<string, unknown>; // checked just above; members are read with Object.hasOwn only
}

function member(o: Record<string, unknown>, key: string): unknown {
  return Object.hasOwn(o, key) ? o[key] : undefined;
}

function oneOf<T extends string>(values: readonly T[], x: unknown): x is T {
  return typeof x === 'string' && (values as readonly string[]).includes(x);
}

function text(x: unknown, what: string): string {
  if (typeof x !== 'string') throw malformed(`${what} must be a string`);
  if (!isStorableText(x)) throw invalidLiteral(`${what} is too long or holds a NUL or a lone surrogate`);
  return x;
}

function caseOption(o: Record<string, unknown>): { caseInsensitive?: true; accentInsensitive?: true } {
  const ci = member(o, 'caseInsensitive');
  if (ci !== undefined && typeof ci !== 'boolean') throw malformed('caseInsensitive must be a boolean');
  const ai = member(o, 'accentInsensitive');
  if (ai !== undefined && typeof ai !== 'boolean') throw malformed('accentInsensitive must be a boolean');
  return { ...(ci === true ? { caseInsensitive: true } : {}), ...(ai === true ? { accentInsensitive: true } : {}) };
}

/** Division by a literal zero is the client's mistake, found before any SQL runs (CQL2 /req/arithmetic). */
function readArithmetic(o: Record<string, unknown>, b: Budget, depth: number): Scalar {
  const op = member(o, 'op');
  if (!oneOf<ArithmeticOp>(ARITHMETIC_OPS, op)) throw malformed(`arithmetic op must be one of ${ARITHMETIC_OPS.join(' ')}`);
  const left = readScalar(member(o, 'left'), b, depth + 1);
  const right = readScalar(member(o, 'right'), b, depth + 1);
  if ((op === '/' || op === '%' || op === 'div') && right.kind === 'number' && right.value === 0) throw invalidLiteral('division by zero');
  return { kind: 'arithmetic', op, left, right };
}

function readScalar(x: unknown, b: Budget, depth = 0): Scalar {
  if (depth > MAX_DEPTH) throw queryError(QUERY_ERRORS.FILTER_TOO_COMPLEX, `filter is nested deeper than ${MAX_DEPTH}`);
  if (++b.nodes > MAX_NODES) throw queryError(QUERY_ERRORS.FILTER_TOO_COMPLEX, `filter has more than ${MAX_NODES} nodes`);
  const o = record(x, 'an operand');
  const kind = member(o, 'kind');
  const value = member(o, 'value');
  switch (kind) {
    case 'property': {
      const name = member(o, 'name');
      if (isPropertyName(name)) return { kind, name };
      if (typeof name !== 'string') throw malformed('a property name must be a string');
      throw queryError(QUERY_ERRORS.FILTER_UNKNOWN_PROPERTY, `unknown property ${JSON.stringify(name.slice(0, 100))}`, {
        property: name.slice(0, 100),
      });
    }
    case 'attribute': {
      const name = text(member(o, 'name'), 'an attribute name');
      const type = member(o, 'type');
      if (name === '') throw malformed('an attribute name must not be empty');
      if (!oneOf<AttributeType>(ATTRIBUTE_TYPES, type)) throw malformed(`attribute type must be one of ${ATTRIBUTE_TYPES.join(', ')}`);
      return { kind, name, type };
    }
    case 'string':
      return { kind, value: text(value, 'a string literal') };
    case 'number':
      if (typeof value !== 'number') throw malformed('a number literal must hold a number');
      if (!Number.isFinite(value)) throw invalidLiteral('numbers must be finite');
      return { kind, value };
    case 'boolean':
      if (typeof value !== 'boolean') throw malformed('a boolean literal must hold true or false');
      return { kind, value };
    case 'timestamp': {
      const ts = normaliseTimestamp(text(value, 'a timestamp literal'));
      if (ts === null) throw invalidLiteral(`not an RFC 3339 timestamp: ${JSON.stringify(String(value).slice(0, 60))}`);
      return { kind, value: ts };
    }
    case 'null':
      return { kind };
    case 'arithmetic':
      return readArithmetic(o, b, depth);
    default:
      throw malformed('an operand needs kind property, attribute, string, number, boolean, timestamp, null or arithmetic');
  }
}

function readInstant(x: unknown, b: Budget): Instant {
  const s = readScalar(x, b);
  if (s.kind === 'property' || s.kind === 'attribute' || s.kind === 'timestamp') return s;
  if (s.kind === 'arithmetic') throw queryError(QUERY_ERRORS.FILTER_TYPE_MISMATCH, 'a temporal operand must be a timestamp, not a number');
  throw queryError(QUERY_ERRORS.FILTER_TYPE_MISMATCH, `a temporal operand must be a timestamp, not a ${s.kind}`);
}

function readBound(x: unknown, b: Budget): Instant | Unbounded {
  return typeof x === 'object' && x !== null && member(x as Record<string, unknown>, 'kind') === 'unbounded'
    ? { kind: 'unbounded' }
    : readInstant(x, b);
}

function readTemporal(x: unknown, b: Budget): TemporalOperand {
  const o = record(x, 'a temporal operand');
  if (member(o, 'kind') !== 'interval') return readInstant(o, b);
  return { kind: 'interval', start: readBound(member(o, 'start'), b), end: readBound(member(o, 'end'), b) };
}

/** A LIKE pattern may not end in an unpaired escape: PostgreSQL refuses it, CQL2's like-predicate gives it no meaning. */
function checkPattern(pattern: string): string {
  const trailing = /\\*$/.exec(pattern)?.[0].length ?? 0;
  if (trailing % 2 === 1) throw invalidLiteral('a LIKE pattern must not end with a lone escape character \\');
  return pattern;
}

function readArgs(o: Record<string, unknown>, op: 'and' | 'or', depth: number, b: Budget): Filter[] {
  const args = member(o, 'args');
  if (!Array.isArray(args)) throw malformed(`${op} needs an args array`);
  // and(and(a, b), c) is and(a, b, c): flattening keeps parser-built chains shallow for PostgreSQL.
  return args.flatMap((a) => {
    const f = readNode(a, depth + 1, b);
    return f.op === op ? f.args : [f];
  });
}

function readNode(x: unknown, depth: number, b: Budget): Filter {
  if (depth > MAX_DEPTH) throw queryError(QUERY_ERRORS.FILTER_TOO_COMPLEX, `filter is nested deeper than ${MAX_DEPTH}`);
  if (++b.nodes > MAX_NODES) throw queryError(QUERY_ERRORS.FILTER_TOO_COMPLEX, `filter has more than ${MAX_NODES} nodes`);
  const o = record(x, 'a filter node');
  const op = member(o, 'op');
  if (op === 'and' || op === 'or') return { op, args: readArgs(o, op, depth, b) };
  if (op === 'not') return { op, arg: readNode(member(o, 'arg'), depth + 1, b) };
  if (op === 'const') {
    const value = member(o, 'value');
    if (typeof value !== 'boolean') throw malformed('const needs a boolean value');
    return { op, value };
  }
  if (oneOf<ComparisonOp>(COMPARISON_OPS, op)) {
    return { op, left: readScalar(member(o, 'left'), b), right: readScalar(member(o, 'right'), b), ...caseOption(o) };
  }
  if (op === 'in') {
    const list = member(o, 'list');
    if (!Array.isArray(list)) throw malformed('in needs a list array');
    return { op, value: readScalar(member(o, 'value'), b), list: list.map((s) => readScalar(s, b)), ...caseOption(o) };
  }
  if (op === 'between') {
    return { op, value: readScalar(member(o, 'value'), b), low: readScalar(member(o, 'low'), b), high: readScalar(member(o, 'high'), b) };
  }
  if (op === 'like') {
    const pattern = checkPattern(text(member(o, 'pattern'), 'a LIKE pattern'));
    return { op, value: readScalar(member(o, 'value'), b), pattern, ...caseOption(o) };
  }
  if (oneOf<StringMatchOp>(STRING_MATCH_OPS, op)) {
    const ci = member(o, 'caseInsensitive');
    if (ci !== undefined && typeof ci !== 'boolean') throw malformed('caseInsensitive must be a boolean');
    return {
      op,
      value: readScalar(member(o, 'value'), b),
      text: text(member(o, 'text'), `${op} text`),
      ...(ci === true ? { caseInsensitive: true } : {}),
    };
  }
  if (op === 'isNull') return { op, value: readScalar(member(o, 'value'), b) };
  if (op === 'spatial') {
    const relation = member(o, 'relation');
    if (!oneOf<SpatialRelation>(SPATIAL_RELATIONS, relation))
      throw malformed(`spatial relation must be one of ${SPATIAL_RELATIONS.join(', ')}`);
    const left = member(o, 'left');
    const geometry = readSpatialOperand(member(o, 'geometry'), b);
    return left === undefined ? { op, relation, geometry } : { op, relation, geometry, left: readSpatialOperand(left, b) };
  }
  if (op === 'dwithin') {
    const d = member(o, 'distanceMeters');
    if (typeof d !== 'number') throw malformed('dwithin needs distanceMeters');
    if (!Number.isFinite(d) || d < 0 || d > MAX_DISTANCE_METERS)
      throw invalidLiteral(`distanceMeters must be within 0..${MAX_DISTANCE_METERS}`);
    // Millimetres are plenty, and keep subnormal floats out of PostGIS (see roundDegrees).
    return { op, geometry: readSpatialOperand(member(o, 'geometry'), b), distanceMeters: Math.round(d * 1000) / 1000 };
  }
  if (op === 'temporal') {
    const relation = member(o, 'relation');
    if (!oneOf<TemporalRelation>(TEMPORAL_RELATIONS, relation))
      throw malformed(`temporal relation must be one of ${TEMPORAL_RELATIONS.join(', ')}`);
    return { op, relation, left: readTemporal(member(o, 'left'), b), right: readTemporal(member(o, 'right'), b) };
  }
  throw malformed(`unknown operator ${typeof op === 'string' ? JSON.stringify(op.slice(0, 40)) : typeof op}`);
}

export function validateFilter(input: unknown): Filter {
  return readNode(input, 0, { nodes: 0, positions: 0 });
}
