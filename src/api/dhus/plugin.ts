/**
 * ESA DHuS as sentinelsat 1.1.1 speaks it, under `/dhus/` (reference/dhus-sentinelsat.md §4): the
 * OpenSearch `search` (Atom or JSON feed), the OData v1 products (odata-routes.ts) and `api/stub/version`.
 * Handlers parse, call deps.dhus / deps.download, present with src/dhus.
 *
 * Authentication: sentinelsat always sends preemptive HTTP Basic (§2.1). The hub has no accounts yet,
 * so any Basic credentials, and none, are accepted; the Authorization header is never read nor logged
 * (fastify's request serializer logs method and URL only). Until the auth issue lands, expose /dhus/
 * on closed networks only.
 */
import type { FastifyPluginAsync } from 'fastify';
import { feedErrorJson, feedErrorXml, feedJson, feedXml, readDhusSearchRequest, type DhusSearchRequest } from '../../dhus/index.ts';
import { HubError, isHubError } from '../../errors/index.ts';
import { DHUS_QUERY_ERRORS } from '../../query/index.ts';
import type { ApiDeps } from '../deps.ts';
import { baseUrlOf } from '../odata/links.ts';
import { sendDhusError } from './errors.ts';
import { dhusODataRoutes } from './odata-routes.ts';
import { rawQueryParam } from './query-text.ts';

/** Errors of `q` itself, which DHuS answers 200 inside the feed (§1.6); a query too long (too_large) is a 413. */
function isQueryError(error: unknown): error is HubError {
  return isHubError(error) && error.kind === 'invalid' && (Object.hasOwn(DHUS_QUERY_ERRORS, error.code) || error.code.startsWith('FILTER_'));
}

export const dhusPlugin: FastifyPluginAsync<{ deps: ApiDeps }> = async (app, { deps }) => {
  app.setErrorHandler((error: Error, request, reply) => sendDhusError(error, request, reply));
  app.setNotFoundHandler((request, reply) =>
    sendDhusError(new HubError('DHUS_RESOURCE_NOT_FOUND', 'not_found', `no resource ${request.method} ${request.url.slice(0, 200)}`), request, reply),
  );

  app.get('/search', async (request, reply) => {
    const q = rawQueryParam(request.raw.url ?? '', 'q');
    const params: DhusSearchRequest = readDhusSearchRequest(q, request.query as Record<string, unknown>);
    const base = baseUrlOf(request, deps.config.publicUrl);
    try {
      const result = await deps.dhus.search(request.actor, params);
      if (params.format === 'json') return reply.send(feedJson(result, base));
      return reply.type('application/atom+xml; charset=utf-8').send(feedXml(result, base));
    } catch (error) {
      if (!isQueryError(error)) throw error;
      if (params.format === 'json') return reply.send(feedErrorJson(error.message));
      return reply.type('application/xml; charset=utf-8').send(feedErrorXml(error.message));
    }
  });

  // The DHuS API level this presenter follows (sentinelsat's dhus_version, R10).
  app.get('/api/stub/version', async (_request, reply) => reply.send({ value: '2.4.1' }));

  await app.register(dhusODataRoutes, { deps, prefix: '/odata/v1' });
};
