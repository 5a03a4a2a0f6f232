import { z } from 'zod';

/** How long online copies of a collection are kept (archive/eviction.ts). */
export const evictionPolicySchema = z.discriminatedUnion('policy', [
  z.object({ policy: z.literal('never') }).strict(),
  z.object({ policy: z.literal('daysAfterPublication'), days: z.number().min(0) }).strict(),
  z.object({ policy: z.literal('daysSinceAccess'), days: z.number().min(0) }).strict(),
  z.object({ policy: z.literal('newestBytes'), bytes: z.number().int().min(0) }).strict(),
]);

/**
 * The long-term archive (schema.ts includes it): its store (a folder, or an S3 bucket whose connection
 * settings default to storage.s3), eviction of online copies, orders and restores, fixity audits.
 */
export const archiveSchema = z
  .object({
    backend: z
      .enum(['fs', 's3'])
      .default('fs')
      .describe(
        'Where the archive store (the long-term tier) keeps its copy of every product: a folder (archive.dir; a mount standing in for tape) or a bucket of an S3-compatible service (archive.s3). Env EOHUB_ARCHIVE_BACKEND.',
      ),
    dir: z
      .string()
      .optional()
      .describe('Root of the filesystem archive store (archive.backend = fs); defaults to <dataDir>/archive. Env EOHUB_ARCHIVE_DIR.'),
    s3: z
      .object({
        endpoint: z
          .url()
          .optional()
          .describe('S3 endpoint URL of the archive; storage.s3.endpoint when unset. Env EOHUB_ARCHIVE_S3_ENDPOINT.'),
        region: z
          .string()
          .min(1)
          .optional()
          .describe('Region of the archive bucket; storage.s3.region when unset. Env EOHUB_ARCHIVE_S3_REGION.'),
        bucket: z.string().min(3).default('eohub-archive').describe('Bucket holding the archive copies. Env EOHUB_ARCHIVE_S3_BUCKET.'),
        prefix: z.string().default('').describe('Key prefix inside the archive bucket. Env EOHUB_ARCHIVE_S3_PREFIX.'),
        accessKeyId: z
          .string()
          .optional()
          .describe('Access key id for the archive bucket; storage.s3.accessKeyId when unset. Env EOHUB_ARCHIVE_S3_ACCESS_KEY_ID.'),
        secretAccessKey: z
          .string()
          .optional()
          .describe(
            'Secret access key for the archive bucket; storage.s3.secretAccessKey when unset. A secret: never logged. Env EOHUB_ARCHIVE_S3_SECRET_ACCESS_KEY.',
          ),
        forcePathStyle: z
          .boolean()
          .optional()
          .describe(
            'Path-style URLs for the archive; storage.s3.forcePathStyle when unset. Env EOHUB_ARCHIVE_S3_FORCE_PATH_STYLE (true/false).',
          ),
        maxAttempts: z.coerce
          .number()
          .int()
          .min(1)
          .max(20)
          .optional()
          .describe('Attempts per archive request; storage.s3.maxAttempts when unset. Env EOHUB_ARCHIVE_S3_MAX_ATTEMPTS.'),
      })
      .prefault({})
      .describe('S3 archive store (archive.backend = s3): its own bucket and prefix; the connection settings default to storage.s3'),
    eviction: z
      .record(z.string(), evictionPolicySchema)
      .default({})
      .describe(
        'Eviction policy of the online copies per collection name, `default` for the others (never evict when unset): {"policy":"never"}, {"policy":"daysAfterPublication","days":N}, {"policy":"daysSinceAccess","days":N}, {"policy":"newestBytes","bytes":N}. Env EOHUB_ARCHIVE_EVICTION (JSON).',
      ),
    evictionIntervalMs: z.coerce
      .number()
      .int()
      .min(1000)
      .default(3_600_000)
      .describe('How often the eviction job runs, in ms. Env EOHUB_ARCHIVE_EVICTION_INTERVAL_MS.'),
    restoreRetentionDays: z.coerce
      .number()
      .min(0)
      .default(30)
      .describe('Days a restored product stays online before it may be evicted again. Env EOHUB_ARCHIVE_RESTORE_RETENTION_DAYS.'),
    maxOpenOrdersPerUser: z.coerce
      .number()
      .int()
      .min(1)
      .default(4)
      .describe(
        'Orders a user may have queued or in progress at once; more answer 429 (CDSE allows 1). Env EOHUB_ARCHIVE_MAX_OPEN_ORDERS_PER_USER.',
      ),
    restoreBytesPerSecond: z.coerce
      .number()
      .min(0)
      .default(0)
      .describe(
        "Pace of archive → online copies in bytes/s, 0 for unpaced; also the basis of orders' estimated dates. Env EOHUB_ARCHIVE_RESTORE_BYTES_PER_SECOND.",
      ),
    fixityIntervalMs: z.coerce
      .number()
      .int()
      .min(1000)
      .default(3_600_000)
      .describe('How often a fixity audit round runs, in ms. Env EOHUB_ARCHIVE_FIXITY_INTERVAL_MS.'),
    fixityProductsPerRound: z.coerce
      .number()
      .int()
      .min(1)
      .default(20)
      .describe(
        'Products whose copies one fixity round checks (least recently verified first). Env EOHUB_ARCHIVE_FIXITY_PRODUCTS_PER_ROUND.',
      ),
    fixityBytesPerSecond: z.coerce
      .number()
      .min(0)
      .default(50 * 1024 * 1024)
      .describe(
        'Read pace of fixity audits in bytes/s so that they never starve users; 0 for unpaced. Env EOHUB_ARCHIVE_FIXITY_BYTES_PER_SECOND.',
      ),
  })
  .prefault({})
  .describe('Long-term archive: tiers, eviction, orders, restore, fixity');
