import type { HubConfig } from '../config/index.ts';
import type { Downloadable, ProductNode } from '../download/index.ts';
import type { HubStatus } from '../status/index.ts';

/**
 * What handlers may use: capability functions bound to the hub's dependencies. Handlers never see the
 * database or stores directly (the HTTP layer writes no SQL).
 */
export interface ApiDeps {
  config: HubConfig;
  status(): Promise<HubStatus & { demo?: { state: string; done: number; total: number } }>;
  /** Product `$value` and Nodes (download/index.ts). */
  download: {
    openProductPackage(productId: string): Promise<Downloadable>;
    openProductNode(productId: string, segments: readonly string[]): Promise<Downloadable>;
    listProductNodes(productId: string, segments: readonly string[]): Promise<ProductNode[]>;
  };
}
