/**
 * The parameter list compiled SQL appends to. Every value a request carries becomes a `$n` placeholder
 * with an explicit cast chosen by the compiler from a fixed set, so PostgreSQL and PGlite infer the same
 * types and nothing from a request is ever SQL text.
 */
import { QUERY_ERRORS, queryError } from './errors.ts';

/** Far below PostgreSQL's 65535 bind parameters, and more than any sane query needs. */
export const MAX_PARAMS = 30_000;

export interface ParamList {
  readonly values: unknown[];
  /** Appends `value` and returns its placeholder, `$n::cast`. */
  add(value: unknown, cast: string): string;
}

/** A list whose first placeholder follows the `existing` parameters the caller already holds. */
export function paramList(existing: number): ParamList {
  const values: unknown[] = [];
  return {
    values,
    add(value, cast) {
      values.push(value);
      const n = existing + values.length;
      if (n > MAX_PARAMS) throw queryError(QUERY_ERRORS.FILTER_TOO_COMPLEX, `the query needs more than ${MAX_PARAMS} parameters`);
      return `$${n}::${cast}`;
    },
  };
}
