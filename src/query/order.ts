/**
 * Ordering: a closed set of sort keys (and typed attributes), ascending or descending, always ending with
 * `id` ascending, so that the order is total and paging is stable (CDSE adds an Id tie-break for the same
 * reason, §1.3). NULLs sort last in both directions, which keyset paging (paging.ts) relies on.
 */
import { createHash } from 'node:crypto';
import { ATTRIBUTE_TYPES, type AttributeRef, type AttributeType } from './filter.ts';
import { CASTS, attributeKind, propertyColumn } from './columns.ts';
import { attributeValueSql } from './attribute-sql.ts';
import { QUERY_ERRORS, queryError } from './errors.ts';
import { isStorableText } from './literals.ts';
import type { ParamList } from './params.ts';

export const SORT_KEYS = [
  'sensingStart',
  'sensingEnd',
  'publicationDate',
  'modificationDate',
  'originDate',
  'name',
  'contentLength',
  'id',
] as const;
export type SortKey = (typeof SORT_KEYS)[number];
export type SortDirection = 'asc' | 'desc';

export interface SortTerm {
  readonly key: SortKey | AttributeRef;
  readonly direction: SortDirection;
}

export interface CompiledSortKey {
  /** The SQL expression sorted on. */
  readonly sql: string;
  /** Its SQL type: cursor values, carried as text, are cast back to it. */
  readonly sqlType: string;
  readonly nullable: boolean;
  readonly direction: SortDirection;
}

export interface CompiledOrder {
  readonly keys: readonly CompiledSortKey[];
  /** The ORDER BY list (without the keywords). */
  readonly orderBy: string;
  /** Identifies the normalised ordering; a cursor is valid only for the ordering it was made in. */
  readonly signature: string;
}

const ID_ASC: SortTerm = { key: 'id', direction: 'asc' };

function unknownKey(message: string): Error {
  return queryError(QUERY_ERRORS.ORDER_UNKNOWN_KEY, message);
}

function readKey(x: unknown): SortKey | AttributeRef {
  if (typeof x === 'string') {
    if ((SORT_KEYS as readonly string[]).includes(x)) return x as SortKey; // checked on this line
    throw unknownKey(`cannot sort by ${JSON.stringify(x.slice(0, 100))}; sort keys are ${SORT_KEYS.join(', ')} and typed attributes`);
  }
  if (typeof x === 'object' && x !== null && !Array.isArray(x)) {
    const o = x as Record<string, unknown>; // members read with Object.hasOwn only
    const name = Object.hasOwn(o, 'name') ? o['name'] : undefined;
    const type = Object.hasOwn(o, 'type') ? o['type'] : undefined;
    const kind = Object.hasOwn(o, 'kind') ? o['kind'] : undefined;
    if (
      kind === 'attribute' &&
      typeof name === 'string' &&
      name !== '' &&
      isStorableText(name) &&
      (ATTRIBUTE_TYPES as readonly unknown[]).includes(type)
    ) {
      return { kind: 'attribute', name, type: type as AttributeType }; // checked in the condition
    }
  }
  throw unknownKey('a sort key is a key name or {kind: "attribute", name, type}');
}

/**
 * The ordering as given, validated, with duplicates dropped (the first occurrence decides) and `id`
 * ascending appended: anything after `id` could never matter, since `id` is unique.
 */
export function normaliseOrder(order: unknown): SortTerm[] {
  if (order === undefined) return [ID_ASC];
  if (!Array.isArray(order) || order.length > 16) throw unknownKey('an ordering is a list of at most 16 sort terms');
  const out: SortTerm[] = [];
  const seen = new Set<string>();
  for (const t of order as unknown[]) {
    if (typeof t !== 'object' || t === null) throw unknownKey('a sort term is {key, direction}');
    const term = t as Record<string, unknown>; // members read with Object.hasOwn only
    const direction = Object.hasOwn(term, 'direction') ? term['direction'] : 'asc';
    if (direction !== 'asc' && direction !== 'desc') throw unknownKey('a sort direction is asc or desc');
    const key = readKey(Object.hasOwn(term, 'key') ? term['key'] : undefined);
    const id = typeof key === 'string' ? key : `attribute:${key.name}`;
    if (seen.has(id)) continue;
    seen.add(id);
    out.push({ key, direction });
    if (key === 'id') return out;
  }
  return [...out, ID_ASC];
}

function compileKey(term: SortTerm, params: ParamList): CompiledSortKey {
  if (typeof term.key === 'string') {
    const col = propertyColumn(term.key);
    return { sql: col.sql, sqlType: col.sqlType, nullable: col.nullable, direction: term.direction };
  }
  const kind = attributeKind(term.key.type);
  const sql = attributeValueSql(params.add(term.key.name, 'text'), term.key.type);
  return { sql, sqlType: CASTS[kind === 'geometry' ? 'string' : kind], nullable: true, direction: term.direction };
}

/** Compiles an ordering (validated and normalised here); attribute names become parameters in `params`. */
export function compileOrder(order: unknown, params: ParamList): CompiledOrder {
  const terms = normaliseOrder(order);
  const keys = terms.map((t) => compileKey(t, params));
  const orderBy = keys.map((k) => `${k.sql} ${k.direction === 'asc' ? 'ASC' : 'DESC'} NULLS LAST`).join(', ');
  const normalised = terms.map((t) => [typeof t.key === 'string' ? t.key : [t.key.name, t.key.type], t.direction]);
  const signature = createHash('sha256').update(JSON.stringify(normalised)).digest('base64url').slice(0, 16);
  return { keys, orderBy, signature };
}
