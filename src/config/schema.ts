import { z } from 'zod';

/**
 * The one configuration of eohub. Every key has a description: docs/configuration.md is generated from
 * this schema (`npm run docs:config`) and a test fails when it is stale.
 */
export const configSchema = z
  .object({
    dataDir: z
      .string()
      .min(1)
      .default('./data')
      .describe('Folder for the embedded database (PGlite), the filesystem store and staging. Env EOHUB_DATA_DIR.'),
    databaseUrl: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
      .optional()
      .describe('PostgreSQL + PostGIS server to use instead of the embedded PGlite. Env DATABASE_URL or EOHUB_DATABASE_URL.'),
    databaseSchema: z
      .string()
      .regex(/^[a-z_][a-z0-9_]*$/, 'must be a lower-case SQL identifier')
      .default('public')
      .describe('SQL schema holding the catalogue tables (created if missing). Env EOHUB_DATABASE_SCHEMA.'),
    host: z.string().min(1).default('0.0.0.0').describe('Address the HTTP server listens on. Env EOHUB_HOST.'),
    port: z.coerce.number().int().min(0).max(65535).default(8080).describe('HTTP port. Env EOHUB_PORT.'),
    publicUrl: z
      .url()
      .optional()
      .describe('Base URL clients reach the hub at, for links in responses; defaults to http://localhost:<port>. Env EOHUB_PUBLIC_URL.'),
    storageDir: z
      .string()
      .optional()
      .describe('Root of the filesystem product store; defaults to <dataDir>/products. Env EOHUB_STORAGE_DIR.'),
    logLevel: z
      .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
      .default('info')
      .describe('Log level. Env EOHUB_LOG_LEVEL.'),
    demo: z
      .object({
        onEmptyStart: z
          .boolean()
          .default(true)
          .describe('Generate and ingest the demo dataset when `serve` starts on an empty catalogue. Env EOHUB_DEMO (true/false).'),
        count: z.coerce.number().int().min(0).max(1_000_000).default(1000).describe('Products in the start-up demo. Env EOHUB_DEMO_COUNT.'),
        seed: z.coerce
          .number()
          .int()
          .default(42)
          .describe('Seed of the demo generator; the same seed gives the same products. Env EOHUB_DEMO_SEED.'),
      })
      .prefault({})
      .describe('Demo dataset'),
    ingest: z
      .object({
        concurrency: z.coerce.number().int().min(1).max(64).default(4).describe('Products ingested at once. Env EOHUB_INGEST_CONCURRENCY.'),
        maxProductBytes: z.coerce
          .number()
          .int()
          .positive()
          .default(64 * 1024 ** 3)
          .describe('Largest product (uncompressed) accepted; protects against zip bombs. Env EOHUB_INGEST_MAX_PRODUCT_BYTES.'),
        maxFiles: z.coerce.number().int().positive().default(100_000).describe('Most files in one product. Env EOHUB_INGEST_MAX_FILES.'),
        staleAfterMs: z.coerce
          .number()
          .int()
          .positive()
          .default(6 * 3600_000)
          .describe(
            'An unfinished ingest by another host older than this is considered dead and cleaned up. Env EOHUB_INGEST_STALE_AFTER_MS.',
          ),
      })
      .prefault({})
      .describe('Ingestion'),
    stac: z
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
            'Enable the STAC transaction extensions (create, replace, patch and delete items and collections). There is no authentication yet: enable only on closed networks. Env EOHUB_STAC_TRANSACTIONS (true/false).',
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
      .describe('STAC API'),
  })
  .strict();

export type HubConfig = Readonly<z.infer<typeof configSchema>>;
export type ConfigInput = z.input<typeof configSchema>;
