/** Landing page, conformance, the OpenAPI document and its HTML page, and the global queryables. */
import type { FastifyInstance } from 'fastify';
import { stacUrls } from '../../stac/index.ts';
import type { ApiDeps } from '../deps.ts';
import { baseUrl } from '../links.ts';
import { openApiDocument, openApiHtml } from './openapi.ts';
import { sendJson } from './present.ts';

export const OPENAPI_TYPE = 'application/vnd.oai.openapi+json;version=3.0';

export function registerCoreRoutes(app: FastifyInstance, deps: ApiDeps): void {
  app.get('/', async (request, reply) =>
    sendJson(request, reply, await deps.stac.landing(request.actor, stacUrls(baseUrl(request, deps.config)))),
  );

  app.get('/conformance', async (request, reply) => sendJson(request, reply, { conformsTo: deps.stac.conformance() }));

  app.get('/api', async (request, reply) => {
    const root = stacUrls(baseUrl(request, deps.config)).root();
    return sendJson(request, reply, openApiDocument(root, deps.stac.options), OPENAPI_TYPE);
  });

  app.get('/api.html', async (request, reply) => {
    const root = stacUrls(baseUrl(request, deps.config)).root();
    return reply.type('text/html; charset=utf-8').send(openApiHtml(openApiDocument(root, deps.stac.options), root));
  });

  app.get('/queryables', async (request, reply) => {
    const schema = await deps.stac.queryables(request.actor, stacUrls(baseUrl(request, deps.config)), undefined);
    return sendJson(request, reply, schema, 'application/schema+json');
  });
}
