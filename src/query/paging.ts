/**
 * Paging. Keyset paging is the default: a cursor holds the last row's sort values and id, so the next
 * page starts strictly after that row, and rows inserted before it (or deleted) between fetches neither
 * shift nor repeat later pages. Offset paging (limit/offset) is kept for dialects that expose it (OData
 * `$skip`, OpenSearch `page`/`index`, CDSE §1.3 and §2) within bounds.
 *
 * A cursor is `base64url(JSON).mac`: opaque and URL-safe (RFC 3986 unreserved characters only). The mac
 * is an HMAC-SHA-256 over the payload with the hub's secret when one is given; without one it is a
 * checksum that detects corruption and casual edits. A cursor is never SQL: its values are checked
 * against the type of their sort key and travel as parameters.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { QUERY_ERRORS, queryError } from './errors.ts';
import { isStorableText, isUuid, normaliseTimestamp } from './literals.ts';
import type { CompiledOrder, CompiledSortKey } from './order.ts';
import type { ParamList } from './params.ts';

export interface PagingBounds {
  readonly maxLimit: number;
  readonly maxOffset: number;
}

/** The hard bounds; dialects apply their own, stricter ones (OData $top ≤ 1000, $skip ≤ 10000). */
export const DEFAULT_PAGING_BOUNDS: PagingBounds = { maxLimit: 10_000, maxOffset: 10_000 };

/** The sort values of one row, as PostgreSQL prints them (`::text`), null for NULL; the last is the id. */
export type CursorValues = readonly (string | null)[];

const MAX_CURSOR_LENGTH = 8_192;
const CHECKSUM_KEY = 'eohub keyset cursor v1';

export function checkLimit(limit: unknown, bounds: PagingBounds = DEFAULT_PAGING_BOUNDS): number {
  if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 0 || limit > bounds.maxLimit) {
    throw queryError(QUERY_ERRORS.PAGING_INVALID_LIMIT, `limit must be an integer within 0..${bounds.maxLimit}`, {
      maxLimit: bounds.maxLimit,
    });
  }
  return limit;
}

export function checkOffset(offset: unknown, bounds: PagingBounds = DEFAULT_PAGING_BOUNDS): number {
  if (typeof offset !== 'number' || !Number.isInteger(offset) || offset < 0 || offset > bounds.maxOffset) {
    throw queryError(QUERY_ERRORS.PAGING_INVALID_OFFSET, `offset must be an integer within 0..${bounds.maxOffset}`, {
      maxOffset: bounds.maxOffset,
    });
  }
  return offset;
}

function mac(payload: string, secret: string | undefined): string {
  return createHmac('sha256', secret ?? CHECKSUM_KEY)
    .update(payload)
    .digest('base64url')
    .slice(0, 22);
}

export function encodeCursor(order: CompiledOrder, values: CursorValues, secret?: string): string {
  const payload = Buffer.from(JSON.stringify({ v: 1, o: order.signature, k: values })).toString('base64url');
  return `${payload}.${mac(payload, secret)}`;
}

function invalidCursor(reason: string): Error {
  return queryError(QUERY_ERRORS.PAGING_INVALID_CURSOR, `invalid paging cursor: ${reason}`);
}

/** A value PostgreSQL casts to the key's type without error, in the form the keyset predicate sends. */
function readValue(key: CompiledSortKey, value: unknown): string | null {
  if (value === null) {
    if (!key.nullable) throw invalidCursor('null for a key that is never null');
    return null;
  }
  if (typeof value !== 'string' || !isStorableText(value)) throw invalidCursor('a sort value is not text');
  switch (key.sqlType) {
    case 'timestamptz': {
      if (value === 'infinity' || value === '-infinity') return value;
      const ts = normaliseTimestamp(value);
      if (ts === null) throw invalidCursor('a timestamp sort value is malformed');
      return ts;
    }
    case 'uuid':
      if (!isUuid(value)) throw invalidCursor('the id is not a UUID');
      return value;
    case 'bigint':
      if (!/^-?\d{1,19}$/.test(value) || BigInt(value) > 2n ** 63n - 1n || BigInt(value) < -(2n ** 63n))
        throw invalidCursor('not a bigint');
      return value;
    case 'numeric':
      if (!/^-?\d+(\.\d+)?$/.test(value)) throw invalidCursor('not a number');
      return value;
    case 'boolean':
      if (value !== 'true' && value !== 'false') throw invalidCursor('not a boolean');
      return value;
    default:
      return value;
  }
}

/** The cursor's values, checked against `order`; PAGING_INVALID_CURSOR for anything not made by encodeCursor for it. */
export function decodeCursor(token: unknown, order: CompiledOrder, secret?: string): CursorValues {
  if (typeof token !== 'string' || token.length === 0 || token.length > MAX_CURSOR_LENGTH) throw invalidCursor('not a cursor');
  const [payload = '', tag = '', ...rest] = token.split('.');
  if (rest.length > 0 || !/^[A-Za-z0-9_-]+$/.test(payload)) throw invalidCursor('not a cursor');
  const expected = Buffer.from(mac(payload, secret));
  const given = Buffer.from(tag);
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    throw invalidCursor('the cursor was altered or made elsewhere');
  let data: unknown;
  try {
    data = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor('not a cursor');
  }
  const o = typeof data === 'object' && data !== null ? (data as Record<string, unknown>) : {}; // members read with hasOwn
  const k = Object.hasOwn(o, 'k') ? o['k'] : undefined;
  if (!Object.hasOwn(o, 'v') || o['v'] !== 1 || !Array.isArray(k)) throw invalidCursor('not a cursor');
  if (o['o'] !== order.signature) throw invalidCursor('the cursor belongs to another ordering');
  if (k.length !== order.keys.length) throw invalidCursor('wrong number of sort values');
  return order.keys.map((key, i) => readValue(key, k[i]));
}

/**
 * Rows strictly after the cursor row in the order `order` (NULLS LAST in both directions):
 *   after(i) = k_i IS NULL AND after(i+1)                                  when the cursor's k_i is NULL
 *   after(i) = k_i IS NULL OR k_i ≻ v_i OR (k_i = v_i AND after(i+1))      otherwise (IS NULL only if nullable)
 * ending with `id ≻ v_id`. A trailing run of non-null keys in one direction becomes one row comparison,
 * `(publication_date, id) > ($1, $2)`, which the (column, id) indexes answer directly.
 */
export function keysetPredicate(order: CompiledOrder, values: CursorValues, params: ParamList): string {
  const keys = order.keys;
  const after = (i: number): string => {
    const key = keys[i] as CompiledSortKey;
    const value = values[i] ?? null;
    const op = key.direction === 'asc' ? '>' : '<';
    const run = keys.slice(i);
    if (run.every((k, j) => !k.nullable && k.direction === key.direction && values[i + j] != null)) {
      const cols = run.map((k) => k.sql);
      const vals = run.map((k, j) => params.add(values[i + j], k.sqlType));
      return cols.length === 1 ? `${cols[0]} ${op} ${vals[0]}` : `(${cols.join(', ')}) ${op} (${vals.join(', ')})`;
    }
    if (value === null) return `(${key.sql} IS NULL AND ${after(i + 1)})`;
    const v = params.add(value, key.sqlType);
    const nulls = key.nullable ? `${key.sql} IS NULL OR ` : '';
    return `(${nulls}${key.sql} ${op} ${v} OR (${key.sql} = ${v} AND ${after(i + 1)}))`;
  };
  return after(0);
}

/**
 * Rows strictly before the cursor row in the order `order` (NULLS LAST in both directions), for the
 * `prev` page: the mirror of keysetPredicate. A NULL key sorts after every value, so
 *   before(i) = k_i IS NOT NULL OR before(i+1)                          when the cursor's k_i is NULL
 *   before(i) = k_i ≺ v_i OR (k_i = v_i AND before(i+1))                 otherwise (a NULL k_i makes both false)
 * ending with `id ≺ v_id`, with the same row-comparison shortcut for a trailing run of non-null keys.
 */
export function keysetBeforePredicate(order: CompiledOrder, values: CursorValues, params: ParamList): string {
  const keys = order.keys;
  const before = (i: number): string => {
    const key = keys[i] as CompiledSortKey;
    const value = values[i] ?? null;
    const op = key.direction === 'asc' ? '<' : '>';
    const run = keys.slice(i);
    if (run.every((k, j) => !k.nullable && k.direction === key.direction && values[i + j] != null)) {
      const cols = run.map((k) => k.sql);
      const vals = run.map((k, j) => params.add(values[i + j], k.sqlType));
      return cols.length === 1 ? `${cols[0]} ${op} ${vals[0]}` : `(${cols.join(', ')}) ${op} (${vals.join(', ')})`;
    }
    if (value === null) return `(${key.sql} IS NOT NULL OR ${before(i + 1)})`;
    const v = params.add(value, key.sqlType);
    return `(${key.sql} ${op} ${v} OR (${key.sql} = ${v} AND ${before(i + 1)}))`;
  };
  return before(0);
}
