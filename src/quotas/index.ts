/**
 * Quotas, rate limits and usage accounting. Owns the tables download_leases, request_counters and
 * download_usage (migration 0010); writes no events. Limits per user class (anonymous, registered,
 * institutional, admin; config `quotas`): concurrent downloads as lease rows, search requests per fixed
 * window, bandwidth per download stream, download volume per calendar month. Everything that must hold
 * across server processes is counted in the database. Refusals are HubErrors of kind rate_limited with
 * details.retryAfterS; the HTTP layer renders them in each dialect with Retry-After.
 */
import { countRequest } from './counters.ts';
import { countLeases } from './leases.ts';
import { limitsFor, subjectOf } from './limits.ts';
import { beginDownload, type DownloadRequest, type DownloadSession } from './session.ts';
import type { Caller, ClassLimits, QuotaContext } from './types.ts';
import { summarizeUsage, type UsageQuery, type UsageRow } from './usage.ts';

export { QUOTA_ERRORS } from './errors.ts';
export type { Caller, ClassLimits, QuotaContext, QuotaSettings } from './types.ts';
export type { DownloadRequest, DownloadSession, WriteMeter } from './session.ts';
export type { UsageQuery, UsageRow } from './usage.ts';

export interface QuotaService {
  /** Counts one search request of the caller; throws QUOTA_TOO_MANY_REQUESTS above the class's rate. */
  countSearch(caller: Caller): Promise<void>;
  /** Takes a download slot (QUOTA_TOO_MANY_DOWNLOADS, QUOTA_MONTHLY_VOLUME_EXCEEDED when refused). */
  beginDownload(caller: Caller, request: DownloadRequest): Promise<DownloadSession>;
  usage(query: UsageQuery): Promise<UsageRow[]>;
  limitsFor(caller: Caller): ClassLimits;
  /** Download slots the caller holds now, in every process. */
  activeDownloads(caller: Caller): Promise<number>;
}

export function createQuotaService(ctx: QuotaContext): QuotaService {
  return {
    countSearch: async (caller) => {
      if (!ctx.settings.enabled) return;
      const limits = limitsFor(ctx.settings, caller);
      await countRequest(ctx, subjectOf(caller), 'search', limits, limits.searchRequests);
    },
    beginDownload: (caller, request) => beginDownload(ctx, caller, request),
    usage: (query) => summarizeUsage(ctx, query),
    limitsFor: (caller) => limitsFor(ctx.settings, caller),
    activeDownloads: (caller) => countLeases(ctx, subjectOf(caller)),
  };
}
