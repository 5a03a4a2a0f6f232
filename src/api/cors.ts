/**
 * CORS for the APIs browsers call: STAC (config stac.corsOrigins) and the CDSE-style ones (config
 * cors.origins: OData, resto, the token endpoint and OIDC discovery, which CDSE's own browser apps call
 * cross-origin). Installed on the root before actor resolution and the search rate limit: registered
 * inside a plugin its hook would run after theirs, so a 401 for a bad token or a 429 from the rate limit
 * went out without Access-Control-Allow-Origin, and a browser could not read the status, the message or
 * Retry-After. Preflights are answered here too, before any credential is looked at (browsers send none
 * with them; Fetch standard, "CORS-preflight"). DHuS (sentinelsat), the S3 API and the admin API get none.
 */
import cors, { type FastifyCorsOptions } from '@fastify/cors';
import type { FastifyInstance } from 'fastify';
import type { HubConfig } from '../config/index.ts';

/** Response headers a browser script may read: validators, created locations, and why a request was refused. */
const EXPOSED_HEADERS = ['ETag', 'Location', 'Retry-After', 'WWW-Authenticate'];
/** A download read by a script: its size, the part a Range got, and the product's file name. */
const DOWNLOAD_HEADERS = ['Accept-Ranges', 'Content-Disposition', 'Content-Length', 'Content-Range'];

export async function installCors(app: FastifyInstance, config: HubConfig): Promise<void> {
  const stac: FastifyCorsOptions = {
    origin: allowed(config.stac.corsOrigins),
    methods: config.stac.transactions ? ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'] : ['GET', 'HEAD', 'POST'],
    exposedHeaders: EXPOSED_HEADERS,
  };
  const cdse: FastifyCorsOptions = {
    origin: allowed(config.cors.origins),
    // POST: OData FilterList and orders, the token endpoint; DELETE: none of these APIs takes one.
    methods: ['GET', 'HEAD', 'POST'],
    exposedHeaders: [...EXPOSED_HEADERS, ...DOWNLOAD_HEADERS],
  };
  await app.register(cors, {
    delegator: (request, callback) => {
      const path = request.url;
      callback(null, under(path, '/stac') ? stac : isCdseBrowserPath(path) ? cdse : { origin: false });
    },
  });
}

function allowed(origins: readonly string[]): false | '*' | string[] {
  if (origins.length === 0) return false;
  return origins.includes('*') ? '*' : [...origins];
}

function isCdseBrowserPath(path: string): boolean {
  return (
    under(path, '/odata') ||
    under(path, '/resto') ||
    under(path, '/auth/realms') ||
    under(path, '/.well-known/openid-configuration')
  );
}

/** `path` is `prefix` itself or below it (`/stac`, `/stac/…`, `/stac?…`), never `/stacked`. */
function under(path: string, prefix: string): boolean {
  if (!path.startsWith(prefix)) return false;
  const next = path.charAt(prefix.length);
  return next === '' || next === '/' || next === '?';
}
