/** The database seen by every capability: one small interface over PGlite and node-postgres. */

export type Backend = 'pglite' | 'postgres';

export interface QueryResult<T> {
  rows: T[];
  rowCount: number;
}

export interface QueryOptions {
  /**
   * `generic`: the caller knows one plan serves every parameter value (query/generic-plan.ts), so on
   * PostgreSQL the statement is prepared once per connection and runs on its generic plan, with no
   * planning per call. Elsewhere (PGlite, inside a transaction) it runs as any statement.
   */
  plan?: 'generic' | undefined;
}

export interface Queryable {
  query<T = Record<string, unknown>>(sql: string, params?: readonly unknown[], options?: QueryOptions): Promise<QueryResult<T>>;
  /** Runs a script of several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
}

export interface Db extends Queryable {
  readonly backend: Backend;
  /** The SQL schema holding eohub's tables. */
  readonly schema: string;
  /** Runs `fn` in one transaction; it commits when `fn` resolves and rolls back when it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/**
 * PostgreSQL prints timestamptz as `2021-08-09 17:39:53.123456+00` (the session runs in UTC); we keep
 * them as ISO strings so that microseconds survive (JS Dates have milliseconds only).
 */
export function timestampToIso(text: string): string {
  const m = /^(\d{4,}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})(\.\d+)?([+-]\d{2})(?::?(\d{2}))?$/.exec(text);
  if (!m) return text; // infinity and the like pass through unchanged
  const [, date, time, frac = '', tzh = '+00', tzm = '00'] = m;
  if (tzh === '+00' && tzm === '00') return `${date}T${time}${(frac || '.').padEnd(7, '0').slice(0, 7)}Z`;
  const d = new Date(`${date}T${time}${frac}${tzh}:${tzm}`);
  return d.toISOString().replace(/Z$/, '000Z');
}

/** Type parsers shared by both drivers: int8 and numeric as numbers, timestamptz as ISO strings. */
export const TYPE_PARSERS: Record<number, (value: string) => unknown> = {
  20: (v) => Number(v), // int8: counts and sizes stay below 2^53
  1700: (v) => Number(v), // numeric
  1184: timestampToIso, // timestamptz
};
