import type { FastifyInstance } from 'fastify';
import type { HubMetrics } from '../../metrics/index.ts';
import type { QuotaService } from '../../quotas/index.ts';
import { sendAuthFailure } from '../auth/credentials.ts';
import { noteQuotaRefusal } from './rejections.ts';
import { isSearchRequest } from './search-routes.ts';

/**
 * Counts every request to a search API against the caller's rate (installed after actor resolution, so
 * the caller's class is known) and answers 429 with Retry-After in the dialect of the URL when above it.
 */
export function installSearchRateLimit(app: FastifyInstance, quotas: QuotaService, metrics: HubMetrics, realm: string): void {
  app.addHook('onRequest', async (request, reply) => {
    if (!isSearchRequest(request.method, request.routeOptions.url, request.url.split('?')[0] ?? '')) return;
    try {
      await quotas.countSearch({ actor: request.actor, address: request.ip });
    } catch (error) {
      noteQuotaRefusal(reply, metrics, error);
      return sendAuthFailure(reply, request, realm, error, undefined);
    }
  });
}
