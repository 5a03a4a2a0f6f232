/**
 * Which searches may run on one generic plan, prepared once per connection, instead of being planned
 * again for every request. Planning a search over `products` (19 indexes, five partial ones, PostGIS
 * selectivity) costs PostgreSQL about as much CPU as running it: at 1 M products, search (a) of the bench
 * spent ~0.45 ms planning and ~0.45 ms executing (bench/README.md).
 *
 * A generic plan is chosen without the parameter values, so it is safe only where one plan is good for
 * every value: a search inside one collection that has a GiST of its own (migration 0014), in a small box
 * (at most MAX_BOX_DEGREES² of longitude × latitude), in a closed time window of at most MAX_WINDOW_DAYS.
 * The collection's index then bounds the rows read by the box and the window whatever the values are.
 * Outside that shape a generic plan can be ruinous (all of Europe over three years, newest first: 5 s
 * through the footprint index where the custom plan walks the time index), so everything else keeps
 * PostgreSQL's custom plans.
 *
 * The partial index's predicate (`collection = 'SENTINEL-2'`) can be proven only from a constant, never
 * from `$1`; the statement therefore repeats the collection as a literal, taken from OWN_INDEX_COLLECTIONS
 * (this file), never from the request.
 */
import type { Filter, Interval, Scalar, SpatialOperand, TemporalOperand } from './filter.ts';

/** Collections with a footprint + time GiST of their own (migration 0014_search_gist_per_collection). */
export const OWN_INDEX_COLLECTIONS = ['SENTINEL-1', 'SENTINEL-2', 'SENTINEL-3', 'SENTINEL-5P'] as const;
export type OwnIndexCollection = (typeof OWN_INDEX_COLLECTIONS)[number];

/** Longitude span × latitude span, in square degrees: 5° × 5°. */
export const MAX_BOX_DEGREES2 = 25;
/** About three months. */
export const MAX_WINDOW_DAYS = 93;

const DAY_MS = 86_400_000;

/** The members of a conjunction, nested ANDs flattened; a single predicate is a conjunction of one. */
function conjuncts(filter: Filter): Filter[] {
  return filter.op === 'and' ? filter.args.flatMap(conjuncts) : [filter];
}

function positions(value: unknown, out: number[][]): void {
  if (Array.isArray(value) && typeof value[0] === 'number') out.push(value as number[]);
  else if (Array.isArray(value)) for (const v of value) positions(v, out);
}

/** Square degrees of the operand's bounding box (a box across the antimeridian spans the short way round). */
function boxDegrees2(operand: SpatialOperand): number {
  if (operand.kind === 'bbox') {
    const [w, s, e, n] = operand.bbox;
    return (w <= e ? e - w : 360 - (w - e)) * (n - s);
  }
  const g = operand.geometry;
  if (g.type === 'GeometryCollection') return Infinity;
  const pts: number[][] = [];
  positions(g.coordinates, pts);
  if (pts.length === 0) return Infinity;
  const lons = pts.map((p) => p[0] ?? NaN);
  const lats = pts.map((p) => p[1] ?? NaN);
  const area = (Math.max(...lons) - Math.min(...lons)) * (Math.max(...lats) - Math.min(...lats));
  return Number.isFinite(area) ? area : Infinity;
}

function isSensingInterval(t: TemporalOperand): t is Interval {
  return (
    t.kind === 'interval' &&
    t.start.kind === 'property' &&
    t.start.name === 'sensingStart' &&
    t.end.kind === 'property' &&
    t.end.name === 'sensingEnd'
  );
}

function instantMs(t: unknown): number | undefined {
  if (typeof t !== 'object' || t === null || (t as { kind?: unknown }).kind !== 'timestamp') return undefined;
  const ms = Date.parse((t as { value: string }).value);
  return Number.isFinite(ms) ? ms : undefined;
}

/** [start, end] in ms of a closed window of literals that a product's sensing interval must meet. */
function sensingWindow(f: Filter): [number, number] | undefined {
  if (f.op !== 'temporal' || f.relation !== 't_intersects') return undefined;
  const [field, value] = isSensingInterval(f.left) ? [f.left, f.right] : isSensingInterval(f.right) ? [f.right, f.left] : [];
  if (field === undefined || value === undefined) return undefined;
  if (value.kind === 'interval') {
    const start = instantMs(value.start);
    const end = instantMs(value.end);
    return start === undefined || end === undefined ? undefined : [start, end];
  }
  const at = instantMs(value);
  return at === undefined ? undefined : [at, at];
}

/** A bound a comparison puts on sensingStart (OData `ContentDate/Start gt ...`): which side, and where. */
function sensingStartBound(f: Filter): { side: 'lower' | 'upper'; ms: number } | undefined {
  if (f.op !== 'lt' && f.op !== 'le' && f.op !== 'gt' && f.op !== 'ge') return undefined;
  const isStart = (s: Scalar): boolean => s.kind === 'property' && s.name === 'sensingStart';
  const [value, below] = isStart(f.left)
    ? [f.right, f.op === 'lt' || f.op === 'le']
    : isStart(f.right)
      ? [f.left, f.op === 'gt' || f.op === 'ge']
      : [];
  const ms = instantMs(value);
  if (ms === undefined || below === undefined) return undefined;
  return { side: below ? 'upper' : 'lower', ms };
}

function isNumberComparisonOnAttribute(f: Filter): boolean {
  const numeric = (s: Scalar): boolean => s.kind === 'number';
  const attr = (s: Scalar): boolean => s.kind === 'attribute' && (s.type === 'Double' || s.type === 'Integer');
  if (f.op === 'lt' || f.op === 'le' || f.op === 'gt' || f.op === 'ge') {
    return (attr(f.left) && numeric(f.right)) || (numeric(f.left) && attr(f.right));
  }
  return f.op === 'between' && attr(f.value) && numeric(f.low) && numeric(f.high);
}

function ownIndexCollection(f: Filter): OwnIndexCollection | undefined {
  let name: string | undefined;
  if (
    f.op === 'in' &&
    f.value.kind === 'property' &&
    f.value.name === 'collection' &&
    f.list.length === 1 &&
    !f.caseInsensitive &&
    !f.accentInsensitive
  ) {
    const only = f.list[0];
    if (only?.kind === 'string') name = only.value;
  } else if (
    f.op === 'eq' &&
    f.left.kind === 'property' &&
    f.left.name === 'collection' &&
    f.right.kind === 'string' &&
    !f.caseInsensitive &&
    !f.accentInsensitive
  ) {
    name = f.right.value;
  }
  return OWN_INDEX_COLLECTIONS.find((c) => c === name);
}

/**
 * The collection whose own index serves every value of this search, when the search has the shape a
 * generic plan is safe for: a conjunction of that collection, an intersection with a small box, a closed
 * sensing window (a STAC datetime, or OData's `ContentDate/Start` between two instants), and nothing else
 * but numeric comparisons on attributes (cloud cover). Offset paging and other predicates keep custom plans.
 */
export function genericPlanCollection(filter: Filter | undefined, offset = 0): OwnIndexCollection | undefined {
  if (filter === undefined || offset !== 0) return undefined;
  let collection: OwnIndexCollection | undefined;
  let box = false;
  let window = false;
  let lower = -Infinity;
  let upper = Infinity;
  const short = (from: number, to: number): boolean => to >= from && to - from <= MAX_WINDOW_DAYS * DAY_MS;
  for (const f of conjuncts(filter)) {
    const own = ownIndexCollection(f);
    const span = sensingWindow(f);
    const bound = sensingStartBound(f);
    if (own !== undefined && collection === undefined) collection = own;
    else if (f.op === 'spatial' && f.relation === 'intersects' && f.left === undefined && boxDegrees2(f.geometry) <= MAX_BOX_DEGREES2)
      box = true;
    else if (span !== undefined && short(span[0], span[1])) window = true;
    else if (bound?.side === 'lower') lower = Math.max(lower, bound.ms);
    else if (bound?.side === 'upper') upper = Math.min(upper, bound.ms);
    else if (!isNumberComparisonOnAttribute(f)) return undefined;
  }
  return box && (window || short(lower, upper)) ? collection : undefined;
}
