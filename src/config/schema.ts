import { z } from 'zod';
import { metricsSchema, quotasSchema } from './quotas-schema.ts';

/**
 * A portal view (access/views.ts): the collections a hub shows to requests that arrive on one of its host
 * names. Host names are compared without port and case; a collection entry may end in `*` (a name prefix),
 * so that a view keeps covering collections created later.
 */
export const accessViewSchema = z
  .object({
    name: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'a view name: lower-case letters, digits and hyphens')
      .describe('Name of the view, as logs and metrics show it.'),
    hosts: z
      .array(
        z
          .string()
          .regex(/^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*$/, 'a host name without port')
          .transform((h) => h.toLowerCase()),
      )
      .min(1)
      .describe('Host names (Host or X-Forwarded-Host, without port) whose requests enter this view.'),
    collections: z
      .array(z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:-]*\*?$|^\*$/, 'a collection name, or a name prefix ending in *'))
      .min(1)
      .describe('Collections the view exposes: names, or prefixes ending in `*` (`SENTINEL-3*`).'),
    publicUrl: z
      .url()
      .optional()
      .describe('Base URL of links in responses through this view; by default the request\'s own scheme and host.'),
  })
  .strict();

function checkViewsDistinct(views: readonly z.infer<typeof accessViewSchema>[], ctx: z.RefinementCtx): void {
  const names = new Set<string>();
  const hosts = new Map<string, string>();
  for (const [i, view] of views.entries()) {
    if (names.has(view.name)) ctx.addIssue({ code: 'custom', path: [i, 'name'], message: `two views are named ${view.name}` });
    names.add(view.name);
    for (const host of view.hosts) {
      const other = hosts.get(host);
      if (other !== undefined && other !== view.name)
        ctx.addIssue({ code: 'custom', path: [i, 'hosts'], message: `host ${host} is in views ${other} and ${view.name}` });
      hosts.set(host, view.name);
    }
  }
}

/** How long online copies of a collection are kept (archive/eviction.ts). */
export const evictionPolicySchema = z.discriminatedUnion('policy', [
  z.object({ policy: z.literal('never') }).strict(),
  z.object({ policy: z.literal('daysAfterPublication'), days: z.number().min(0) }).strict(),
  z.object({ policy: z.literal('daysSinceAccess'), days: z.number().min(0) }).strict(),
  z.object({ policy: z.literal('newestBytes'), bytes: z.number().int().min(0) }).strict(),
]);

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
    cors: z
      .object({
        origins: z
          .array(z.string().min(1))
          .default(['*'])
          .describe(
            "Origins allowed to call the CDSE-style APIs from a browser (CORS), as CDSE's browser apps call them: OData, resto OpenSearch, the token endpoint, OIDC discovery and JWKS; `*` allows any, `[]` none. STAC has its own list (stac.corsOrigins); DHuS, the S3 API and the admin API never answer CORS. Env EOHUB_CORS_ORIGINS (comma-separated).",
          ),
      })
      .prefault({})
      .describe('CORS of the browser-facing APIs besides STAC'),
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
      .describe('STAC API'),
    jobs: z
      .object({
        inProcessWorker: z
          .boolean()
          .default(true)
          .describe(
            'Run a job worker inside `eohub serve` (the embedded database allows no other process); with PostgreSQL, `eohub worker` processes can take over. Env EOHUB_JOBS_IN_PROCESS_WORKER (true/false).',
          ),
        concurrency: z.coerce.number().int().min(1).max(64).default(2).describe('Jobs one worker runs at once. Env EOHUB_JOBS_CONCURRENCY.'),
        leaseMs: z.coerce
          .number()
          .int()
          .min(100)
          .max(3_600_000)
          .default(30_000)
          .describe(
            "How long a worker holds a job between heartbeats, in ms; a dead worker's job is taken over after it runs out. Env EOHUB_JOBS_LEASE_MS.",
          ),
        pollMs: z.coerce.number().int().min(10).max(60_000).default(1000).describe('Wait between polls of an empty queue, in ms. Env EOHUB_JOBS_POLL_MS.'),
        backoffBaseMs: z.coerce
          .number()
          .int()
          .min(0)
          .max(3_600_000)
          .default(5000)
          .describe('First retry delay of a failed job, doubled at every further attempt, in ms. Env EOHUB_JOBS_BACKOFF_BASE_MS.'),
      })
      .prefault({})
      .describe('Job runner'),
    archive: z
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
            endpoint: z.url().optional().describe('S3 endpoint URL of the archive; storage.s3.endpoint when unset. Env EOHUB_ARCHIVE_S3_ENDPOINT.'),
            region: z.string().min(1).optional().describe('Region of the archive bucket; storage.s3.region when unset. Env EOHUB_ARCHIVE_S3_REGION.'),
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
              .describe('Path-style URLs for the archive; storage.s3.forcePathStyle when unset. Env EOHUB_ARCHIVE_S3_FORCE_PATH_STYLE (true/false).'),
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
          .describe('Orders a user may have queued or in progress at once; more answer 429 (CDSE allows 1). Env EOHUB_ARCHIVE_MAX_OPEN_ORDERS_PER_USER.'),
        restoreBytesPerSecond: z.coerce
          .number()
          .min(0)
          .default(0)
          .describe('Pace of archive → online copies in bytes/s, 0 for unpaced; also the basis of orders\' estimated dates. Env EOHUB_ARCHIVE_RESTORE_BYTES_PER_SECOND.'),
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
          .describe('Products whose copies one fixity round checks (least recently verified first). Env EOHUB_ARCHIVE_FIXITY_PRODUCTS_PER_ROUND.'),
        fixityBytesPerSecond: z.coerce
          .number()
          .min(0)
          .default(50 * 1024 * 1024)
          .describe('Read pace of fixity audits in bytes/s so that they never starve users; 0 for unpaced. Env EOHUB_ARCHIVE_FIXITY_BYTES_PER_SECOND.'),
      })
      .prefault({})
      .describe('Long-term archive: tiers, eviction, orders, restore, fixity'),
    auth: z
      .object({
        realm: z
          .string()
          .regex(/^[A-Za-z0-9_-]{1,64}$/)
          .default('eohub')
          .describe('Realm in the Keycloak-style token URLs (/auth/realms/<realm>/protocol/openid-connect/token). Env EOHUB_AUTH_REALM.'),
        audience: z.string().min(1).default('eohub').describe('`aud` of the access tokens the hub issues. Env EOHUB_AUTH_AUDIENCE.'),
        accessTokenTtlS: z.coerce
          .number()
          .int()
          .min(30)
          .max(86_400)
          .default(600)
          .describe('Lifetime of access tokens in seconds (CDSE: 600). Env EOHUB_AUTH_ACCESS_TOKEN_TTL_S.'),
        refreshTokenTtlS: z.coerce
          .number()
          .int()
          .min(60)
          .max(90 * 86_400)
          .default(3600)
          .describe(
            'Lifetime of refresh tokens in seconds (CDSE: 3600); each refresh rotates the token. Env EOHUB_AUTH_REFRESH_TOKEN_TTL_S.',
          ),
        signingAlg: z
          .enum(['ES256', 'RS256'])
          .default('ES256')
          .describe('Algorithm of the signing keys the hub generates (new keys only). Env EOHUB_AUTH_SIGNING_ALG.'),
        maxFailuresPerUser: z.coerce
          .number()
          .int()
          .min(1)
          .default(10)
          .describe('Failed sign-ins for one username within the window before it is locked (429). Env EOHUB_AUTH_MAX_FAILURES_PER_USER.'),
        maxFailuresPerAddress: z.coerce
          .number()
          .int()
          .min(1)
          .default(50)
          .describe(
            'Failed sign-ins from one client address within the window before it is locked (429). Env EOHUB_AUTH_MAX_FAILURES_PER_ADDRESS.',
          ),
        failureWindowMs: z.coerce
          .number()
          .int()
          .min(1000)
          .default(15 * 60_000)
          .describe('Window over which failed sign-ins are counted, in ms. Env EOHUB_AUTH_FAILURE_WINDOW_MS.'),
        userCacheMs: z.coerce
          .number()
          .int()
          .min(0)
          .max(300_000)
          .default(5000)
          .describe("How long a user's state (disabled, roles) is reused when resolving a token, in ms. Env EOHUB_AUTH_USER_CACHE_MS."),
        adminPassword: z
          .string()
          .min(8)
          .optional()
          .describe(
            'Password of the first admin (user `admin`), created when no admin exists; when unset a generated password is printed once. A secret: never logged. Env EOHUB_ADMIN_PASSWORD.',
          ),
        external: z
          .object({
            issuer: z.string().min(1).describe("`iss` of the external provider's tokens. Env EOHUB_AUTH_OIDC_ISSUER."),
            jwksUrl: z.url().describe('JWKS URL of the external provider. Env EOHUB_AUTH_OIDC_JWKS_URL.'),
            audience: z.string().min(1).describe('`aud` the external tokens must carry. Env EOHUB_AUTH_OIDC_AUDIENCE.'),
            rolesClaim: z
              .string()
              .min(1)
              .default('realm_access.roles')
              .describe('Dotted path of the claim listing roles. Env EOHUB_AUTH_OIDC_ROLES_CLAIM.'),
            groupsClaim: z
              .string()
              .min(1)
              .default('groups')
              .describe('Dotted path of the claim listing groups. Env EOHUB_AUTH_OIDC_GROUPS_CLAIM.'),
            usernameClaim: z
              .string()
              .min(1)
              .default('preferred_username')
              .describe('Claim holding the username. Env EOHUB_AUTH_OIDC_USERNAME_CLAIM.'),
            jwksCooldownMs: z.coerce
              .number()
              .int()
              .min(0)
              .max(3_600_000)
              .default(30_000)
              .describe(
                "Least time between two fetches of the provider's JWKS when tokens name unknown keys, in ms (protects the provider from random kids). Env EOHUB_AUTH_OIDC_JWKS_COOLDOWN_MS.",
              ),
          })
          .optional()
          .describe("Trust tokens of an external OpenID Connect provider besides the hub's own"),
      })
      .prefault({})
      .describe('Accounts and tokens'),
    portal: z
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
      .describe('Web portal'),
    quotas: quotasSchema,
    metrics: metricsSchema,
    s3: z
      .object({
        enabled: z
          .boolean()
          .default(true)
          .describe('Serve the read-only S3 access API (bucket `eodata`) on its own port with `eohub serve`. Env EOHUB_S3_ENABLED (true/false).'),
        port: z.coerce.number().int().min(0).max(65535).default(8081).describe('Port of the S3 access API. Env EOHUB_S3_PORT.'),
        accessKeyId: z
          .string()
          .regex(/^[A-Z0-9]{16,128}$/, 'must be 16 to 128 upper-case letters and digits, as AWS access key ids are')
          .optional()
          .describe(
            "Access key id preset for the first admin (with secretAccessKey), as object stores let operators preset root credentials. Env EOHUB_S3_ACCESS_KEY_ID.",
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
      .describe('S3 access API (in-cloud access to the archive layout, like CDSE eodata)'),
    storage: z
      .object({
        backend: z
          .enum(['fs', 's3'])
          .default('fs')
          .describe('Where the online store keeps product files: the filesystem (storageDir) or an S3-compatible service. Env EOHUB_STORAGE_BACKEND.'),
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
            secretAccessKey: z.string().optional().describe('Secret access key. A secret: never logged. Env EOHUB_STORAGE_S3_SECRET_ACCESS_KEY.'),
            forcePathStyle: z
              .boolean()
              .default(true)
              .describe('Path-style URLs (http://host/bucket/key), which most S3-compatible servers need. Env EOHUB_STORAGE_S3_FORCE_PATH_STYLE (true/false).'),
            maxAttempts: z.coerce.number().int().min(1).max(20).default(5).describe('Attempts per request, with backoff, before an S3 error is returned. Env EOHUB_STORAGE_S3_MAX_ATTEMPTS.'),
          })
          .prefault({})
          .describe('S3 store settings (storage.backend = s3)'),
      })
      .prefault({})
      .describe('Product storage'),
    access: z
      .object({
        defaultPolicy: z
          .enum(['public', 'registered'])
          .default('registered')
          .describe(
            'Policy of collections that set none: `registered` (as CDSE: anyone searches, downloads need a login) or `public`. Restricted collections are set per collection (`eohub admin collection access`). Env EOHUB_ACCESS_DEFAULT_POLICY.',
          ),
        cacheMs: z.coerce
          .number()
          .int()
          .min(0)
          .max(300_000)
          .default(5000)
          .describe(
            "How long the collections' access policies are reused before they are read again, in ms; changes through this process apply at once, other processes see them after this. Env EOHUB_ACCESS_CACHE_MS.",
          ),
        views: z
          .array(accessViewSchema)
          .superRefine(checkViewsDistinct)
          .default([])
          .describe(
            'Portal views (none by default): each exposes only some collections to requests arriving on its host names (Host header), in every API; a view only narrows what the collection policies allow. Env EOHUB_ACCESS_VIEWS (JSON array of {name, hosts, collections, publicUrl?}).',
          ),
      })
      .prefault({})
      .describe('Access policies'),
  })
  .strict()
  .superRefine((c, issues) => {
    // Two stores in one bucket must not see each other's keys (a listing or a prefix delete of one would reach the other).
    if (c.storage.backend !== 's3' || c.archive.backend !== 's3') return;
    const sameBucket = (c.archive.s3.endpoint ?? c.storage.s3.endpoint) === c.storage.s3.endpoint && c.archive.s3.bucket === c.storage.s3.bucket;
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
