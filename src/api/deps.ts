import type { HubConfig } from '../config/index.ts';
import type { StacService } from '../stac/index.ts';
import type { Downloadable, ProductNode } from '../download/index.ts';
import type { HubStatus } from '../status/index.ts';
import type { ODataCatalogue } from '../odata/index.ts';
import type { QuicklookFile } from '../catalog/index.ts';
import type { RawRestoQuery } from '../query/index.ts';
import type { RestoResult } from '../resto/index.ts';
import type { DhusService } from '../dhus/index.ts';
import type { Actor, AuthService } from '../auth/index.ts';
import type { AccessService } from '../access/index.ts';
import type { OrderService } from '../archive/index.ts';
import type { JobAdmin } from '../jobs/index.ts';
import type { HubMetrics } from '../metrics/index.ts';
import type { QuotaService } from '../quotas/index.ts';
import type { S3Service } from '../s3/index.ts';

/**
 * What handlers may use: capability functions bound to the hub's dependencies. Handlers never see the
 * database or stores directly (the HTTP layer writes no SQL). Every catalogue read takes the request's
 * actor (`request.actor`), whose access scope decides what it sees.
 */
export interface ApiDeps {
  config: HubConfig;
  /** Identity: tokens, JWKS, actor resolution and user administration (auth/index.ts). */
  auth: AuthService;
  /** Access policies per collection: scopes of actors, and their administration (access/index.ts). */
  access: AccessService;
  /** The OData catalogue (api/odata/plugin.ts). */
  odata: ODataCatalogue;
  /** /health: the product count is what the caller may see. */
  status(actor: Actor): Promise<HubStatus & { demo?: { state: string; done: number; total: number } }>;
  /** The DHuS OpenSearch and OData v1 presenter bound to the catalogue (api/dhus/plugin.ts). */
  dhus: DhusService;
  /** The STAC API capability bound to the catalogue. */
  stac: StacService;
  /** Product `$value` and Nodes (download/index.ts). */
  download: {
    openProductPackage(actor: Actor, productId: string): Promise<Downloadable>;
    openProductNode(actor: Actor, productId: string, segments: readonly string[]): Promise<Downloadable>;
    listProductNodes(actor: Actor, productId: string, segments: readonly string[]): Promise<ProductNode[]>;
  };
  /** resto OpenSearch (api/resto/plugin.ts); `collection` is the path segment as the client wrote it. */
  resto: {
    search(actor: Actor, raw: RawRestoQuery, baseUrl: string, collection: string | undefined): Promise<RestoResult>;
    feature(actor: Actor, collection: string, id: string, baseUrl: string): Promise<Record<string, unknown>>;
    describe(actor: Actor, baseUrl: string, collection: string | undefined): Promise<string>;
  };
  /** Quotas, rate limits and usage accounting (quotas/index.ts). */
  quotas: QuotaService;
  /** Prometheus metrics of this hub (metrics/index.ts). */
  metrics: HubMetrics;
  /** Orders of offline products (OData.CSC.Order, DHuS `$value` trigger): archive/index.ts. */
  orders: OrderService;
  /** Job administration for /admin/jobs (jobs/index.ts). */
  jobs: JobAdmin;
  /** OData `Assets(<id>)/$value` (api/odata/assets.ts): the quicklook file an asset id names, or null. */
  assets: { findQuicklook(actor: Actor, assetId: string): Promise<QuicklookFile | null> };
  /** The S3 access API (api/s3/server.ts, its own port) and S3 key administration (api/admin). */
  s3: S3Service;
}
