/**
 * CDSE's OpenSearch API, resto dialect (reference/cdse.md §2), under `/resto`: search.json over all
 * collections or one (`Sentinel2` or `SENTINEL-2`), one product's Feature, and the describe.xml
 * documents. Anonymous. Handlers hand the query string to deps.resto and add the collection's links;
 * every error is resto's `{"detail":{…}}` body (errors.ts).
 */
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { RawRestoQuery } from '../../query/index.ts';
import type { ApiDeps } from '../deps.ts';
import { baseUrl } from '../links.ts';
import { sendRestoError } from './errors.ts';
import { pageLinks } from './links.ts';

export const restoPlugin: FastifyPluginAsync<{ deps: ApiDeps }> = async (app, { deps }) => {
  const base = (request: FastifyRequest): string => baseUrl(request, deps.config);
  app.setErrorHandler((error: Error, request, reply) => sendRestoError(error, request, reply));
  app.setNotFoundHandler((request, reply) => {
    const error = Object.assign(new Error(`no route ${request.method} ${request.url.slice(0, 200)}`), { statusCode: 404 });
    return sendRestoError(error, request, reply);
  });

  const search = async (request: FastifyRequest, collection: string | undefined): Promise<unknown> => {
    const raw = request.query as RawRestoQuery; // fastify's query parser gives strings and string arrays
    const root = `${base(request)}/resto/api/collections${collection === undefined ? '' : `/${encodeURIComponent(collection)}`}`;
    const result = await deps.resto.search(request.actor, raw, base(request), collection);
    const links = pageLinks({
      root,
      raw,
      search: result.search,
      hasMore: result.hasMore,
      totalResults: result.totalResults,
      exact: result.exact,
    });
    return { ...result.body, properties: { ...result.body.properties, links } };
  };
  app.get('/api/collections/search.json', async (request, reply) => reply.send(await search(request, undefined)));
  app.get<{ Params: { collection: string } }>('/api/collections/:collection/search.json', async (request, reply) =>
    reply.send(await search(request, request.params.collection)),
  );
  app.get<{ Params: { collection: string; file: string } }>('/api/collections/:collection/:file', async (request, reply) => {
    const { collection, file } = request.params;
    if (file === 'describe.xml') {
      const xml = await deps.resto.describe(request.actor, base(request), collection);
      return reply.type('application/opensearchdescription+xml; charset=utf-8').send(xml);
    }
    const id = /^(.+)\.json$/.exec(file)?.[1];
    if (id === undefined) throw Object.assign(new Error(`no resource ${file.slice(0, 100)}`), { statusCode: 404 });
    return reply.send(await deps.resto.feature(request.actor, collection, id, base(request)));
  });
  app.get('/api/collections/describe.xml', async (request, reply) =>
    reply
      .type('application/opensearchdescription+xml; charset=utf-8')
      .send(await deps.resto.describe(request.actor, base(request), undefined)),
  );
};
