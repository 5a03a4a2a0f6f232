/**
 * Assembly: buildHub(config) opens the database (migrating it), the stores and the logger, recovers
 * unfinished ingests and builds the HTTP app, exactly as every role (serve, ingest, demo, admin),
 * the tests and the benchmarks use it. Owns nothing persistent.
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { createLogger } from './logger.ts';
import { createServer } from '../api/server.ts';
import { createAccessService, type AccessService } from '../access/index.ts';
import { createAuthService, ensureFirstAdmin, issueLocalAdminKey, type AuthContext, type AuthService } from '../auth/index.ts';
import type { HubConfig } from '../config/index.ts';
import { migrate, openDb, type Db } from '../db/index.ts';
import { listProductNodes, openProductNode, openProductPackage } from '../download/index.ts';
import { recoverIngests, sweepStaging, type IngestContext } from '../ingest/index.ts';
import { createStacService } from '../stac/index.ts';
import { getHubStatus } from '../status/index.ts';
import { bindODataCatalogue } from '../odata/index.ts';
import { findQuicklookByAssetId } from '../catalog/index.ts';
import { describeRestoCollection, getRestoFeature, searchResto } from '../resto/index.ts';
import { bindDhusService } from '../dhus/index.ts';
import { openStores, type Stores } from '../storage/index.ts';
import { createS3Server } from '../api/s3/server.ts';
import { createS3Service, ensurePresetKey, loadSecretsKey, secretBox, type S3Service } from '../s3/index.ts';
import { createMetrics, type HubMetrics } from '../metrics/index.ts';
import { createQuotaService, type QuotaService } from '../quotas/index.ts';
import { bindOrderService, enqueueArchiving, type ArchiveContext } from '../archive/index.ts';
import { bindJobAdmin } from '../jobs/index.ts';

export interface HubDeps {
  config: HubConfig;
  db: Db;
  stores: Stores;
  log: Logger;
  ingest: IngestContext;
  /** Identity: tokens, actor resolution, user administration. */
  auth: AuthService;
  /** Quotas, rate limits and usage accounting. */
  quotas: QuotaService;
  metrics: HubMetrics;
  /** Tiers, eviction, orders, restore and fixity (archive/index.ts); its jobs run in a worker (hub/worker.ts). */
  archive: ArchiveContext;
  /** Access policies per collection. */
  access: AccessService;
  /** In-cloud S3 access and S3 key administration. */
  s3: S3Service;
  /** Progress of the start-up demo load, shown by /health while it runs. */
  demo: { state: 'none' | 'loading' | 'done' | 'failed'; done: number; total: number };
}

export interface Hub {
  app: FastifyInstance;
  /** The S3 access API, listened on by `serve` at s3.port when s3.enabled (tests inject into it). */
  s3App: FastifyInstance;
  deps: HubDeps;
  close(): Promise<void>;
}

/** Where `serve` leaves a local admin credential for the admin CLI (mode 0600; see cli/admin-users.ts). */
export function localAdminCredentialPath(config: HubConfig): string {
  return join(resolve(config.dataDir), 'admin-credential.json');
}

export async function buildHub(config: HubConfig, options: { log?: Logger; db?: Db; clock?: () => number } = {}): Promise<Hub> {
  const log = options.log ?? createLogger(config);
  const db = options.db ?? (await openDb(config));
  try {
    const { applied } = await migrate(db);
    if (applied.length > 0) log.info({ applied }, 'database migrated');
    const stores = openStores(config);
    const ingest: IngestContext = {
      db,
      stores,
      stagingDir: join(resolve(config.dataDir), 'staging'),
      limits: { maxProductBytes: config.ingest.maxProductBytes, maxFiles: config.ingest.maxFiles },
      onRegistered: enqueueArchiving,
    };
    const recovered = { ...(await recoverIngests(db, stores, config.ingest.staleAfterMs)), staging: await sweepStaging(ingest.stagingDir) };
    if (recovered.undone.length + recovered.swept.length + recovered.staging.length > 0) {
      log.warn(recovered, 'cleaned up after interrupted ingests');
    }
    const authContext: AuthContext = {
      db,
      settings: config.auth,
      baseUrl: config.publicUrl ?? `http://localhost:${config.port}`,
      clock: options.clock ?? Date.now,
    };
    const firstAdmin = await ensureFirstAdmin(authContext, config.auth.adminPassword);
    if (firstAdmin.generatedPassword !== undefined) {
      // Printed once, on the terminal only: never through the logger, never again.
      process.stderr.write(
        `eohub: created the first admin: user "admin", password ${firstAdmin.generatedPassword} (shown once; change it with \`eohub admin user passwd admin\`)\n`,
      );
    }
    const auth = createAuthService(authContext);
    const quotas = createQuotaService({ db, settings: config.quotas, clock: authContext.clock });
    const metrics = createMetrics();
    const access = createAccessService(db, config.access, options.clock);
    const scopes = access.scopeFor;
    const archive: ArchiveContext = { db, stores, log, settings: config.archive };
    const orders = bindOrderService(archive, scopes);
    const box = secretBox(await loadSecretsKey(config.s3.secretsKey, join(resolve(config.dataDir), 's3-secrets.key')));
    // A GetObject is a download: it counts as an access for eviction by last access, as downloads do.
    const s3 = createS3Service({ db, stores, box, users: auth.users, clock: authContext.clock, scopes, onRead: orders.touch });
    const { accessKeyId, secretAccessKey } = config.s3;
    await ensurePresetKey(
      { db, box, users: auth.users, clock: authContext.clock },
      accessKeyId !== undefined && secretAccessKey !== undefined ? { accessKeyId, secretAccessKey } : undefined,
    );
    const deps: HubDeps = { config, db, stores, log, ingest, auth, access, archive, quotas, metrics, s3, demo: { state: 'none', done: 0, total: 0 } };
    const content = { db, stores };
    const app = await createServer(
      {
        config,
        auth,
        quotas,
        metrics,
        access,
        odata: bindODataCatalogue(db, scopes),
        dhus: bindDhusService(db, scopes),
        status: async (actor) => ({ ...(await getHubStatus(db, await scopes(actor))), ...(deps.demo.state === 'none' ? {} : { demo: { ...deps.demo } }) }),
        stac: createStacService(db, { transactions: config.stac.transactions, statsTtlMs: config.stac.statsTtlMs }, scopes),
        resto: {
          search: async (actor, raw, baseUrl, collection) => searchResto(db, await scopes(actor), raw, baseUrl, collection),
          feature: async (actor, collection, id, baseUrl) => getRestoFeature(db, await scopes(actor), collection, id, baseUrl),
          describe: async (actor, baseUrl, collection) => describeRestoCollection(db, await scopes(actor), baseUrl, collection),
        },
        assets: { findQuicklook: async (actor, assetId) => findQuicklookByAssetId(db, assetId, await scopes(actor)) },
        orders,
        jobs: bindJobAdmin(db),
        s3,
        download: {
          // A download counts as an access for eviction by last access (archive/eviction.ts).
          openProductPackage: async (actor, id) => {
            const d = await openProductPackage(content, await scopes(actor), id);
            await orders.touch(id);
            return d;
          },
          openProductNode: async (actor, id, segments) => {
            const d = await openProductNode(content, await scopes(actor), id, segments);
            await orders.touch(id);
            return d;
          },
          listProductNodes: async (actor, id, segments) => listProductNodes(content, await scopes(actor), id, segments),
        },
      },
      log,
    );
    // A server listening on the embedded database holds its lock, so the admin CLI calls this server's
    // admin API with a key written here (owner-only) and replaced on every start.
    const credentialPath = localAdminCredentialPath(config);
    let wroteCredential = false;
    app.addHook('onListen', async () => {
      const key = await issueLocalAdminKey(authContext);
      const address = app.server.address();
      if (!key || address === null || typeof address === 'string') return;
      const host =
        address.family === 'IPv6'
          ? address.address === '::'
            ? '[::1]'
            : `[${address.address}]`
          : address.address === '0.0.0.0'
            ? '127.0.0.1'
            : address.address;
      await rm(credentialPath, { force: true });
      // On PostgreSQL nothing else may have created the data folder yet.
      await mkdir(dirname(credentialPath), { recursive: true });
      await writeFile(credentialPath, JSON.stringify({ url: `http://${host}:${address.port}`, apiKey: key, pid: process.pid }), {
        mode: 0o600,
      });
      wroteCredential = true;
    });
    const s3App = await createS3Server(s3, { quotas, metrics }, log, config.access.views);
    return {
      app,
      s3App,
      deps,
      async close() {
        if (wroteCredential) await rm(credentialPath, { force: true });
        await app.close();
        await s3App.close();
        if (!options.db) await db.close();
      },
    };
  } catch (error) {
    if (!options.db) await db.close().catch(() => undefined);
    throw error;
  }
}
