import { INTERNAL_SEES_EVERYTHING } from '../access/index.ts';
import { getProduct, listProductFiles, writeEvent } from '../catalog/index.ts';
import { HubError } from '../errors/index.ts';
import { holdsJob, type Job, type JobRun } from '../jobs/index.ts';
import type { ArchiveContext } from './context.ts';
import { copyProduct, manifestChecksum, recordCopy } from './copies.ts';
import { ARCHIVE_ERRORS } from './errors.ts';
import { settleOrders } from './orders.ts';

/**
 * `archive.restore`: copies an offline product from the archive tier back online, verifying MD5 and
 * BLAKE3 of every file against the catalogue, then (in one transaction, only while this worker still
 * holds the job) marks it online with an EvictionDate at the end of the retention period, records the
 * online copy, completes its orders and writes `product.restored`.
 *
 * A worker killed mid-copy leaves a half-written upload that the next holder of the job removes before
 * it copies again (the upload is named after the job); one killed after the copy committed leaves a
 * complete copy that the next holder verifies and keeps. Either way one copy results.
 */
export async function runRestore(ctx: ArchiveContext, job: Job, run: JobRun): Promise<unknown> {
  const productId = String(job.payload['productId']);
  const product = await getProduct(ctx.db, productId, INTERNAL_SEES_EVERYTHING);
  if (product.online) {
    await settleOrders(ctx.db, productId, 'completed', 'the product is online');
    return { skipped: 'already online' };
  }
  await ctx.db.query(
    `UPDATE orders SET status = 'in_progress', status_message = 'restoring from the archive', updated_at = now()
     WHERE product_id = $1 AND status = 'queued'`,
    [productId],
  );
  try {
    const copy = await ctx.db.query<{ store: string; path: string }>(
      `SELECT store, path FROM product_copies WHERE product_id = $1 AND tier = 'archive' AND state = 'present'`,
      [productId],
    );
    const archived = copy.rows[0];
    if (!archived) throw new HubError(ARCHIVE_ERRORS.NO_ARCHIVE_COPY, 'unavailable', `product ${productId} has no archive copy`);
    const files = await listProductFiles(ctx.db, productId);
    const online = ctx.stores.byName(product.storage.store);
    const started = Date.now();
    await copyProduct(ctx.stores.byName(archived.store), online, product.storage.path, files, `restore-${job.id}`, {
      bytesPerSecond: ctx.settings.restoreBytesPerSecond,
      signal: run.signal,
    });
    const checksum = await manifestChecksum(files);
    const bytes = files.reduce((s, f) => s + f.sizeBytes, 0);
    await ctx.db.transaction(async (tx) => {
      if (!(await holdsJob(tx, job.id, run.owner))) throw new HubError(ARCHIVE_ERRORS.LEASE_LOST, 'conflict', `job ${job.id} is no longer ours`);
      await recordCopy(tx, productId, 'online', product.storage.store, product.storage.path, checksum);
      const r = await tx.query<{ eviction_date: string }>(
        `UPDATE product_copies SET retain_until = now() + $2 * interval '1 day' WHERE product_id = $1 AND tier = 'online' RETURNING retain_until AS eviction_date`,
        [productId, ctx.settings.restoreRetentionDays],
      );
      const evictionDate = r.rows[0]?.eviction_date ?? null;
      await tx.query(`UPDATE products SET online = true, eviction_date = $2 WHERE id = $1`, [productId, evictionDate]);
      await settleOrders(tx, productId, 'completed', 'the product is online');
      await writeEvent(tx, 'product.restored', productId, product.collection, { evictionDate });
    });
    const seconds = (Date.now() - started) / 1000;
    return { restored: productId, bytes, seconds, bytesPerSecond: seconds > 0 ? Math.round(bytes / seconds) : null };
  } catch (error) {
    // The last attempt's failure is the orders' too; earlier ones are retried and the orders wait.
    if (job.attempts >= job.maxAttempts) {
      const message = error instanceof Error ? error.message : String(error);
      await settleOrders(ctx.db, productId, 'failed', `restore failed: ${message}`).catch(() => undefined);
    }
    throw error;
  }
}
