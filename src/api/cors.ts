/**
 * CORS for the STAC API (config stac.corsOrigins), installed on the root before actor resolution and
 * the search rate limit. Registered inside the STAC plugin its hook would run after theirs, so a 401
 * for a bad token or a 429 from the rate limit went out without Access-Control-Allow-Origin, and a
 * browser could not read the status, the message or Retry-After. Preflights are answered here too,
 * before any credential is looked at (browsers send none with them; Fetch standard, "CORS-preflight").
 */
import cors from '@fastify/cors';
import type { FastifyInstance } from 'fastify';
import type { HubConfig } from '../config/index.ts';

/** Response headers a browser script may read: validators, created locations, and why a request was refused. */
const EXPOSED_HEADERS = ['ETag', 'Location', 'Retry-After', 'WWW-Authenticate'];

export async function installCors(app: FastifyInstance, config: HubConfig): Promise<void> {
  const origins = config.stac.corsOrigins;
  const stac = {
    origin: origins.includes('*') ? '*' : [...origins],
    methods: config.stac.transactions ? ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'] : ['GET', 'HEAD', 'POST'],
    exposedHeaders: EXPOSED_HEADERS,
  };
  await app.register(cors, {
    // The other dialects' clients (sentinelsat, CDSE scripts, S3 tools) are not browsers: no CORS there.
    delegator: (request, callback) => callback(null, isStacUrl(request.url) ? stac : { origin: false }),
  });
}

function isStacUrl(url: string): boolean {
  return url === '/stac' || url.startsWith('/stac/') || url.startsWith('/stac?');
}
