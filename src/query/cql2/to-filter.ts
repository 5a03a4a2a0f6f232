/**
 * The CQL2 AST onto the one filter tree. Queryable names go through the caller's resolver (the STAC API
 * maps its queryables; tests map the Natural Earth attributes). What CQL2 1.0 defines but the filter tree
 * cannot express (array functions, custom functions, a spatial predicate between the geometry property and
 * itself) is FILTER_UNSUPPORTED: valid CQL2, refused with a 400 that says so, never a syntax error.
 */
import type {
  ArithmeticOp,
  Filter,
  Instant,
  Interval,
  Scalar,
  SpatialOperand,
  SpatialRelation,
  TemporalOperand,
  TemporalRelation,
  Unbounded,
} from '../filter.ts';
import { QUERY_ERRORS, queryError } from '../errors.ts';
import {
  ARITHMETIC_OPS,
  ARRAY_FUNCTIONS,
  COMPARISON_OPS,
  SPATIAL_FUNCTIONS,
  TEMPORAL_FUNCTIONS,
  type Cql2Node,
  type PropertyResolver,
} from './ast.ts';

const COMPARISON: Record<(typeof COMPARISON_OPS)[number], 'eq' | 'ne' | 'lt' | 'le' | 'gt' | 'ge'> = {
  '=': 'eq',
  '<>': 'ne',
  '<': 'lt',
  '<=': 'le',
  '>': 'gt',
  '>=': 'ge',
};

const SPATIAL: Record<(typeof SPATIAL_FUNCTIONS)[number], SpatialRelation> = {
  s_intersects: 'intersects',
  s_equals: 'equals',
  s_disjoint: 'disjoint',
  s_touches: 'touches',
  s_within: 'within',
  s_overlaps: 'overlaps',
  s_crosses: 'crosses',
  s_contains: 'contains',
};

/** A(x, y) ⇔ A'(y, x): within and contains are each other's converse; the other relations are symmetric. */
const CONVERSE: Partial<Record<SpatialRelation, SpatialRelation>> = { within: 'contains', contains: 'within' };

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function unsupported(message: string): Error {
  return queryError(QUERY_ERRORS.FILTER_UNSUPPORTED, message);
}

function mismatch(message: string): Error {
  return queryError(QUERY_ERRORS.FILTER_TYPE_MISMATCH, message);
}

function isOneOf<T extends string>(values: readonly T[], x: string): x is T {
  return (values as readonly string[]).includes(x);
}

function describe(n: Cql2Node): string {
  return n.kind === 'op' ? `${n.op}(...)` : n.kind;
}

function arity(n: Extract<Cql2Node, { kind: 'op' }>, count: number): void {
  if (n.args.length !== count) throw queryError(QUERY_ERRORS.FILTER_MALFORMED, `${n.op} takes ${count} argument(s), not ${n.args.length}`);
}

interface Flags {
  caseInsensitive: boolean;
  accentInsensitive: boolean;
}

function options(f: Flags): { caseInsensitive?: true; accentInsensitive?: true } {
  return { ...(f.caseInsensitive ? { caseInsensitive: true } : {}), ...(f.accentInsensitive ? { accentInsensitive: true } : {}) };
}

class Translator {
  constructor(private readonly resolve: PropertyResolver) {}

  private date(value: string): Scalar {
    if (!DATE.test(value))
      throw queryError(QUERY_ERRORS.FILTER_INVALID_LITERAL, `not a date (YYYY-MM-DD): ${JSON.stringify(value.slice(0, 40))}`);
    return { kind: 'timestamp', value };
  }

  /**
   * A scalar operand; CASEI/ACCENTI around it set the flags of the predicate it belongs to, which then
   * fold both sides: the filter tree has one flag per predicate, and CQL2 (/req/case-insensitive-comparison)
   * writes the function around every operand anyway (`CASEI(name) = casei('Kiev')`).
   */
  scalar(n: Cql2Node, flags: Flags): Scalar {
    switch (n.kind) {
      case 'string':
      case 'number':
      case 'boolean':
        return { kind: n.kind, value: n.value } as Scalar; // the three literal shapes coincide with the filter tree's
      case 'date':
        return this.date(n.value);
      case 'timestamp':
        return { kind: 'timestamp', value: n.value };
      case 'property': {
        const field = this.resolve(n.name);
        if (field.kind === 'footprint') throw mismatch(`${n.name} is a geometry: use a spatial function`);
        return field;
      }
      case 'op': {
        if (n.op === 'casei' || n.op === 'accenti') {
          arity(n, 1);
          if (n.op === 'casei') flags.caseInsensitive = true;
          else flags.accentInsensitive = true;
          return this.scalar(n.args[0] as Cql2Node, flags);
        }
        if (isOneOf<ArithmeticOp>(ARITHMETIC_OPS, n.op)) {
          arity(n, 2);
          const noFlags = { caseInsensitive: false, accentInsensitive: false };
          return {
            kind: 'arithmetic',
            op: n.op,
            left: this.scalar(n.args[0] as Cql2Node, noFlags),
            right: this.scalar(n.args[1] as Cql2Node, noFlags),
          };
        }
        return this.predicateAsValue(n);
      }
      default:
        throw mismatch(`a ${describe(n)} cannot be compared as a value`);
    }
  }

  private predicateAsValue(n: Extract<Cql2Node, { kind: 'op' }>): never {
    if (this.isKnownPredicate(n.op)) throw unsupported(`${n.op} used as a value is not supported`);
    throw unsupported(`function ${JSON.stringify(n.op.slice(0, 60))} is not supported`);
  }

  private isKnownPredicate(op: string): boolean {
    return [
      'and',
      'or',
      'not',
      'like',
      'between',
      'in',
      'isNull',
      ...COMPARISON_OPS,
      ...SPATIAL_FUNCTIONS,
      ...TEMPORAL_FUNCTIONS,
      ...ARRAY_FUNCTIONS,
    ].includes(op);
  }

  /** LIKE patterns are string literals (cql2.bnf patternExpression), possibly inside CASEI/ACCENTI. */
  private pattern(n: Cql2Node, flags: Flags): string {
    if (n.kind === 'op' && (n.op === 'casei' || n.op === 'accenti')) {
      arity(n, 1);
      if (n.op === 'casei') flags.caseInsensitive = true;
      else flags.accentInsensitive = true;
      return this.pattern(n.args[0] as Cql2Node, flags);
    }
    if (n.kind === 'string') return n.value;
    if (n.kind === 'property' || n.kind === 'op') throw unsupported('a LIKE pattern other than a string literal is not supported');
    throw mismatch(`a LIKE pattern is a string, not a ${describe(n)}`);
  }

  private spatialOperand(n: Cql2Node): SpatialOperand | 'footprint' {
    if (n.kind === 'property') {
      if (this.resolve(n.name).kind === 'footprint') return 'footprint';
      throw mismatch(`${n.name} is not a geometry`);
    }
    if (n.kind === 'geometry') return { kind: 'geometry', geometry: n.geometry };
    if (n.kind === 'bbox') {
      const b = n.bbox;
      // BBOX with six numbers is minx, miny, minz, maxx, maxy, maxz (cql2.bnf bboxTaggedText); heights are dropped.
      const box = b.length === 6 ? [b[0], b[1], b[3], b[4]] : b;
      return { kind: 'bbox', bbox: box as [number, number, number, number] };
    }
    if (n.kind === 'op' && !this.isKnownPredicate(n.op))
      throw unsupported(`function ${JSON.stringify(n.op.slice(0, 60))} is not supported`);
    throw mismatch(`a ${describe(n)} is not a geometry`);
  }

  private spatial(relation: SpatialRelation, a: Cql2Node, b: Cql2Node): Filter {
    const left = this.spatialOperand(a);
    const right = this.spatialOperand(b);
    if (left === 'footprint' && right !== 'footprint') return { op: 'spatial', relation, geometry: right };
    if (left !== 'footprint' && right === 'footprint') return { op: 'spatial', relation: CONVERSE[relation] ?? relation, geometry: left };
    if (left !== 'footprint' && right !== 'footprint') return { op: 'spatial', relation, geometry: right, left };
    throw unsupported('a spatial function between the geometry property and itself is not supported');
  }

  private instant(n: Cql2Node, allowOpen: boolean): Instant | Unbounded {
    switch (n.kind) {
      case 'string':
        if (allowOpen && n.value === '..') return { kind: 'unbounded' };
        return DATE.test(n.value) ? (this.date(n.value) as Instant) : { kind: 'timestamp', value: n.value };
      case 'date':
        return this.date(n.value) as Instant;
      case 'timestamp':
        return { kind: 'timestamp', value: n.value };
      case 'property': {
        const field = this.resolve(n.name);
        if (field.kind === 'footprint') throw mismatch(`${n.name} is a geometry, not a time`);
        return field;
      }
      case 'op':
        if (!this.isKnownPredicate(n.op) && n.op !== 'casei' && n.op !== 'accenti')
          throw unsupported(`function ${JSON.stringify(n.op.slice(0, 60))} is not supported`);
        throw mismatch(`${n.op} is not a time`);
      default:
        throw mismatch(`a ${describe(n)} is not a time`);
    }
  }

  private temporalOperand(n: Cql2Node): TemporalOperand {
    if (n.kind === 'interval') {
      const interval: Interval = { kind: 'interval', start: this.instant(n.start, true), end: this.instant(n.end, true) };
      return interval;
    }
    if (n.kind === 'string') throw mismatch('a temporal operand is a DATE, TIMESTAMP, INTERVAL or property, not a string');
    return this.instant(n, false) as Instant;
  }

  predicate(n: Cql2Node): Filter {
    if (n.kind === 'boolean') return { op: 'const', value: n.value };
    if (n.kind === 'property') {
      // A boolean queryable standing alone is itself the predicate (cql2.json allows a propertyRef where a
      // boolean expression goes): `flag` means `flag = true`; the compiler refuses a non-boolean one.
      const field = this.resolve(n.name);
      if (field.kind === 'footprint') throw mismatch(`${n.name} is a geometry, not a predicate`);
      return { op: 'eq', left: field, right: { kind: 'boolean', value: true } };
    }
    if (n.kind !== 'op') throw mismatch(`a ${describe(n)} is not a predicate`);
    const args = n.args;
    const flags: Flags = { caseInsensitive: false, accentInsensitive: false };
    if (n.op === 'and' || n.op === 'or') {
      if (args.length < 1) throw queryError(QUERY_ERRORS.FILTER_MALFORMED, `${n.op} needs arguments`);
      return { op: n.op, args: args.map((a) => this.predicate(a)) };
    }
    if (n.op === 'not') {
      arity(n, 1);
      return { op: 'not', arg: this.predicate(args[0] as Cql2Node) };
    }
    if (isOneOf(COMPARISON_OPS, n.op)) {
      arity(n, 2);
      const left = this.scalar(args[0] as Cql2Node, flags);
      const right = this.scalar(args[1] as Cql2Node, flags);
      return { op: COMPARISON[n.op], left, right, ...options(flags) };
    }
    if (n.op === 'like') {
      arity(n, 2);
      const value = this.scalar(args[0] as Cql2Node, flags);
      return { op: 'like', value, pattern: this.pattern(args[1] as Cql2Node, flags), ...options(flags) };
    }
    if (n.op === 'between') {
      arity(n, 3);
      const [v, lo, hi] = args.map((a) => this.scalar(a, flags)) as [Scalar, Scalar, Scalar];
      if (flags.caseInsensitive || flags.accentInsensitive) throw unsupported('CASEI and ACCENTI are not supported in BETWEEN');
      return { op: 'between', value: v, low: lo, high: hi };
    }
    if (n.op === 'in') {
      arity(n, 2);
      const list = args[1] as Cql2Node;
      if (list.kind !== 'array') throw mismatch('IN needs a list');
      const value = this.scalar(args[0] as Cql2Node, flags);
      return { op: 'in', value, list: list.items.map((i) => this.scalar(i, flags)), ...options(flags) };
    }
    if (n.op === 'isNull') {
      arity(n, 1);
      const arg = args[0] as Cql2Node;
      if (arg.kind === 'property' && this.resolve(arg.name).kind === 'footprint')
        return { op: 'isNull', value: { kind: 'property', name: 'footprint' } };
      if (arg.kind === 'geometry' || arg.kind === 'bbox' || arg.kind === 'interval') return { op: 'const', value: false };
      return { op: 'isNull', value: this.scalar(arg, flags) };
    }
    if (isOneOf(SPATIAL_FUNCTIONS, n.op)) {
      arity(n, 2);
      return this.spatial(SPATIAL[n.op], args[0] as Cql2Node, args[1] as Cql2Node);
    }
    if (isOneOf<TemporalRelation>(TEMPORAL_FUNCTIONS, n.op)) {
      arity(n, 2);
      return {
        op: 'temporal',
        relation: n.op,
        left: this.temporalOperand(args[0] as Cql2Node),
        right: this.temporalOperand(args[1] as Cql2Node),
      };
    }
    if (isOneOf(ARRAY_FUNCTIONS, n.op)) throw unsupported(`array function ${n.op} is not supported`);
    if (n.op === 'casei' || n.op === 'accenti' || isOneOf(ARITHMETIC_OPS, n.op)) throw mismatch(`${n.op}(...) is a value, not a predicate`);
    throw unsupported(`function ${JSON.stringify(n.op.slice(0, 60))} is not supported`);
  }
}

/** The CQL2 AST as a filter tree (not yet validated: the caller runs validateFilter). */
export function cql2ToFilter(ast: Cql2Node, resolve: PropertyResolver): Filter {
  return new Translator(resolve).predicate(ast);
}
