/**
 * The access scope (access/) as SQL: the condition that keeps a caller's hidden collections out of a
 * statement. Every catalogue read adds it, so visibility is decided here once for every API.
 */
import type { AccessScope } from '../access/index.ts';

/**
 * `<column> <> ALL($n::text[])` for a scope that hides collections (the value appended to `params`), or
 * `TRUE`. `column` is written in code (`p.collection`, `c.name`), never taken from a request.
 */
export function scopeCondition(scope: AccessScope, params: unknown[], column = 'p.collection'): string {
  if (scope.hiddenCollections.length === 0) return 'TRUE';
  params.push([...scope.hiddenCollections]);
  return `${column} <> ALL($${params.length}::text[])`;
}
