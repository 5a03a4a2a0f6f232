/**
 * The conformance classes eohub's STAC API implements (STAC API v1.0.0 and its extensions; OGC API
 * Features part 1, part 3 for filter; OGC API Common part 2 for collection search). Filter classes are
 * declared only when the CQL2 parsers are complete (CQL2_CONFORMANCE non-empty); transaction classes
 * only when transactions are enabled.
 */
import { CQL2_CONFORMANCE } from '../query/index.ts';

const CORE = [
  'https://api.stacspec.org/v1.0.0/core',
  'https://api.stacspec.org/v1.0.0/collections',
  'https://api.stacspec.org/v1.0.0/ogcapi-features',
  'https://api.stacspec.org/v1.0.0/item-search',
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core',
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson',
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30',
  'https://api.stacspec.org/v1.1.0/item-search#sort',
  'https://api.stacspec.org/v1.1.0/ogcapi-features#sort',
  'https://api.stacspec.org/v1.0.0/item-search#fields',
  'https://api.stacspec.org/v1.0.0/ogcapi-features#fields',
  'https://api.stacspec.org/v1.0.0/item-search#query',
  'https://api.stacspec.org/v1.0.0/ogcapi-features#query',
  'https://api.stacspec.org/v1.0.0-rc.1/item-search#free-text',
  'https://api.stacspec.org/v1.0.0-rc.1/ogcapi-features#free-text',
  'https://api.stacspec.org/v1.0.0-rc.1/collection-search',
  'https://api.stacspec.org/v1.0.0-rc.1/collection-search#free-text',
  'http://www.opengis.net/spec/ogcapi-common-2/1.0/conf/simple-query',
];

const FILTER = [
  'https://api.stacspec.org/v1.0.0-rc.2/item-search#filter',
  'https://api.stacspec.org/v1.0.0/item-search#filter',
  'http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/filter',
  'http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/features-filter',
];

const TRANSACTIONS = [
  'https://api.stacspec.org/v1.0.0/ogcapi-features/extensions/transaction',
  'https://api.stacspec.org/v1.0.0/collections/extensions/transaction',
];

export function conformanceClasses(options: { transactions: boolean }): string[] {
  return [...CORE, ...(CQL2_CONFORMANCE.length > 0 ? [...FILTER, ...CQL2_CONFORMANCE] : []), ...(options.transactions ? TRANSACTIONS : [])];
}
