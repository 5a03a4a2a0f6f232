/**
 * The one compiler from filter trees to SQL over `products p` (DESIGN.md, "One query model"). Every
 * literal and every attribute name becomes a `$n` parameter with an explicit cast; column names come only
 * from the whitelist in columns.ts; operators and functions are constants of this file. Whatever the tree
 * holds, the SQL text is built from this module's own strings.
 *
 * Null semantics are SQL's three-valued logic throughout, as CQL2 1.0 leaves comparisons with missing
 * values to the implementation and pgstac uses SQL's: a predicate on a missing value is unknown, and so is
 * its negation, so neither matches.
 */
import type { ArithmeticExpr, ComparisonFilter, ComparisonOp, Filter, InFilter, LikeFilter, Scalar, StringMatchFilter } from './filter.ts';
import { PRODUCTS_ALIAS, CASTS, attributeKind, propertyColumn, type ValueKind } from './columns.ts';
import { attributeValueSql, containmentApplies, containmentDocument } from './attribute-sql.ts';
import { QUERY_ERRORS, queryError } from './errors.ts';
import { isUuid } from './literals.ts';
import { paramList, type ParamList } from './params.ts';
import { compileDistance, compileSpatial } from './spatial-sql.ts';
import { compileTemporal } from './temporal-sql.ts';
import { validateFilter } from './validate.ts';

const SQL_OPS: Record<ComparisonOp, string> = { eq: '=', ne: '<>', lt: '<', le: '<=', gt: '>', ge: '>=' };

/** Kinds that order: BETWEEN and lt/le/gt/ge apply to them (booleans only compare for equality, as in OData). */
const ORDERED: ReadonlySet<ValueKind> = new Set(['string', 'number', 'timestamp', 'uuid']);

function mismatch(message: string): Error {
  return queryError(QUERY_ERRORS.FILTER_TYPE_MISMATCH, message);
}

function describe(s: Scalar): string {
  if (s.kind === 'arithmetic') return `arithmetic ${s.op}`;
  return s.kind === 'property' || s.kind === 'attribute' ? `${s.kind} ${s.name}` : `${s.kind} literal`;
}

function kindOf(s: Scalar): ValueKind | 'null' {
  switch (s.kind) {
    case 'property':
      return propertyColumn(s.name).kind;
    case 'attribute':
      return attributeKind(s.type);
    case 'arithmetic':
      return 'number';
    default:
      return s.kind;
  }
}

/**
 * CQL2 arithmetic (/req/arithmetic) over numeric: `%` is mod() and `div` is div(), both truncating toward
 * zero as the standard's integer division does; `^` goes through double precision, so that a huge power
 * overflows (SQLSTATE 22003, a 400) instead of computing a number of 100,000 digits.
 */
function arithmeticSql(a: ArithmeticExpr, params: ParamList): string {
  for (const operand of [a.left, a.right]) {
    if (kindOf(operand) !== 'number') throw mismatch(`arithmetic ${a.op} applies to numbers, not to ${describe(operand)}`);
  }
  const left = scalarSql(a.left, 'number', params);
  const right = scalarSql(a.right, 'number', params);
  switch (a.op) {
    case '%':
      return `mod(${left}, ${right})`;
    case 'div':
      return `div(${left}, ${right})`;
    case '^':
      return `(power(${left}::double precision, ${right}::double precision)::numeric)`;
    default:
      return `(${left} ${a.op} ${right})`;
  }
}

/**
 * The one kind all operands share, or FILTER_TYPE_MISMATCH. The only conversion: a string literal
 * compared with the `id` UUID is read as a UUID, and must be one.
 */
function unify(operands: readonly Scalar[]): ValueKind {
  const kinds = new Set(operands.map(kindOf));
  if (kinds.has('null')) throw mismatch('null can only be compared with eq or ne');
  if (kinds.has('geometry')) throw mismatch('the footprint is compared with spatial predicates only');
  if (kinds.size === 1) return [...kinds][0] as ValueKind;
  if (kinds.size === 2 && kinds.has('uuid') && kinds.has('string')) {
    for (const s of operands) {
      if (kindOf(s) !== 'string') continue;
      if (s.kind !== 'string') throw mismatch(`${describe(s)} is compared with the id, a UUID`);
      if (!isUuid(s.value)) throw queryError(QUERY_ERRORS.FILTER_INVALID_LITERAL, `not a UUID: ${JSON.stringify(s.value.slice(0, 60))}`);
    }
    return 'uuid';
  }
  throw mismatch(`cannot compare ${operands.map(describe).join(', ')}`);
}

/** A scalar as SQL of the given kind: a column, a guarded attribute read, or a parameter. */
function scalarSql(s: Scalar, kind: ValueKind, params: ParamList): string {
  switch (s.kind) {
    case 'property':
      return propertyColumn(s.name).sql;
    case 'attribute':
      return attributeValueSql(params.add(s.name, 'text'), s.type);
    case 'null':
      return 'NULL';
    case 'arithmetic':
      return arithmeticSql(s, params);
    default:
      if (kind === 'geometry') throw mismatch('geometry literals belong in spatial predicates');
      return params.add(s.value, CASTS[kind]);
  }
}

interface Insensitivity {
  readonly caseInsensitive?: boolean | undefined;
  readonly accentInsensitive?: boolean | undefined;
}

/**
 * CASEI (CQL2 /req/case-insensitive-comparison/casei-function) and ACCENTI
 * (/req/accent-insensitive-comparison/accenti-function) apply to strings; a UUID has neither case nor
 * accents; anything else is a type error. ACCENTI is PostgreSQL's unaccent (migration 0003), applied
 * before lower() so that the two compose in either order.
 */
function caseWrap(sql: string, kind: ValueKind, options: Insensitivity): string {
  if ((!options.caseInsensitive && !options.accentInsensitive) || kind === 'uuid') return sql;
  if (kind !== 'string') throw mismatch(`case- or accent-insensitive comparison of a ${kind}`);
  const unaccented = options.accentInsensitive ? `unaccent(${sql})` : sql;
  return options.caseInsensitive ? `lower(${unaccented})` : unaccented;
}

/**
 * `attributes @> '{"name": value}'` when the GIN jsonb_path_ops index can decide an equality. It is
 * two-valued (a missing attribute gives false, not unknown), which is indistinguishable from the exact
 * form only outside any NOT: in Kleene logic an unknown and a false operand give the same TRUE-or-not
 * answer at positive polarity. Under NOT the compiler uses the exact, three-valued form instead.
 */
function containment(field: Scalar, value: Scalar, params: ParamList): string | null {
  if (field.kind !== 'attribute' || !containmentApplies(field.type)) return null;
  if (value.kind !== 'string' && value.kind !== 'number' && value.kind !== 'boolean') return null;
  return `${PRODUCTS_ALIAS}.attributes @> ${params.add(containmentDocument(field.name, value.value), 'jsonb')}`;
}

/** For IN lists, checked before any parameter is added: an unreferenced `$n` is an error in PostgreSQL. */
function containable(field: Scalar, value: Scalar): boolean {
  return (
    field.kind === 'attribute' &&
    containmentApplies(field.type) &&
    (value.kind === 'string' || value.kind === 'number' || value.kind === 'boolean')
  );
}

/** OData 4.01 URL Conventions, Logical Operators: `eq null` is IS NULL, `ne null` IS NOT NULL, ordering against null is false. */
function compareNull(n: ComparisonFilter, params: ParamList): string {
  const other = n.left.kind === 'null' ? n.right : n.left;
  if (n.op !== 'eq' && n.op !== 'ne') return 'FALSE';
  const is = n.op === 'eq' ? 'IS NULL' : 'IS NOT NULL';
  if (other.kind === 'null') return n.op === 'eq' ? 'TRUE' : 'FALSE';
  if (other.kind === 'property') return `(${propertyColumn(other.name).sql} ${is})`;
  if (other.kind === 'attribute') return `(${attributeValueSql(params.add(other.name, 'text'), other.type)} ${is})`;
  return n.op === 'eq' ? 'FALSE' : 'TRUE';
}

function compileComparison(n: ComparisonFilter, params: ParamList, negated: boolean): string {
  if (n.left.kind === 'null' || n.right.kind === 'null') return compareNull(n, params);
  const kind = unify([n.left, n.right]);
  if (!ORDERED.has(kind) && n.op !== 'eq' && n.op !== 'ne') throw mismatch(`${n.op} does not apply to a ${kind}`);
  if (!negated && n.op === 'eq' && !n.caseInsensitive && !n.accentInsensitive) {
    const fast = containment(n.left, n.right, params) ?? containment(n.right, n.left, params);
    if (fast) return `(${fast})`;
  }
  const left = caseWrap(scalarSql(n.left, kind, params), kind, n);
  const right = caseWrap(scalarSql(n.right, kind, params), kind, n);
  return `(${left} ${SQL_OPS[n.op]} ${right})`;
}

function compileIn(n: InFilter, params: ParamList, negated: boolean): string {
  if (n.list.length === 0) return 'FALSE'; // x IN () holds for no x
  const kind = unify([n.value, ...n.list]);
  if (!negated && !n.caseInsensitive && !n.accentInsensitive && n.list.every((s) => containable(n.value, s))) {
    return `(${n.list.map((s) => containment(n.value, s, params)).join(' OR ')})`;
  }
  const value = caseWrap(scalarSql(n.value, kind, params), kind, n);
  const list = n.list.map((s) => caseWrap(scalarSql(s, kind, params), kind, n));
  return `(${value} IN (${list.join(', ')}))`;
}

/** The operand of LIKE and the OData string functions as text: a string, or the id read as its text form. */
function textSql(s: Scalar, params: ParamList, op: string): string {
  const kind = kindOf(s);
  if (kind === 'string') return scalarSql(s, kind, params);
  if (kind === 'uuid') return `${scalarSql(s, kind, params)}::text`;
  throw mismatch(`${op} applies to strings, not to ${describe(s)}`);
}

/** `\`, `%` and `_` escaped, so that OData's contains/startswith/endswith text matches literally. */
function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

function likeSql(value: string, pattern: string, options: Insensitivity, params: ParamList): string {
  // E'\\' is one backslash whatever standard_conforming_strings says; CQL2 /req/advanced-comparison-operators/like-predicate names `\` the escape.
  // ACCENTI unaccents both sides (unaccent leaves `%`, `_` and `\` alone); CASEI is ILIKE.
  const wrap = (sql: string): string => (options.accentInsensitive ? `unaccent(${sql})` : sql);
  const like = options.caseInsensitive ? 'ILIKE' : 'LIKE';
  return `(${wrap(value)} ${like} ${wrap(params.add(pattern, 'text'))} ESCAPE E'\\\\')`;
}

function compileLike(n: LikeFilter, params: ParamList): string {
  return likeSql(textSql(n.value, params, 'like'), n.pattern, n, params);
}

function compileStringMatch(n: StringMatchFilter, params: ParamList): string {
  const text = escapeLike(n.text);
  const pattern = n.op === 'startswith' ? `${text}%` : n.op === 'endswith' ? `%${text}` : `%${text}%`;
  return likeSql(textSql(n.value, params, n.op), pattern, { caseInsensitive: n.caseInsensitive }, params);
}

function compileIsNull(value: Scalar, params: ParamList): string {
  if (value.kind === 'null') return 'TRUE';
  if (value.kind === 'property') return `(${propertyColumn(value.name).sql} IS NULL)`;
  if (value.kind === 'attribute') return `(${attributeValueSql(params.add(value.name, 'text'), value.type)} IS NULL)`;
  return 'FALSE'; // a literal is never null
}

function compileNode(f: Filter, params: ParamList, negated: boolean): string {
  switch (f.op) {
    case 'and':
      return f.args.length === 0 ? 'TRUE' : `(${f.args.map((a) => compileNode(a, params, negated)).join(' AND ')})`;
    case 'or':
      return f.args.length === 0 ? 'FALSE' : `(${f.args.map((a) => compileNode(a, params, negated)).join(' OR ')})`;
    case 'not':
      return `(NOT ${compileNode(f.arg, params, !negated)})`;
    case 'const':
      return f.value ? 'TRUE' : 'FALSE';
    case 'eq':
    case 'ne':
    case 'lt':
    case 'le':
    case 'gt':
    case 'ge':
      return compileComparison(f, params, negated);
    case 'in':
      return compileIn(f, params, negated);
    case 'between': {
      const kind = unify([f.value, f.low, f.high]);
      if (!ORDERED.has(kind)) throw mismatch(`between does not apply to a ${kind}`);
      return `(${scalarSql(f.value, kind, params)} BETWEEN ${scalarSql(f.low, kind, params)} AND ${scalarSql(f.high, kind, params)})`;
    }
    case 'like':
      return compileLike(f, params);
    case 'contains':
    case 'startswith':
    case 'endswith':
      return compileStringMatch(f, params);
    case 'isNull':
      return compileIsNull(f.value, params);
    case 'spatial':
      return compileSpatial(f, params);
    case 'dwithin':
      return compileDistance(f, params);
    case 'temporal':
      return compileTemporal(f, params);
  }
}

/**
 * Compiles a filter tree to a boolean SQL expression over `products p`, appending its parameters to
 * `params` (placeholders continue from `params.length`). The tree is validated first (validateFilter),
 * so it may come from anywhere; every problem is a HubError of kind `invalid` and `params` is left
 * unchanged when one is thrown.
 */
export function compileFilter(filter: Filter, params: unknown[]): string {
  const tree = validateFilter(filter);
  const list = paramList(params.length);
  const sql = compileNode(tree, list, false);
  for (const v of list.values) params.push(v);
  return sql;
}
