import { z } from 'zod';

/**
 * Quotas and metrics settings (schema.ts includes them). Each user class has the same four limits; 0 means
 * no limit. A user's class is their most privileged role (admin, then institutional, then registered);
 * limits an institutional class leaves unset are the registered ones.
 */
export const QUOTA_CLASSES = ['anonymous', 'registered', 'institutional', 'admin'] as const;
export type QuotaClass = (typeof QUOTA_CLASSES)[number];

export const QUOTA_LIMITS = {
  concurrentDownloads: 'CONCURRENT_DOWNLOADS',
  searchRequests: 'SEARCH_REQUESTS',
  bandwidthBytesPerS: 'BANDWIDTH_BYTES_PER_S',
  monthlyDownloadBytes: 'MONTHLY_DOWNLOAD_BYTES',
} as const;
export type QuotaLimit = keyof typeof QUOTA_LIMITS;

export function quotaEnvName(cls: QuotaClass, limit: QuotaLimit): string {
  return `EOHUB_QUOTA_${cls.toUpperCase()}_${QUOTA_LIMITS[limit]}`;
}

const MEANING: Record<QuotaLimit, string> = {
  concurrentDownloads: 'Downloads running at once, counted across all server processes',
  searchRequests: 'Requests to the search APIs (STAC search and items, OData Products, resto, DHuS search) per window',
  bandwidthBytesPerS: 'Bytes per second of each download stream',
  monthlyDownloadBytes: 'Bytes downloaded per calendar month (UTC); further downloads get 429 until the month ends',
};

const describeLimit = (cls: QuotaClass, key: QuotaLimit, inherits: boolean): string =>
  `${MEANING[key]}; 0: no limit${inherits ? '; unset: as registered' : ''}. Env ${quotaEnvName(cls, key)}.`;

const count = () => z.coerce.number().int().min(0);

function classShape<T>(limit: (key: QuotaLimit) => T) {
  return {
    concurrentDownloads: limit('concurrentDownloads'),
    searchRequests: limit('searchRequests'),
    bandwidthBytesPerS: limit('bandwidthBytesPerS'),
    monthlyDownloadBytes: limit('monthlyDownloadBytes'),
  };
}

/** A class with a value for every limit. */
function quotaClass(cls: QuotaClass, defaults: Record<QuotaLimit, number>, description: string) {
  const shape = classShape((key) =>
    count()
      .default(defaults[key])
      .describe(describeLimit(cls, key, false)),
  );
  return z.object(shape).prefault({}).describe(description);
}

/** A class that overrides some registered limits and inherits the others. */
function overridingClass(cls: QuotaClass, description: string) {
  const shape = classShape((key) =>
    count()
      .optional()
      .describe(describeLimit(cls, key, true)),
  );
  return z.object(shape).prefault({}).describe(description);
}

export const quotasSchema = z
  .object({
    enabled: z
      .boolean()
      .default(true)
      .describe('Enforce the quotas below (usage is recorded either way). Env EOHUB_QUOTA_ENABLED (true/false).'),
    windowMs: z.coerce
      .number()
      .int()
      .min(1000)
      .default(60_000)
      .describe('Length of the window over which search requests are counted, in ms. Env EOHUB_QUOTA_WINDOW_MS.'),
    leaseTtlMs: z.coerce
      .number()
      .int()
      .min(1000)
      .default(60_000)
      .describe(
        'A download slot not renewed for this long is free again (a crashed process frees its slots after it); running downloads renew theirs every third of it, in ms. Env EOHUB_QUOTA_LEASE_TTL_MS.',
      ),
    anonymous: quotaClass(
      'anonymous',
      { concurrentDownloads: 2, searchRequests: 600, bandwidthBytesPerS: 0, monthlyDownloadBytes: 0 },
      'Quotas of anonymous clients, per client address',
    ),
    registered: quotaClass(
      'registered',
      // CDSE allows a standard user 4 concurrent downloads.
      { concurrentDownloads: 4, searchRequests: 1200, bandwidthBytesPerS: 0, monthlyDownloadBytes: 0 },
      'Quotas of signed-in users without a more privileged role',
    ),
    institutional: overridingClass('institutional', 'Quotas of users with the institutional role'),
    admin: quotaClass(
      'admin',
      { concurrentDownloads: 0, searchRequests: 0, bandwidthBytesPerS: 0, monthlyDownloadBytes: 0 },
      'Quotas of admins',
    ),
  })
  .prefault({})
  .describe('Quotas and rate limits');

export const metricsSchema = z
  .object({
    enabled: z.boolean().default(true).describe('Serve Prometheus metrics at /metrics. Env EOHUB_METRICS_ENABLED (true/false).'),
    access: z
      .enum(['open', 'protected'])
      .default('protected')
      .describe('`open`: anyone may read /metrics; `protected`: admins only (an admin API key or token). Env EOHUB_METRICS_ACCESS.'),
  })
  .prefault({})
  .describe('Prometheus metrics');
