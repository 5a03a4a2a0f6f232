import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync } from 'fastify';
import { PORTAL_DIST_DIR } from '../../portal/index.ts';
import type { ApiDeps } from '../deps.ts';

/**
 * The web portal: `/` (index.html, never cached so a new build shows at once), `/assets/*` (file names
 * carry a content hash: cached for a year) and `/portal/config.json`, what the browser code cannot know
 * by itself (base layer, token endpoint realm). When the portal is not built, `/` says how to build it.
 */
export const portalPlugin: FastifyPluginAsync<{ deps: ApiDeps }> = async (app, { deps }) => {
  const { portal, auth } = deps.config;
  app.get('/portal/config.json', async () => ({
    realm: auth.realm,
    clientId: 'cdse-public',
    baseLayer: portal.baseLayerUrl ? { url: portal.baseLayerUrl, attribution: portal.baseLayerAttribution ?? '' } : null,
  }));
  if (!existsSync(join(PORTAL_DIST_DIR, 'index.html'))) {
    app.get('/', async (_request, reply) =>
      reply.status(503).send({ code: 'PORTAL_NOT_BUILT', description: 'the portal is not built: run `npm run build:web`' }),
    );
    return;
  }
  await app.register(fastifyStatic, {
    root: join(PORTAL_DIST_DIR, 'assets'),
    prefix: '/assets/',
    immutable: true,
    maxAge: '365d',
    decorateReply: false,
  });
  await app.register(fastifyStatic, { root: PORTAL_DIST_DIR, prefix: '/', serve: false, decorateReply: true });
  app.get('/', async (_request, reply) => reply.header('cache-control', 'no-cache').sendFile('index.html', { cacheControl: false }));
};
