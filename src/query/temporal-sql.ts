/**
 * CQL2 temporal functions (CQL2 1.0 /req/temporal-functions/temporal-functions) in SQL. Both operands become closed intervals
 * [start, end]: an instant is [t, t], an open end is ±infinity, and the product's sensing interval is
 * [sensing_start, COALESCE(sensing_end, sensing_start)]. The relations are then Allen's, as the standard
 * defines them (and as pgstac evaluates them).
 *
 * The start of an interval built from fields is left bare, so that `sensing_start <= $n` stays sargable
 * on products_start_idx; a product with no sensing start matches no temporal predicate, nor its negation.
 */
import type { Instant, TemporalFilter, TemporalOperand, TemporalRelation, Unbounded } from './filter.ts';
import { attributeKind, propertyColumn } from './columns.ts';
import { attributeValueSql } from './attribute-sql.ts';
import { QUERY_ERRORS, queryError } from './errors.ts';
import type { ParamList } from './params.ts';

/**
 * The ends of an interval as SQL, built on first use: a relation that never reads an end must not add its
 * parameter, since PostgreSQL refuses a statement with an unreferenced `$n`.
 */
interface Bounds {
  readonly start: string;
  readonly end: string;
}

function lazy(build: () => string): () => string {
  let sql: string | undefined;
  return () => (sql ??= build());
}

function bounds(start: () => string, end: () => string): Bounds {
  return {
    get start() {
      return start();
    },
    get end() {
      return end();
    },
  };
}

type Relation = (a: Bounds, b: Bounds) => string;

const RELATIONS: Record<TemporalRelation, Relation> = {
  t_after: (a, b) => `${a.start} > ${b.end}`,
  t_before: (a, b) => `${a.end} < ${b.start}`,
  t_contains: (a, b) => `${a.start} < ${b.start} AND ${a.end} > ${b.end}`,
  t_disjoint: (a, b) => `NOT (${a.start} <= ${b.end} AND ${a.end} >= ${b.start})`,
  t_during: (a, b) => `${a.start} > ${b.start} AND ${a.end} < ${b.end}`,
  t_equals: (a, b) => `${a.start} = ${b.start} AND ${a.end} = ${b.end}`,
  t_finishedby: (a, b) => `${a.start} < ${b.start} AND ${a.end} = ${b.end}`,
  t_finishes: (a, b) => `${a.start} > ${b.start} AND ${a.end} = ${b.end}`,
  t_intersects: (a, b) => `${a.start} <= ${b.end} AND ${a.end} >= ${b.start}`,
  t_meets: (a, b) => `${a.end} = ${b.start}`,
  t_metby: (a, b) => `${a.start} = ${b.end}`,
  t_overlappedby: (a, b) => `${a.start} > ${b.start} AND ${a.start} < ${b.end} AND ${a.end} > ${b.end}`,
  t_overlaps: (a, b) => `${a.start} < ${b.start} AND ${a.end} > ${b.start} AND ${a.end} < ${b.end}`,
  t_startedby: (a, b) => `${a.start} = ${b.start} AND ${a.end} > ${b.end}`,
  t_starts: (a, b) => `${a.start} = ${b.start} AND ${a.end} < ${b.end}`,
};

/** Temporal operands are timestamps: a date property, a DateTimeOffset attribute or a timestamp literal. */
function checkInstant(i: Instant): void {
  if (i.kind === 'property' && propertyColumn(i.name).kind !== 'timestamp') {
    throw queryError(QUERY_ERRORS.FILTER_TYPE_MISMATCH, `${i.name} is not a timestamp`);
  }
  if (i.kind === 'attribute' && attributeKind(i.type) !== 'timestamp') {
    throw queryError(QUERY_ERRORS.FILTER_TYPE_MISMATCH, `attribute ${i.name} is ${i.type}, not DateTimeOffset`);
  }
}

function instantSql(i: Instant, params: ParamList): string {
  switch (i.kind) {
    case 'timestamp':
      return params.add(i.value, 'timestamptz');
    case 'property':
      return propertyColumn(i.name).sql;
    case 'attribute':
      return attributeValueSql(params.add(i.name, 'text'), i.type);
  }
}

function boundSql(b: Instant | Unbounded, open: string, params: ParamList): string {
  // ±infinity are constants of the compiler, not request values.
  return b.kind === 'unbounded' ? `'${open}'::timestamptz` : instantSql(b, params);
}

function boundsOf(op: TemporalOperand, params: ParamList): Bounds {
  if (op.kind !== 'interval') {
    const t = lazy(() => instantSql(op, params));
    return bounds(t, t);
  }
  const { start: from, end: to } = op;
  const start = lazy(() => boundSql(from, '-infinity', params));
  const end = lazy(() => boundSql(to, 'infinity', params));
  const fromFields = from.kind !== 'unbounded' && from.kind !== 'timestamp' && to.kind !== 'unbounded' && to.kind !== 'timestamp';
  return bounds(start, fromFields ? lazy(() => `COALESCE(${end()}, ${start()})`) : end);
}

/** Checked for every end, also those a relation does not read: T_AFTER(INTERVAL(name, ...), ...) is a type error either way. */
function checkTypes(op: TemporalOperand): void {
  const ends = op.kind === 'interval' ? [op.start, op.end] : [op];
  for (const e of ends) if (e.kind !== 'unbounded') checkInstant(e);
}

export function compileTemporal(node: TemporalFilter, params: ParamList): string {
  checkTypes(node.left);
  checkTypes(node.right);
  return `(${RELATIONS[node.relation](boundsOf(node.left, params), boundsOf(node.right, params))})`;
}
