/**
 * The search endpoints that share one request rate quota (quotas.<class>.searchRequests), by fastify
 * route pattern: STAC search and item lists, OData Products (and its FilterList), resto search, DHuS
 * OpenSearch and the DHuS OData product list. Fetching one product or file is not a search.
 */
const SEARCH_ROUTES = new Set([
  'GET /stac/search',
  'POST /stac/search',
  'GET /stac/collections/:collectionId/items',
  'GET /odata/v1/Products',
  'GET /odata/v1/DeletedProducts',
  'POST /odata/v1/Products/OData.CSC.FilterList',
  'GET /resto/api/collections/search.json',
  'GET /resto/api/collections/:collection/search.json',
  'GET /dhus/search',
]);

export function isSearchRequest(method: string, routeUrl: string | undefined, path: string): boolean {
  if (routeUrl === undefined) return false;
  if (SEARCH_ROUTES.has(`${method} ${routeUrl}`)) return true;
  // DHuS OData answers every path with one wildcard route (api/dhus/odata-routes.ts); only the list is a search.
  return method === 'GET' && routeUrl === '/dhus/odata/v1/*' && /^\/dhus\/odata\/v1\/Products\/?$/.test(path);
}
