import type { FastifyReply } from 'fastify';
import { isHubError } from '../../errors/index.ts';
import type { HubMetrics } from '../../metrics/index.ts';

/**
 * A quota refusal on its way to a dialect's error renderer: sets Retry-After (RFC 9110 §10.2.3), which the
 * renderers do not know about, and counts it. Returns the error to rethrow.
 */
export function noteQuotaRefusal(reply: FastifyReply, metrics: HubMetrics, error: unknown): unknown {
  if (isHubError(error) && error.kind === 'rate_limited') {
    const retry = error.details?.['retryAfterS'];
    if (typeof retry === 'number') void reply.header('retry-after', String(retry));
    const quotaClass = error.details?.['quotaClass'];
    metrics.quotaRejections.inc({ limit: error.code, class: typeof quotaClass === 'string' ? quotaClass : 'unknown' });
  }
  return error;
}
