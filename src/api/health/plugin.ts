import type { FastifyPluginAsync } from 'fastify';
import type { ApiDeps } from '../deps.ts';

/** GET /health: the backend, schema version and the count of products the caller sees; 503 when the database does not answer. */
export const healthPlugin: FastifyPluginAsync<{ deps: ApiDeps }> = async (app, { deps }) => {
  app.get('/health', async (request, reply) => {
    try {
      return await deps.status(request.actor);
    } catch (error) {
      app.log.warn({ err: error }, 'health check failed');
      return reply.status(503).send({ status: 'unavailable', code: 'DB_UNAVAILABLE', description: 'the database does not answer' });
    }
  });
};
