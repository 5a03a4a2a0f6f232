import { HubError } from '../errors/index.ts';

/** Error codes of quotas/; every refusal is kind rate_limited (429) with details.retryAfterS. */
export const QUOTA_ERRORS = {
  /** The user class's concurrent downloads are all running. */
  TOO_MANY_DOWNLOADS: 'QUOTA_TOO_MANY_DOWNLOADS',
  /** Too many search requests in the current window. */
  TOO_MANY_REQUESTS: 'QUOTA_TOO_MANY_REQUESTS',
  /** This calendar month's download volume is used up. */
  MONTHLY_VOLUME_EXCEEDED: 'QUOTA_MONTHLY_VOLUME_EXCEEDED',
  /** A usage summary asked with bad parameters (kind invalid). */
  INVALID_USAGE_QUERY: 'USAGE_INVALID_QUERY',
} as const;

export function quotaExceeded(
  code: Exclude<(typeof QUOTA_ERRORS)[keyof typeof QUOTA_ERRORS], 'USAGE_INVALID_QUERY'>,
  message: string,
  details: { retryAfterS: number; limit: number; quotaClass: string },
): HubError {
  return new HubError(code, 'rate_limited', message, { details });
}
