import { z } from 'zod';

/** Where the online store keeps product files (schema.ts includes it): a folder or an S3-compatible service. */
export const storageSchema = z
  .object({
    backend: z
      .enum(['fs', 's3'])
      .default('fs')
      .describe(
        'Where the online store keeps product files: the filesystem (storageDir) or an S3-compatible service. Env EOHUB_STORAGE_BACKEND.',
      ),
    s3: z
      .object({
        endpoint: z.url().optional().describe('S3 endpoint URL (MinIO, Ceph RGW, ...); AWS when unset. Env EOHUB_STORAGE_S3_ENDPOINT.'),
        region: z.string().min(1).default('us-east-1').describe('Region of the bucket. Env EOHUB_STORAGE_S3_REGION.'),
        bucket: z.string().min(3).default('eohub').describe('Bucket holding the products. Env EOHUB_STORAGE_S3_BUCKET.'),
        prefix: z.string().default('').describe('Key prefix inside the bucket. Env EOHUB_STORAGE_S3_PREFIX.'),
        accessKeyId: z
          .string()
          .optional()
          .describe("Access key id; the AWS SDK's default credential chain when unset. Env EOHUB_STORAGE_S3_ACCESS_KEY_ID."),
        secretAccessKey: z
          .string()
          .optional()
          .describe('Secret access key. A secret: never logged. Env EOHUB_STORAGE_S3_SECRET_ACCESS_KEY.'),
        forcePathStyle: z
          .boolean()
          .default(true)
          .describe(
            'Path-style URLs (http://host/bucket/key), which most S3-compatible servers need. Env EOHUB_STORAGE_S3_FORCE_PATH_STYLE (true/false).',
          ),
        maxAttempts: z.coerce
          .number()
          .int()
          .min(1)
          .max(20)
          .default(5)
          .describe('Attempts per request, with backoff, before an S3 error is returned. Env EOHUB_STORAGE_S3_MAX_ATTEMPTS.'),
      })
      .prefault({})
      .describe('S3 store settings (storage.backend = s3)'),
  })
  .prefault({})
  .describe('Product storage');
