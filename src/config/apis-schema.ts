import { z } from 'zod';

/**
 * The interfaces served with settings of their own (schema.ts includes them): the STAC API, the web portal,
 * and the read-only S3 access API, which is not the S3 service a store may use (storage.s3, archive.s3).
 */
export const stacSchema = z
  .object({
    defaultLimit: z.coerce
      .number()
      .int()
      .min(1)
      .max(10_000)
      .default(10)
      .describe('Items per page of /stac/search and item lists when the request gives no limit. Env EOHUB_STAC_DEFAULT_LIMIT.'),
    maxLimit: z.coerce
      .number()
      .int()
      .min(1)
      .max(10_000)
      .default(10_000)
      .describe('Largest page; a larger limit is clamped to it, as the STAC API item-search spec asks. Env EOHUB_STAC_MAX_LIMIT.'),
    transactions: z
      .boolean()
      .default(false)
      .describe(
        'Enable the STAC transaction extensions (create, replace, patch and delete items and collections). Only admins may write. Env EOHUB_STAC_TRANSACTIONS (true/false).',
      ),
    statsTtlMs: z.coerce
      .number()
      .int()
      .min(0)
      .max(3_600_000)
      .default(30_000)
      .describe(
        'How long collection extents and summaries (aggregates over all products of a collection) are reused before they are computed again, in ms; 0 computes them on every request. Env EOHUB_STAC_STATS_TTL_MS.',
      ),
    corsOrigins: z
      .array(z.string().min(1))
      .default(['*'])
      .describe(
        'Origins allowed to call the STAC API from a browser (CORS); `*` allows any. Env EOHUB_STAC_CORS_ORIGINS (comma-separated).',
      ),
  })
  .prefault({})
  .describe('STAC API');

export const portalSchema = z
  .object({
    enabled: z.boolean().default(true).describe('Serve the web portal at `/`. Env EOHUB_PORTAL_ENABLED (true/false).'),
    baseLayerUrl: z
      .string()
      .regex(/^https?:\/\//, 'must be an http(s) URL template')
      .optional()
      .describe(
        'Raster base layer of the portal map, an XYZ or WMTS (REST) URL template with {z}/{x}/{y}; without it the map shows only country borders and needs no other host. Env EOHUB_PORTAL_BASE_LAYER_URL.',
      ),
    baseLayerAttribution: z
      .string()
      .optional()
      .describe('Attribution shown under the raster base layer. Env EOHUB_PORTAL_BASE_LAYER_ATTRIBUTION.'),
  })
  .prefault({})
  .describe('Web portal');

export const s3ApiSchema = z
  .object({
    enabled: z
      .boolean()
      .default(true)
      .describe(
        'Serve the read-only S3 access API (bucket `eodata`) on its own port with `eohub serve`. Env EOHUB_S3_ENABLED (true/false).',
      ),
    port: z.coerce.number().int().min(0).max(65535).default(8081).describe('Port of the S3 access API. Env EOHUB_S3_PORT.'),
    accessKeyId: z
      .string()
      .regex(/^[A-Z0-9]{16,128}$/, 'must be 16 to 128 upper-case letters and digits, as AWS access key ids are')
      .optional()
      .describe(
        'Access key id preset for the first admin (with secretAccessKey), as object stores let operators preset root credentials. Env EOHUB_S3_ACCESS_KEY_ID.',
      ),
    secretAccessKey: z
      .string()
      .min(16)
      .max(128)
      .optional()
      .describe('Secret of the preset admin key pair. A secret: never logged. Env EOHUB_S3_SECRET_ACCESS_KEY.'),
    secretsKey: z
      .string()
      .regex(/^[A-Za-z0-9+/_-]{43}=?$/, 'must be 32 bytes in base64')
      .optional()
      .describe(
        'Key (32 bytes, base64) encrypting the stored S3 secrets; defaults to a key generated into <dataDir>/s3-secrets.key. Set it when several hosts share one PostgreSQL. A secret: never logged. Env EOHUB_S3_SECRETS_KEY.',
      ),
  })
  .refine((s) => (s.accessKeyId === undefined) === (s.secretAccessKey === undefined), {
    message: 'accessKeyId and secretAccessKey are set together',
  })
  .prefault({})
  .describe('S3 access API (in-cloud access to the archive layout, like CDSE eodata)');
