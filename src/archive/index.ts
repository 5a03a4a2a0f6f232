/**
 * Long-term archive: the two storage tiers of every product (online cache, archive), eviction of online
 * copies by per-collection policy, users' orders of offline products, restores from the archive, and
 * paced fixity audits that repair a damaged copy from the other tier.
 *
 * Tables: product_copies, orders, fixity_checks (migration 0011). Jobs: archive.copy (enqueued by
 * ingest with the product row), archive.backfill, archive.evict and archive.fixity (scheduled),
 * archive.restore (enqueued by orders). Events: product.archived, product.evicted, product.restored,
 * product.fixity_failed, product.repaired.
 */
import type { AccessScope } from '../access/index.ts';
import type { Actor } from '../auth/index.ts';
import type { JobHandler, ScheduledJob } from '../jobs/index.ts';
import { runArchiveBackfill, runArchiveCopy } from './archiving.ts';
import { ARCHIVE_JOBS, type ArchiveContext } from './context.ts';
import { runEviction, touchOnlineCopy } from './eviction.ts';
import { runFixityRound } from './fixity.ts';
import { cancelOrder, getOrder, listOrders, placeOrders, type Order, type OrderRequest } from './orders.ts';
import { runRestore } from './restore.ts';

export { ARCHIVE_JOBS, type ArchiveContext } from './context.ts';
export { ARCHIVE_ERRORS } from './errors.ts';
export { enqueueArchiving, runArchiveBackfill, runArchiveCopy } from './archiving.ts';
export { evictProduct, policyFor, runEviction, touchOnlineCopy } from './eviction.ts';
export { runFixityRound, type FixityResult } from './fixity.ts';
export { cancelOrder, getOrder, listOrders, placeOrders, ORDER_STATUSES, type Order, type OrderRequest, type OrderStatus } from './orders.ts';
export { runRestore } from './restore.ts';
export { listCopies, manifestChecksum, type ProductCopy, type Tier } from './copies.ts';

/** The archive's job handlers, by kind, for a worker. */
export function archiveJobHandlers(ctx: ArchiveContext): Record<string, JobHandler> {
  return {
    [ARCHIVE_JOBS.COPY]: (job, run) => runArchiveCopy(ctx, job, run),
    [ARCHIVE_JOBS.BACKFILL]: () => runArchiveBackfill(ctx),
    [ARCHIVE_JOBS.EVICT]: () => runEviction(ctx),
    [ARCHIVE_JOBS.RESTORE]: (job, run) => runRestore(ctx, job, run),
    [ARCHIVE_JOBS.FIXITY]: async (_job, run) => {
      const results = await runFixityRound(ctx, { signal: run.signal });
      return { checked: results.length, damaged: results.filter((r) => !r.ok).length, repaired: results.filter((r) => r.repaired).length };
    },
  };
}

/** The archive's periodic jobs. */
export function archiveSchedules(settings: ArchiveContext['settings']): ScheduledJob[] {
  return [
    { kind: ARCHIVE_JOBS.EVICT, intervalMs: settings.evictionIntervalMs },
    { kind: ARCHIVE_JOBS.FIXITY, intervalMs: settings.fixityIntervalMs },
    // Picks up products catalogued before the archive existed (and any whose archiving job was lost).
    { kind: ARCHIVE_JOBS.BACKFILL, intervalMs: 24 * 3_600_000 },
  ];
}

/** Orders as the HTTP layer sees them, bound to the hub. */
export interface OrderService {
  place(actor: Actor, request: OrderRequest): Promise<Order[]>;
  list(actor: Actor, options?: { limit?: number; skip?: number }): Promise<Order[]>;
  get(actor: Actor, orderId: string): Promise<Order>;
  cancel(actor: Actor, orderId: string): Promise<Order>;
  /** Notes a download of an online product (eviction by last access). */
  touch(productId: string): Promise<void>;
}

export function bindOrderService(ctx: ArchiveContext, scopes: (actor: Actor) => Promise<AccessScope>): OrderService {
  return {
    place: async (actor, request) => placeOrders(ctx, await scopes(actor), request),
    list: (actor, options) => listOrders(ctx, actor, options),
    get: (actor, id) => getOrder(ctx, actor, id),
    cancel: (actor, id) => cancelOrder(ctx, actor, id),
    touch: (id) => touchOnlineCopy(ctx, id),
  };
}
