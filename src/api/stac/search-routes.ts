/** Item search, GET and POST (STAC API item-search), with filter, sort, fields, query and free text. */
import type { FastifyInstance } from 'fastify';
import { stacUrls } from '../../stac/index.ts';
import type { ApiDeps } from '../deps.ts';
import { baseUrl, requestUrl } from '../links.ts';
import { searchFromBody, searchFromQuery } from './params.ts';
import { GEOJSON, itemCollection, sendJson } from './present.ts';

export function registerSearchRoutes(app: FastifyInstance, deps: ApiDeps): void {
  const limits = deps.config.stac;

  app.get('/search', async (request, reply) => {
    const req = searchFromQuery(request.query, limits);
    const urls = stacUrls(baseUrl(request, deps.config));
    const { result, items } = await deps.stac.search(request.actor, urls, req);
    const body = itemCollection(result, items, req.fields, { self: requestUrl(request, deps.config), root: urls.root(), method: 'GET' });
    return sendJson(request, reply, body, GEOJSON);
  });

  app.post('/search', async (request, reply) => {
    const req = searchFromBody(request.body, limits);
    const urls = stacUrls(baseUrl(request, deps.config));
    const { result, items } = await deps.stac.search(request.actor, urls, req);
    const raw = typeof request.body === 'object' && request.body !== null ? (request.body as Record<string, unknown>) : {}; // parsed above
    const body = itemCollection(result, items, req.fields, { self: urls.search(), root: urls.root(), method: 'POST', body: raw });
    return sendJson(request, reply, body, GEOJSON);
  });
}
