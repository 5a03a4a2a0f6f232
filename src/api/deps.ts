import type { HubConfig } from '../config/index.ts';
import type { StacService } from '../stac/index.ts';
import type { Downloadable, ProductNode } from '../download/index.ts';
import type { HubStatus } from '../status/index.ts';
import type { ODataCatalogue } from '../odata/index.ts';
import type { QuicklookFile } from '../catalog/index.ts';
import type { RawRestoQuery } from '../query/index.ts';
import type { RestoResult } from '../resto/index.ts';
import type { DhusService } from '../dhus/index.ts';
import type { AuthService } from '../auth/index.ts';
import type { HubMetrics } from '../metrics/index.ts';
import type { QuotaService } from '../quotas/index.ts';

/**
 * What handlers may use: capability functions bound to the hub's dependencies. Handlers never see the
 * database or stores directly (the HTTP layer writes no SQL).
 */
export interface ApiDeps {
  config: HubConfig;
  /** Identity: tokens, JWKS, actor resolution and user administration (auth/index.ts). */
  auth: AuthService;
  /** The OData catalogue (api/odata/plugin.ts). */
  odata: ODataCatalogue;
  status(): Promise<HubStatus & { demo?: { state: string; done: number; total: number } }>;
  /** The DHuS OpenSearch and OData v1 presenter bound to the catalogue (api/dhus/plugin.ts). */
  dhus: DhusService;
  /** The STAC API capability bound to the catalogue. */
  stac: StacService;
  /** Product `$value` and Nodes (download/index.ts). */
  download: {
    openProductPackage(productId: string): Promise<Downloadable>;
    openProductNode(productId: string, segments: readonly string[]): Promise<Downloadable>;
    listProductNodes(productId: string, segments: readonly string[]): Promise<ProductNode[]>;
  };
  /** resto OpenSearch (api/resto/plugin.ts); `collection` is the path segment as the client wrote it. */
  resto: {
    search(raw: RawRestoQuery, baseUrl: string, collection: string | undefined): Promise<RestoResult>;
    feature(collection: string, id: string, baseUrl: string): Promise<Record<string, unknown>>;
    describe(baseUrl: string, collection: string | undefined): Promise<string>;
  };
  /** Quotas, rate limits and usage accounting (quotas/index.ts). */
  quotas: QuotaService;
  /** Prometheus metrics of this hub (metrics/index.ts). */
  metrics: HubMetrics;
  /** OData `Assets(<id>)/$value` (api/odata/assets.ts): the quicklook file an asset id names, or null. */
  assets: { findQuicklook(assetId: string): Promise<QuicklookFile | null> };
}
