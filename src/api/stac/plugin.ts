/**
 * The STAC API at /stac (STAC API 1.0.0, OGC API Features): gzip/br compression, JSON bodies also as
 * application/geo+json and application/merge-patch+json, and the route modules. Its CORS is installed on
 * the root (api/cors.ts), ahead of authentication and rate limits. Errors render as `{code, description}`
 * with the status of their kind (server.ts).
 */
import compress from '@fastify/compress';
import type { FastifyPluginAsync } from 'fastify';
import type { ApiDeps } from '../deps.ts';
import { registerCollectionRoutes } from './collection-routes.ts';
import { registerCoreRoutes } from './core-routes.ts';
import { registerSearchRoutes } from './search-routes.ts';
import { registerTransactionRoutes } from './transaction-routes.ts';

export const stacPlugin: FastifyPluginAsync<{ deps: ApiDeps }> = async (app, { deps }) => {
  const transactions = deps.config.stac.transactions;
  await app.register(compress, { encodings: ['br', 'gzip'], threshold: 1024 });
  app.addContentTypeParser(
    ['application/geo+json', 'application/merge-patch+json'],
    { parseAs: 'string' },
    app.getDefaultJsonParser('error', 'error'),
  );
  registerCoreRoutes(app, deps);
  registerCollectionRoutes(app, deps);
  registerSearchRoutes(app, deps);
  if (transactions) registerTransactionRoutes(app, deps);
};
