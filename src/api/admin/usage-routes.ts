import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { HubError } from '../../errors/index.ts';
import { QUOTA_ERRORS, type QuotaService } from '../../quotas/index.ts';

const querySchema = z
  .object({ from: z.string().optional(), to: z.string().optional(), groupBy: z.enum(['user', 'collection']).default('user') })
  .strict();

/**
 * `GET /admin/usage?from&to&groupBy=user|collection`: downloads started in [from, to) (ISO 8601), with
 * counts by status and bytes sent, per user (anonymous clients per address) or per collection.
 */
export const usageRoutes: FastifyPluginAsync<{ quotas: QuotaService }> = async (app, { quotas }) => {
  app.get('/usage', async (request) => {
    const q = querySchema.safeParse(request.query ?? {});
    if (!q.success) {
      const text = q.error.issues.map((i) => `${i.path.join('.') || 'query'}: ${i.message}`).join('; ');
      throw new HubError(QUOTA_ERRORS.INVALID_USAGE_QUERY, 'invalid', text);
    }
    const { from, to, groupBy } = q.data;
    return { from: from ?? null, to: to ?? null, groupBy, rows: await quotas.usage({ from, to, groupBy }) };
  });
};
