import Fastify, { type FastifyBaseLogger, type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { HubError, isHubError } from '../errors/index.ts';
import { sendDhusError } from './dhus/errors.ts';
import { STATUS_BY_KIND } from './error-status.ts';
import type { ApiDeps } from './deps.ts';
import { dhusPlugin } from './dhus/plugin.ts';
import { adminPlugin } from './admin/plugin.ts';
import { installActorResolution } from './auth/actor-hook.ts';
import { installCors } from './cors.ts';
import { installViewEntry } from './views.ts';
import { installHttpMetrics, metricsPlugin } from './metrics/plugin.ts';
import { installSearchRateLimit } from './quotas/search-limit.ts';
import { authPlugin } from './auth/plugin.ts';
import { healthPlugin } from './health/plugin.ts';
import { odataDownloadPlugin } from './odata/download.ts';
import { odataOrdersPlugin } from './odata/orders.ts';
import { odataPlugin } from './odata/plugin.ts';
import { portalPlugin } from './portal/plugin.ts';
import { restoPlugin } from './resto/plugin.ts';
import { stacPlugin } from './stac/plugin.ts';

/**
 * The HTTP server: fastify with one plugin per dialect. Errors not handled by a dialect's own handler
 * get the plain JSON shape `{code, description}`; anything that is not a HubError is logged with the
 * request id and answered as a bare 500.
 */
export async function createServer(deps: ApiDeps, log: Logger): Promise<FastifyInstance> {
  const app = Fastify({
    // pino's Logger and fastify's base logger type differ only in optional members.
    loggerInstance: log as FastifyBaseLogger,
    requestIdHeader: 'x-request-id',
    bodyLimit: 10 * 1024 * 1024,
    // Requests the router refuses before any route (bad percent-encoding): still a 400 in the dialect's shape.
    frameworkErrors: (error, request, reply) => {
      if (request.url.startsWith('/dhus/')) {
        // The hook's request and reply are typed by the server's generics; DHuS errors carry cause-message.
        sendDhusError(new HubError('DHUS_INVALID_PARAMETER', 'invalid', error.message), request as unknown as FastifyRequest, reply as unknown as FastifyReply);
        return;
      }
      const odata = request.url.startsWith('/odata/');
      const code = error.code;
      if (request.url.startsWith('/resto/')) {
        const detail = {
          ErrorMessage: 'Validation error.',
          ErrorCode: 400,
          ErrorDetail: [{ loc: ['query'], msg: error.message }],
          RequestID: String(request.id),
        };
        // resto's error body (api/resto/errors.ts); the cast as below.
        return void (reply as unknown as FastifyReply).status(400).send({ detail });
      }
      // The hook's reply is typed by the server's generics, which leave no status code assignable.
      void (reply as unknown as FastifyReply).status(400).send(odata ? { error: { code, message: error.message } } : { code, description: error.message });
    },
  });
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (isHubError(error)) {
      return reply.status(STATUS_BY_KIND[error.kind]).send({ code: error.code, description: error.message });
    }
    if (typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500) {
      return reply.status(error.statusCode).send({ code: error.code ?? 'BAD_REQUEST', description: error.message });
    }
    request.log.error({ err: error }, 'unhandled error');
    return reply.status(500).send({ code: 'INTERNAL_ERROR', description: `internal error (request ${request.id})` });
  });
  app.setNotFoundHandler((request, reply) => {
    void reply.status(404).send({ code: 'NOT_FOUND', description: `no route ${request.method} ${request.url}` });
  });
  // First of all hooks: refusals by the ones below carry CORS headers, and preflights need no credentials.
  await installCors(app, deps.config);
  installActorResolution(app, deps.auth);
  installViewEntry(app, deps.config.access.views);
  // After actor resolution: the caller's quota class depends on who they are.
  installSearchRateLimit(app, deps.quotas, deps.metrics, deps.auth.realm);
  if (deps.config.metrics.enabled) installHttpMetrics(app, deps.metrics);
  await app.register(authPlugin, { auth: deps.auth });
  await app.register(adminPlugin, { auth: deps.auth, access: deps.access, jobs: deps.jobs, quotas: deps.quotas, s3Keys: deps.s3.keys, prefix: '/admin' });
  if (deps.config.metrics.enabled) {
    await app.register(metricsPlugin, { metrics: deps.metrics, access: deps.config.metrics.access, realm: deps.auth.realm });
  }
  await app.register(odataPlugin, { deps, prefix: '/odata/v1' });
  await app.register(healthPlugin, { deps });
  await app.register(stacPlugin, { deps, prefix: '/stac' });
  await app.register(odataDownloadPlugin, { deps, prefix: '/odata/v1' });
  await app.register(odataOrdersPlugin, { deps, prefix: '/odata/v1' });
  await app.register(restoPlugin, { deps, prefix: '/resto' });
  await app.register(dhusPlugin, { deps, prefix: '/dhus' });
  if (deps.config.portal.enabled) await app.register(portalPlugin, { deps });
  return app;
}
