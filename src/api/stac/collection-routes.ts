/**
 * Collections and their items (STAC API collections + ogcapi-features, OGC API Features part 1 §7.14–7.16),
 * with collection search on GET /collections (collection-search; OGC API Common part 2 simple-query).
 */
import type { FastifyInstance } from 'fastify';
import { parseBbox, parseDatetime, parseLimit, STAC_ERRORS, stacUrls } from '../../stac/index.ts';
import { HubError } from '../../errors/index.ts';
import type { ApiDeps } from '../deps.ts';
import { baseUrl, requestUrl } from '../links.ts';
import {
  collectionParams,
  collectionsQuerySchema,
  itemParams,
  parseIntegerParam,
  parseListParam,
  parseNumbersParam,
  parseWith,
  searchFromQuery,
} from './params.ts';
import { GEOJSON, itemCollection, JSON_TYPE, sendJson } from './present.ts';

export function registerCollectionRoutes(app: FastifyInstance, deps: ApiDeps): void {
  const limits = deps.config.stac;

  app.get('/collections', async (request, reply) => {
    const q = parseWith(collectionsQuerySchema, request.query ?? {}, 'query string');
    const urls = stacUrls(baseUrl(request, deps.config));
    const limit = parseLimit(q.limit === undefined ? undefined : parseIntegerParam(q.limit, 'limit'), 100, limits.maxLimit);
    const offset = q.token === undefined ? 0 : Number(/^o(\d{1,9})$/.exec(q.token)?.[1] ?? NaN);
    if (!Number.isInteger(offset)) throw new HubError(STAC_ERRORS.INVALID_TOKEN, 'invalid', 'token: not a paging token of this hub');
    const all = await deps.stac.collections(request.actor, urls, {
      bbox: q.bbox === undefined ? undefined : parseBbox(parseNumbersParam(q.bbox, 'bbox')),
      datetime: q.datetime === undefined ? undefined : parseDatetime(q.datetime),
      q: q.q === undefined ? undefined : parseListParam(q.q),
    });
    const self = requestUrl(request, deps.config);
    const links: Record<string, unknown>[] = [
      { rel: 'self', type: JSON_TYPE, href: self },
      { rel: 'root', type: JSON_TYPE, href: urls.root() },
      { rel: 'parent', type: JSON_TYPE, href: urls.root() },
    ];
    const page = all.slice(offset, offset + limit);
    if (offset + limit < all.length) {
      const next = new URL(self);
      next.searchParams.set('token', `o${offset + limit}`);
      links.push({ rel: 'next', type: JSON_TYPE, href: next.toString() });
    }
    return sendJson(request, reply, { collections: page, links, numberMatched: all.length, numberReturned: page.length });
  });

  app.get('/collections/:collectionId', async (request, reply) => {
    const { collectionId } = parseWith(collectionParams, request.params, 'path');
    return sendJson(request, reply, await deps.stac.collection(request.actor, stacUrls(baseUrl(request, deps.config)), collectionId));
  });

  app.get('/collections/:collectionId/queryables', async (request, reply) => {
    const { collectionId } = parseWith(collectionParams, request.params, 'path');
    const schema = await deps.stac.queryables(request.actor, stacUrls(baseUrl(request, deps.config)), collectionId);
    return sendJson(request, reply, schema, 'application/schema+json');
  });

  app.get('/collections/:collectionId/items', async (request, reply) => {
    const { collectionId } = parseWith(collectionParams, request.params, 'path');
    const req = { ...searchFromQuery(request.query, limits), collections: [collectionId] };
    const urls = stacUrls(baseUrl(request, deps.config));
    const { result, items } = await deps.stac.search(request.actor, urls, req);
    const body = itemCollection(result, items, req.fields, {
      self: requestUrl(request, deps.config),
      root: urls.root(),
      method: 'GET',
      extra: [
        { rel: 'parent', type: JSON_TYPE, href: urls.collection(collectionId) },
        { rel: 'collection', type: JSON_TYPE, href: urls.collection(collectionId) },
      ],
    });
    return sendJson(request, reply, body, GEOJSON);
  });

  app.get('/collections/:collectionId/items/:itemId', async (request, reply) => {
    const { collectionId, itemId } = parseWith(itemParams, request.params, 'path');
    const item = await deps.stac.item(request.actor, stacUrls(baseUrl(request, deps.config)), collectionId, itemId);
    return sendJson(request, reply, item, GEOJSON);
  });
}
