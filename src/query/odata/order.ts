/**
 * OData `$orderby` (OData 4.01 URL Conventions §5.1.1.16 / CDSE §1.3): a comma list of property paths,
 * each optionally followed by `asc` (the default) or `desc`. The catalogue appends the `Id` tie-break
 * and drops repeated keys (query/order.ts), as CDSE does.
 */
import type { SortTerm } from '../order.ts';
import { ODATA_QUERY_ERRORS, odataQueryError } from './errors.ts';
import { nameTables, type ODataNames } from './properties.ts';

const TERM = /^\s*([A-Za-z][A-Za-z/]*)(?:\s+(asc|desc))?\s*$/i;
const MAX_TERMS = 8;

export function parseODataOrderBy(text: string, names: ODataNames = {}): SortTerm[] {
  if (text.length > 1_000) throw odataQueryError(ODATA_QUERY_ERRORS.ODATA_TOO_COMPLEX, '$orderby is at most 1000 characters', 1_000);
  const keys = nameTables(names).sortKeys;
  const terms: SortTerm[] = [];
  let pos = 0;
  const parts = text.split(',');
  if (parts.length > MAX_TERMS) throw odataQueryError(ODATA_QUERY_ERRORS.ODATA_TOO_COMPLEX, `at most ${MAX_TERMS} $orderby terms`, 0);
  for (const part of parts) {
    const m = TERM.exec(part);
    if (!m) throw odataQueryError(ODATA_QUERY_ERRORS.ODATA_SYNTAX, 'a $orderby term is <property> [asc|desc]', pos);
    const path = m[1] as string; // group 1 always participates
    const key = Object.hasOwn(keys, path) ? keys[path] : undefined;
    if (key === undefined) {
      throw odataQueryError(ODATA_QUERY_ERRORS.ODATA_UNKNOWN_PROPERTY, `cannot order by ${JSON.stringify(path.slice(0, 100))}`, pos);
    }
    terms.push({ key, direction: m[2]?.toLowerCase() === 'desc' ? 'desc' : 'asc' });
    pos += part.length + 1;
  }
  return terms;
}
