/**
 * CQL2 JSON (OGC 21-065 §9, schema cql2.json) to the CQL2 AST. The document is already parsed JSON; this
 * reads it member by member (own members only, so `__proto__` and friends are plain names), bounds its
 * depth and size, and reports the first problem as FILTER_SYNTAX with a JSON pointer (RFC 6901) to it.
 */
import type { GeoJsonGeometry, Position } from '../filter.ts';
import { MAX_DEPTH, MAX_NODES } from '../validate.ts';
import { QUERY_ERRORS, queryError } from '../errors.ts';
import { MAX_TEXT_CHARS, STANDARD_NAMES, canonicalInstant, syntaxError, type Cql2Node } from './ast.ts';

const LOWER_NAMES: ReadonlySet<string> = new Set([...STANDARD_NAMES, 'and', 'or', 'not', 'like', 'between', 'in', 'div']);

function pointerPart(key: string | number): string {
  return String(key).replace(/~/g, '~0').replace(/\//g, '~1');
}

interface State {
  nodes: number;
}

function fail(pointer: string, message: string): Error {
  return syntaxError(`CQL2 JSON: ${message} at ${pointer === '' ? 'the document root' : pointer}`, { pointer });
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function own(o: Record<string, unknown>, key: string): unknown {
  return Object.hasOwn(o, key) ? o[key] : undefined;
}

function onlyKeys(o: Record<string, unknown>, keys: readonly string[], pointer: string): void {
  const extra = Object.keys(o).find((k) => !keys.includes(k));
  if (extra !== undefined) throw fail(`${pointer}/${pointerPart(extra)}`, `unexpected member ${JSON.stringify(extra.slice(0, 40))}`);
}

function text(x: unknown, pointer: string, what: string): string {
  if (typeof x !== 'string') throw fail(pointer, `expected ${what} as a string`);
  if (x.length > MAX_TEXT_CHARS) throw fail(pointer, `${what} longer than ${MAX_TEXT_CHARS} characters`);
  return x;
}

function position(x: unknown, pointer: string): Position {
  if (!Array.isArray(x) || x.length < 2 || x.length > 3 || !x.every((v) => typeof v === 'number'))
    throw fail(pointer, 'expected a position of two or three numbers');
  return [...(x as number[])];
}

function list<T>(x: unknown, pointer: string, read: (item: unknown, pointer: string) => T): T[] {
  if (!Array.isArray(x)) throw fail(pointer, 'expected an array of coordinates');
  return x.map((item, i) => read(item, `${pointer}/${i}`));
}

/** GeoJSON geometry (RFC 7946 §3.1) by shape only; rings, ranges and sizes are checked by validateFilter. */
function geometry(o: Record<string, unknown>, pointer: string, depth: number): GeoJsonGeometry {
  if (depth > MAX_DEPTH) throw queryError(QUERY_ERRORS.FILTER_TOO_COMPLEX, `filter is nested deeper than ${MAX_DEPTH}`);
  const type = own(o, 'type');
  const c = own(o, 'coordinates');
  const at = `${pointer}/coordinates`;
  const line = (x: unknown, p: string): Position[] => list(x, p, position);
  const polygon = (x: unknown, p: string): Position[][] => list(x, p, line);
  switch (type) {
    case 'Point':
      return { type, coordinates: position(c, at) };
    case 'MultiPoint':
      return { type, coordinates: line(c, at) };
    case 'LineString':
      return { type, coordinates: line(c, at) };
    case 'MultiLineString':
      return { type, coordinates: polygon(c, at) };
    case 'Polygon':
      return { type, coordinates: polygon(c, at) };
    case 'MultiPolygon':
      return { type, coordinates: list(c, at, polygon) };
    case 'GeometryCollection':
      return {
        type,
        geometries: list(own(o, 'geometries'), `${pointer}/geometries`, (g, p) => {
          if (!isRecord(g)) throw fail(p, 'expected a GeoJSON geometry');
          return geometry(g, p, depth + 1);
        }),
      };
    default:
      throw fail(`${pointer}/type`, 'expected a GeoJSON geometry type');
  }
}

function node(x: unknown, pointer: string, depth: number, s: State): Cql2Node {
  if (depth > MAX_DEPTH) throw queryError(QUERY_ERRORS.FILTER_TOO_COMPLEX, `filter is nested deeper than ${MAX_DEPTH}`);
  if (++s.nodes > MAX_NODES) throw queryError(QUERY_ERRORS.FILTER_TOO_COMPLEX, `filter has more than ${MAX_NODES} nodes`);
  if (typeof x === 'string') return { kind: 'string', value: text(x, pointer, 'a string') };
  if (typeof x === 'number') return { kind: 'number', value: x };
  if (typeof x === 'boolean') return { kind: 'boolean', value: x };
  if (Array.isArray(x)) return { kind: 'array', items: x.map((item, i) => node(item, `${pointer}/${i}`, depth + 1, s)) };
  if (!isRecord(x)) throw fail(pointer, 'expected an expression, a literal or an array, found null');
  if (Object.hasOwn(x, 'op')) {
    onlyKeys(x, ['op', 'args'], pointer);
    const raw = text(own(x, 'op'), `${pointer}/op`, 'an operator name');
    if (raw === '') throw fail(`${pointer}/op`, 'expected an operator name');
    const op = LOWER_NAMES.has(raw.toLowerCase()) ? raw.toLowerCase() : raw;
    const args = own(x, 'args') ?? [];
    if (!Array.isArray(args)) throw fail(`${pointer}/args`, 'expected args as an array');
    return { kind: 'op', op, args: args.map((a, i) => node(a, `${pointer}/args/${i}`, depth + 1, s)) };
  }
  if (Object.hasOwn(x, 'property')) {
    onlyKeys(x, ['property'], pointer);
    const name = text(own(x, 'property'), `${pointer}/property`, 'a property name');
    if (name === '') throw fail(`${pointer}/property`, 'expected a non-empty property name');
    return { kind: 'property', name };
  }
  if (Object.hasOwn(x, 'date')) {
    onlyKeys(x, ['date'], pointer);
    return { kind: 'date', value: text(own(x, 'date'), `${pointer}/date`, 'a date') };
  }
  if (Object.hasOwn(x, 'timestamp')) {
    onlyKeys(x, ['timestamp'], pointer);
    return { kind: 'timestamp', value: canonicalInstant(text(own(x, 'timestamp'), `${pointer}/timestamp`, 'a timestamp')) };
  }
  if (Object.hasOwn(x, 'interval')) {
    onlyKeys(x, ['interval'], pointer);
    const ends = own(x, 'interval');
    if (!Array.isArray(ends) || ends.length !== 2) throw fail(`${pointer}/interval`, 'expected an interval of two ends');
    const [start, end] = [0, 1].map((i) => {
      const end = node(ends[i], `${pointer}/interval/${i}`, depth + 1, s);
      return end.kind === 'string' ? { kind: 'string' as const, value: canonicalInstant(end.value) } : end;
    }) as [Cql2Node, Cql2Node];
    return { kind: 'interval', start, end };
  }
  if (Object.hasOwn(x, 'bbox')) {
    onlyKeys(x, ['bbox'], pointer);
    const bbox = own(x, 'bbox');
    if (!Array.isArray(bbox) || (bbox.length !== 4 && bbox.length !== 6) || !bbox.every((v) => typeof v === 'number'))
      throw fail(`${pointer}/bbox`, 'expected a bbox of 4 or 6 numbers');
    return { kind: 'bbox', bbox: [...(bbox as number[])] };
  }
  if (Object.hasOwn(x, 'type')) return { kind: 'geometry', geometry: geometry(x, pointer, depth) };
  throw fail(pointer, 'expected an object with op, property, date, timestamp, interval, bbox or a GeoJSON type');
}

/** Parses a CQL2 JSON document (already JSON.parse'd) into the CQL2 AST. */
export function parseCql2JsonAst(doc: unknown): Cql2Node {
  return node(doc, '', 0, { nodes: 0 });
}
