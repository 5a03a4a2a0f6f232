/**
 * The CDSE-style OData catalogue under `/odata/v1` (CDSE §1.1): Products (search, by key, Attributes,
 * FilterList), DeletedProducts, Collections, Attributes, `$metadata`. Handlers parse (parseODataQuery),
 * call the bound catalogue (deps.odata), add `@odata.nextLink`. Keyed paths such as `Products(<id>)` are
 * one path segment, matched as `:product` like the download routes (download.ts) beside it.
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { HubError } from '../../errors/index.ts';
import { parseODataQuery, type EntitySet, type RawQuery } from '../../odata/index.ts';
import type { ApiDeps } from '../deps.ts';
import { sendODataError } from './errors.ts';
import { isOrderSegment, sendOrder } from './orders.ts';
import { baseUrlOf, nextLink } from './links.ts';
import { METADATA_XML, SERVICE_DOCUMENT } from './metadata.ts';

const KEYED = /^(Products|DeletedProducts|Attributes)\('?([^'()]{1,200})'?\)$/;

function notFound(what: string): HubError {
  return new HubError('ODATA_NOT_FOUND', 'not_found', `no ${what}`);
}

/** `Products(<id>)` → ['Products', id]; anything else is not a resource here. */
function keyOf(segment: string): { set: string; key: string } {
  const m = KEYED.exec(segment);
  if (!m) throw notFound(`resource ${JSON.stringify(segment.slice(0, 100))}`);
  return { set: m[1] as string, key: m[2] as string }; // both groups always participate
}

export const odataPlugin: FastifyPluginAsync<{ deps: ApiDeps }> = async (app, { deps }) => {
  const base = (request: FastifyRequest): string => baseUrlOf(request, deps.config.publicUrl);
  app.setErrorHandler((error: Error, request, reply) => sendODataError(error, request, reply));
  app.setNotFoundHandler((request, reply) =>
    sendODataError(notFound(`route ${request.method} ${request.url.slice(0, 200)}`), request, reply),
  );

  const search = (set: EntitySet) => async (request: FastifyRequest, reply: FastifyReply) => {
    const raw = request.query as RawQuery; // fastify's query parser gives strings and string arrays
    const query = parseODataQuery(raw, set);
    const baseUrl = base(request);
    const { body, nextSkip } = await deps.odata.search(request.actor, query, baseUrl, set);
    return reply.send(nextSkip === null ? body : { ...body, '@odata.nextLink': nextLink(baseUrl, set, raw, nextSkip) });
  };
  app.get('/Products', search('Products'));
  app.get('/DeletedProducts', search('DeletedProducts'));

  app.get<{ Params: { product: string } }>('/:product', async (request, reply) => {
    // `Orders(<Id>)` is a keyed segment too; the orders routes (orders.ts) answer it.
    if (isOrderSegment(request.params.product)) return sendOrder(deps, request, reply);
    const { set, key } = keyOf(request.params.product);
    const raw = request.query as RawQuery; // as above
    if (set === 'Attributes') {
      parseODataQuery(raw);
      return reply.send(await deps.odata.attributes(request.actor, key));
    }
    const entitySet = set as EntitySet; // Products or DeletedProducts by the pattern
    const query = parseODataQuery(raw, entitySet);
    return reply.send(await deps.odata.get(request.actor, key, query, base(request), entitySet));
  });

  app.get<{ Params: { product: string } }>('/:product/Attributes', async (request, reply) => {
    const { set, key } = keyOf(request.params.product);
    if (set !== 'Products') throw notFound('such attributes');
    parseODataQuery(request.query as RawQuery); // refuses unknown options, as everywhere
    return reply.send(await deps.odata.attributesOf(request.actor, key));
  });

  app.post('/Products/OData.CSC.FilterList', async (request, reply) => {
    const query = parseODataQuery(request.query as RawQuery); // as above
    return reply.send(await deps.odata.filterList(request.actor, request.body, query, base(request)));
  });

  app.get('/Collections', async (request, reply) => {
    parseODataQuery(request.query as RawQuery); // as above
    return reply.send(await deps.odata.collections(request.actor));
  });
  app.get('/Attributes', async (request, reply) => {
    parseODataQuery(request.query as RawQuery); // as above
    return reply.send(await deps.odata.attributes(request.actor, undefined));
  });

  app.get('/$metadata', async (_request, reply) => reply.type('application/xml').send(METADATA_XML));
  app.get('/', async (_request, reply) => reply.send(SERVICE_DOCUMENT));
};
