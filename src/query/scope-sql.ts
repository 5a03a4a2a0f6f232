/**
 * The access scope (access/) as SQL: the condition that keeps a caller's hidden collections out of a
 * statement. Every catalogue read adds it, so visibility is decided here once for every API.
 */
import { viewLikePatterns, type AccessScope } from '../access/index.ts';

/**
 * `<column> <> ALL($n::text[])` for a scope that hides collections, and `<column> LIKE ANY($m::text[])`
 * for one narrowed to a portal view (so that a collection created after the scope was made stays outside
 * the view), the values appended to `params`; `TRUE` for neither. `column` is written in code
 * (`p.collection`, `c.name`), never taken from a request.
 */
export function scopeCondition(scope: AccessScope, params: unknown[], column = 'p.collection'): string {
  const parts: string[] = [];
  if (scope.hiddenCollections.length > 0) {
    params.push([...scope.hiddenCollections]);
    parts.push(`${column} <> ALL($${params.length}::text[])`);
  }
  if (scope.view !== null) {
    params.push(viewLikePatterns(scope.view.collections));
    parts.push(`${column} LIKE ANY($${params.length}::text[])`);
  }
  return parts.length === 0 ? 'TRUE' : parts.join(' AND ');
}
