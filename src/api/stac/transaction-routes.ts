/**
 * The transaction extensions, registered only when `stac.transactions` is on (otherwise these methods
 * answer 404 and no transaction class is declared). Only admins write: anonymous 401, other users 403.
 */
import type { FastifyInstance } from 'fastify';
import { requireAdmin } from '../auth/require-admin.ts';
import { stacUrls } from '../../stac/index.ts';
import type { ApiDeps } from '../deps.ts';
import { baseUrl } from '../links.ts';
import { collectionParams, itemParams, parseWith } from './params.ts';
import { GEOJSON, sendJson } from './present.ts';

export function registerTransactionRoutes(parent: FastifyInstance, deps: ApiDeps): void {
  // A child context, so that the admin check covers these routes and none of the read routes.
  void parent.register(async (app) => {
    app.addHook('preHandler', requireAdmin(deps.auth.realm, 'change the STAC catalogue'));
    transactionRoutes(app, deps);
  });
}

function transactionRoutes(app: FastifyInstance, deps: ApiDeps): void {
  const tx = deps.stac.transactions;

  app.post('/collections/:collectionId/items', async (request, reply) => {
    const { collectionId } = parseWith(collectionParams, request.params, 'path');
    const urls = stacUrls(baseUrl(request, deps.config));
    const ids = await tx.createItems(collectionId, request.body);
    if (ids.length === 1 && (request.body as { type?: unknown } | null)?.type === 'Feature') {
      const id = ids[0] as string; // one id, checked on the line above
      const item = await deps.stac.item(request.actor, urls, collectionId, id);
      void reply.status(201).header('location', urls.item(collectionId, id));
      return sendJson(request, reply, item, GEOJSON);
    }
    void reply.status(201);
    return sendJson(request, reply, { ids, numberCreated: ids.length });
  });

  app.put('/collections/:collectionId/items/:itemId', async (request, reply) => {
    const { collectionId, itemId } = parseWith(itemParams, request.params, 'path');
    const urls = stacUrls(baseUrl(request, deps.config));
    await tx.replaceItem(collectionId, itemId, request.body);
    return sendJson(request, reply, await deps.stac.item(request.actor, urls, collectionId, itemId), GEOJSON);
  });

  app.patch('/collections/:collectionId/items/:itemId', async (request, reply) => {
    const { collectionId, itemId } = parseWith(itemParams, request.params, 'path');
    const urls = stacUrls(baseUrl(request, deps.config));
    const current = await deps.stac.item(request.actor, urls, collectionId, itemId);
    await tx.patchItem(collectionId, itemId, current, request.body);
    return sendJson(request, reply, await deps.stac.item(request.actor, urls, collectionId, itemId), GEOJSON);
  });

  app.delete('/collections/:collectionId/items/:itemId', async (request, reply) => {
    const { collectionId, itemId } = parseWith(itemParams, request.params, 'path');
    await tx.deleteItem(collectionId, itemId);
    return reply.status(204).send();
  });

  app.post('/collections', async (request, reply) => {
    const urls = stacUrls(baseUrl(request, deps.config));
    const id = await tx.createCollection(request.body);
    void reply.status(201).header('location', urls.collection(id));
    return sendJson(request, reply, await deps.stac.collection(request.actor, urls, id));
  });

  app.put('/collections/:collectionId', async (request, reply) => {
    const { collectionId } = parseWith(collectionParams, request.params, 'path');
    const urls = stacUrls(baseUrl(request, deps.config));
    await tx.replaceCollection(collectionId, request.body);
    return sendJson(request, reply, await deps.stac.collection(request.actor, urls, collectionId));
  });

  app.delete('/collections/:collectionId', async (request, reply) => {
    const { collectionId } = parseWith(collectionParams, request.params, 'path');
    await tx.deleteCollection(collectionId);
    return reply.status(204).send();
  });
}
