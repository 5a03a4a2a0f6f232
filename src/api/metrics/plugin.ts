import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import type { HubMetrics } from '../../metrics/index.ts';
import { requireAdmin } from '../auth/require-admin.ts';

/**
 * Observes every response: a count and a duration by method, route pattern (never the raw URL, so that
 * ids do not explode the label set) and status.
 */
export function installHttpMetrics(app: FastifyInstance, metrics: HubMetrics): void {
  app.addHook('onResponse', async (request, reply) => {
    const labels = { method: request.method, route: request.routeOptions.url ?? 'unmatched', status: String(reply.statusCode) };
    metrics.httpRequests.inc(labels);
    metrics.httpDuration.observe(labels, reply.elapsedTime / 1000);
  });
}

/** `GET /metrics` in the Prometheus text format; admins only when `metrics.access` is protected. */
export const metricsPlugin: FastifyPluginAsync<{ metrics: HubMetrics; access: 'open' | 'protected'; realm: string }> = async (
  app,
  { metrics, access, realm },
) => {
  if (access === 'protected') app.addHook('preHandler', requireAdmin(realm, 'read metrics'));
  app.get('/metrics', async (_request, reply) => {
    const { contentType, body } = await metrics.render();
    return reply.type(contentType).send(body);
  });
};
