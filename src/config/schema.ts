import { z } from 'zod';
import { accessSchema, accessViewSchema, authSchema, corsSchema } from './access-schema.ts';
import { portalSchema, s3ApiSchema, stacSchema } from './apis-schema.ts';
import { archiveSchema, evictionPolicySchema } from './archive-schema.ts';
import { demoSchema, ingestSchema } from './ingest-schema.ts';
import { jobsSchema } from './jobs-schema.ts';
import { metricsSchema, quotasSchema } from './quotas-schema.ts';
import { storageSchema } from './storage-schema.ts';

// The pieces importers used before the sections had modules of their own.
export { accessViewSchema, evictionPolicySchema };

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
    databasePreparedStatements: z
      .boolean()
      .default(true)
      .describe(
        'On PostgreSQL, prepare searches whose one plan serves every value (a small box and time window in one Sentinel collection) once per connection, instead of planning each. Turn off behind a pooler that cannot keep prepared statements (PgBouncer in transaction mode before 1.21). Env EOHUB_DATABASE_PREPARED_STATEMENTS (true/false).',
      ),
    host: z.string().min(1).default('0.0.0.0').describe('Address the HTTP server listens on. Env EOHUB_HOST.'),
    port: z.coerce.number().int().min(0).max(65535).default(8080).describe('HTTP port. Env EOHUB_PORT.'),
    cors: corsSchema,
    serveProcesses: z.coerce
      .number()
      .int()
      .min(1)
      .max(64)
      .default(1)
      .describe(
        '`eohub serve` processes answering on the one port (node:cluster); more than one needs PostgreSQL, since the embedded database opens in one process only. About one per core. Env EOHUB_SERVE_PROCESSES, flag --processes.',
      ),
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
    demo: demoSchema,
    ingest: ingestSchema,
    stac: stacSchema,
    jobs: jobsSchema,
    archive: archiveSchema,
    auth: authSchema,
    portal: portalSchema,
    quotas: quotasSchema,
    metrics: metricsSchema,
    s3: s3ApiSchema,
    storage: storageSchema,
    access: accessSchema,
  })
  .strict()
  .superRefine((c, issues) => {
    // Two stores in one bucket must not see each other's keys (a listing or a prefix delete of one would reach the other).
    if (c.storage.backend !== 's3' || c.archive.backend !== 's3') return;
    const sameBucket =
      (c.archive.s3.endpoint ?? c.storage.s3.endpoint) === c.storage.s3.endpoint && c.archive.s3.bucket === c.storage.s3.bucket;
    const root = (prefix: string): string => prefix.replace(/^\/+|\/+$/g, '');
    const [a, b] = [root(c.archive.s3.prefix), root(c.storage.s3.prefix)];
    if (sameBucket && (a === b || a === '' || b === '' || a.startsWith(`${b}/`) || b.startsWith(`${a}/`))) {
      issues.addIssue({
        code: 'custom',
        path: ['archive', 's3', 'prefix'],
        message: "the archive shares the online store's bucket: give each its own prefix, neither inside the other",
      });
    }
  });

export type HubConfig = Readonly<z.infer<typeof configSchema>>;
export type ConfigInput = z.input<typeof configSchema>;
export type EvictionPolicy = z.infer<typeof evictionPolicySchema>;
export type AccessView = z.infer<typeof accessViewSchema>;
