import { randomUUID } from 'node:crypto';
import type { AccessScope } from '../access/index.ts';
import { scopeCondition } from '../query/index.ts';
import type { Actor } from '../auth/index.ts';
import type { Queryable } from '../db/index.ts';
import { HubError } from '../errors/index.ts';
import { enqueueJob, retryJob } from '../jobs/index.ts';
import { ARCHIVE_JOBS, type ArchiveContext } from './context.ts';
import { ARCHIVE_ERRORS } from './errors.ts';

export const ORDER_STATUSES = ['queued', 'in_progress', 'completed', 'failed', 'cancelled'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** A user's order of a product, shaped after the CSC LTA ICD's Order entity. */
export interface Order {
  id: string;
  productId: string;
  productName: string;
  username: string;
  batchId: string | null;
  status: OrderStatus;
  statusMessage: string;
  priority: number;
  sizeBytes: number;
  submittedAt: string;
  estimatedAt: string | null;
  completedAt: string | null;
  /** When the restored online copy may be evicted again (the product's EvictionDate). */
  evictionDate: string | null;
}

const ORDER_COLUMNS = `o.id, o.product_id, p.name AS product_name, o.username, o.batch_id, o.status, o.status_message, o.priority,
  o.size_bytes, o.submitted_at, o.estimated_at, o.completed_at, CASE WHEN o.status = 'completed' THEN p.eviction_date END AS eviction_date`;

interface OrderRow {
  id: string;
  product_id: string;
  product_name: string;
  username: string;
  batch_id: string | null;
  status: OrderStatus;
  status_message: string;
  priority: number;
  size_bytes: number;
  submitted_at: string;
  estimated_at: string | null;
  completed_at: string | null;
  eviction_date: string | null;
}

function toOrder(r: OrderRow): Order {
  return {
    id: r.id,
    productId: r.product_id,
    productName: r.product_name,
    username: r.username,
    batchId: r.batch_id,
    status: r.status,
    statusMessage: r.status_message,
    priority: r.priority,
    sizeBytes: Number(r.size_bytes),
    submittedAt: r.submitted_at,
    estimatedAt: r.estimated_at,
    completedAt: r.completed_at,
    evictionDate: r.eviction_date,
  };
}

type UserActor = Extract<Actor, { kind: 'user' }>;

function userOf(actor: Actor): UserActor {
  if (actor.kind !== 'user') throw new HubError(ARCHIVE_ERRORS.ORDER_NEEDS_USER, 'unauthenticated', 'sign in to order products');
  return actor;
}

/** Without a measured pace, estimates assume a disk-to-disk copy of 100 MB/s. */
const DEFAULT_RESTORE_BYTES_PER_SECOND = 100e6;

/** Seconds until the restore queue (everything queued or running, plus this product) is through. */
async function estimateSeconds(tx: Queryable, ctx: ArchiveContext, sizeBytes: number): Promise<number> {
  const r = await tx.query<{ bytes: number }>(
    `SELECT coalesce(sum(p.content_length), 0) AS bytes FROM jobs j JOIN products p ON p.id::text = j.payload->>'productId'
     WHERE j.kind = $1 AND j.state IN ('queued', 'running')`,
    [ARCHIVE_JOBS.RESTORE],
  );
  const rate = ctx.settings.restoreBytesPerSecond > 0 ? ctx.settings.restoreBytesPerSecond : DEFAULT_RESTORE_BYTES_PER_SECOND;
  return 1 + (Number(r.rows[0]?.bytes ?? 0) + sizeBytes) / rate;
}

export interface OrderRequest {
  productIds: readonly string[];
  priority?: number;
}

/**
 * Orders products back online: one order per product, all in one transaction that also enqueues (or
 * joins, or revives) each product's restore job. An online product's order completes at once. A user
 * may have `maxOpenOrdersPerUser` orders queued or in progress; a request that would pass that limit
 * is refused whole (429). A product the user has an open order for already gives that order again.
 */
export async function placeOrders(ctx: ArchiveContext, scope: AccessScope, request: OrderRequest): Promise<Order[]> {
  const actor = scope.actor;
  const user = userOf(actor);
  const ids = [...new Set(request.productIds)];
  if (ids.length === 0) throw new HubError(ARCHIVE_ERRORS.ORDER_INVALID, 'invalid', 'an order names at least one product');
  const priority = request.priority ?? 1;
  const batchId = request.productIds.length > 1 ? randomUUID() : null;
  const orderIds = await ctx.db.transaction(async (tx) => {
    // Serialises one user's orders, so that two requests at once cannot both pass the limit.
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`eohub-orders:${user.id}`]);
    // A product of a collection the caller may not see is absent for them, as in every other API.
    const params: unknown[] = [ids];
    const products = await tx.query<{ id: string; online: boolean; content_length: number; eviction_date: string | null; archived: boolean }>(
      `SELECT id, online, content_length, eviction_date,
         EXISTS (SELECT 1 FROM product_copies c WHERE c.product_id = p.id AND c.tier = 'archive' AND c.state = 'present') AS archived
       FROM products p WHERE id = ANY($1::uuid[]) AND ${scopeCondition(scope, params)} FOR SHARE OF p`,
      params,
    );
    const byId = new Map(products.rows.map((p) => [p.id, p]));
    const missing = ids.find((id) => !byId.has(id));
    if (missing) throw new HubError(ARCHIVE_ERRORS.PRODUCT_NOT_FOUND, 'not_found', `no product ${missing}`);
    // Offline products catalogued without their files (a bulk-loaded CDSE listing) have nothing to restore from.
    const unrestorable = products.rows.find((p) => !p.online && !p.archived);
    if (unrestorable) throw new HubError(ARCHIVE_ERRORS.NO_ARCHIVE_COPY, 'unavailable', `product ${unrestorable.id} has no archive copy to restore`);
    // Ordering again what one already waits for (a client polling DHuS's `$value`) gives the same order.
    const reused = new Map(
      (
        await tx.query<{ id: string; product_id: string }>(
          `SELECT id, product_id FROM orders WHERE user_id = $1 AND product_id = ANY($2::uuid[]) AND status IN ('queued', 'in_progress')`,
          [user.id, ids],
        )
      ).rows.map((o) => [o.product_id, o.id]),
    );
    const offline = products.rows.filter((p) => !p.online && !reused.has(p.id)).length;
    const open = await tx.query<{ n: number }>(`SELECT count(*)::int AS n FROM orders WHERE user_id = $1 AND status IN ('queued', 'in_progress')`, [
      user.id,
    ]);
    const limit = ctx.settings.maxOpenOrdersPerUser;
    if ((open.rows[0]?.n ?? 0) + offline > limit) {
      throw new HubError(ARCHIVE_ERRORS.ORDER_LIMIT_REACHED, 'rate_limited', `at most ${limit} open orders per user`, {
        details: { limit },
      });
    }
    const out: string[] = [];
    for (const id of ids) {
      const p = byId.get(id) as (typeof products.rows)[number];
      const existing = reused.get(id);
      if (existing !== undefined) {
        out.push(existing);
        continue;
      }
      const orderId = randomUUID();
      if (p.online) {
        await tx.query(
          `INSERT INTO orders (id, product_id, user_id, username, batch_id, status, status_message, priority, size_bytes, completed_at, estimated_at)
           VALUES ($1, $2, $3, $4, $5, 'completed', 'the product is online', $6, $7, now(), now())`,
          [orderId, id, user.id, user.username, batchId, priority, p.content_length],
        );
      } else {
        let job = await enqueueJob(tx, {
          kind: ARCHIVE_JOBS.RESTORE,
          payload: { productId: id },
          priority,
          timeoutMs: 6 * 3_600_000,
          // One restore per offline period of a product, however many users order it.
          idempotencyKey: `restore:${id}:${p.eviction_date ?? ''}`,
        });
        if (job.state === 'failed' || job.state === 'cancelled') job = await retryJob(tx, job.id);
        const seconds = await estimateSeconds(tx, ctx, p.content_length);
        await tx.query(
          `INSERT INTO orders (id, product_id, user_id, username, batch_id, status, status_message, priority, size_bytes, job_id, estimated_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, now() + $11 * interval '1 second')`,
          [
            orderId,
            id,
            user.id,
            user.username,
            batchId,
            job.state === 'running' ? 'in_progress' : 'queued',
            job.state === 'running' ? 'restoring from the archive' : 'request is queued',
            priority,
            p.content_length,
            job.id,
            seconds,
          ],
        );
      }
      out.push(orderId);
    }
    return out;
  });
  const r = await ctx.db.query<OrderRow>(`SELECT ${ORDER_COLUMNS} FROM orders o JOIN products p ON p.id = o.product_id WHERE o.id = ANY($1::uuid[])`, [orderIds]);
  const byId = new Map(r.rows.map((o) => [o.id, toOrder(o)]));
  return orderIds.map((id) => byId.get(id) as Order);
}

const isAdmin = (actor: UserActor): boolean => actor.roles.includes('admin');

/** The caller's orders (an admin's: everybody's), newest first. */
export async function listOrders(ctx: Pick<ArchiveContext, 'db'>, actor: Actor, options: { limit?: number; skip?: number } = {}): Promise<Order[]> {
  const user = userOf(actor);
  const r = await ctx.db.query<OrderRow>(
    `SELECT ${ORDER_COLUMNS} FROM orders o JOIN products p ON p.id = o.product_id
     WHERE ($1::boolean OR o.user_id = $2) ORDER BY o.submitted_at DESC, o.id LIMIT $3 OFFSET $4`,
    [isAdmin(user), user.id, Math.min(Math.max(options.limit ?? 100, 1), 1000), Math.max(options.skip ?? 0, 0)],
  );
  return r.rows.map(toOrder);
}

export async function getOrder(ctx: Pick<ArchiveContext, 'db'>, actor: Actor, orderId: string): Promise<Order> {
  const user = userOf(actor);
  const r = await ctx.db.query<OrderRow>(
    `SELECT ${ORDER_COLUMNS} FROM orders o JOIN products p ON p.id = o.product_id WHERE o.id = $1 AND ($2::boolean OR o.user_id = $3)`,
    [orderId, isAdmin(user), user.id],
  );
  const row = r.rows[0];
  if (!row) throw new HubError(ARCHIVE_ERRORS.ORDER_NOT_FOUND, 'not_found', `no order ${orderId}`);
  return toOrder(row);
}

/** Cancels an open order; its restore job is cancelled too when no other open order waits for it. */
export async function cancelOrder(ctx: Pick<ArchiveContext, 'db'>, actor: Actor, orderId: string): Promise<Order> {
  const user = userOf(actor);
  await ctx.db.transaction(async (tx) => {
    const r = await tx.query<{ status: OrderStatus; job_id: number | null }>(
      `SELECT status, job_id FROM orders WHERE id = $1 AND ($2::boolean OR user_id = $3) FOR UPDATE`,
      [orderId, isAdmin(user), user.id],
    );
    const o = r.rows[0];
    if (!o) throw new HubError(ARCHIVE_ERRORS.ORDER_NOT_FOUND, 'not_found', `no order ${orderId}`);
    if (o.status !== 'queued' && o.status !== 'in_progress') {
      throw new HubError(ARCHIVE_ERRORS.ORDER_NOT_OPEN, 'conflict', `order ${orderId} is ${o.status}`);
    }
    await tx.query(`UPDATE orders SET status = 'cancelled', status_message = 'cancelled by the user', updated_at = now() WHERE id = $1`, [orderId]);
    if (o.job_id !== null) {
      await tx.query(
        `UPDATE jobs SET state = 'cancelled', finished_at = now(), updated_at = now(), lease_owner = NULL, lease_expires_at = NULL
         WHERE id = $1 AND state IN ('queued', 'running')
           AND NOT EXISTS (SELECT 1 FROM orders WHERE job_id = $1 AND status IN ('queued', 'in_progress'))`,
        [o.job_id],
      );
    }
  });
  return getOrder(ctx, actor, orderId);
}

/** Moves the open orders of a product to a new status (the restore job reports through this). */
export async function settleOrders(tx: Queryable, productId: string, status: OrderStatus, message: string): Promise<void> {
  await tx.query(
    `UPDATE orders SET status = $2, status_message = $3, updated_at = now(),
       completed_at = CASE WHEN $2 IN ('completed', 'failed') THEN now() END
     WHERE product_id = $1 AND status IN ('queued', 'in_progress')`,
    [productId, status, message],
  );
}
