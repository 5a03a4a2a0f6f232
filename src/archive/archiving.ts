import { INTERNAL_SEES_EVERYTHING } from '../access/index.ts';
import { getProduct, listProductFiles, writeEvent } from '../catalog/index.ts';

import type { Queryable } from '../db/index.ts';
import { enqueueJob, type Job, type JobRun } from '../jobs/index.ts';
import { ARCHIVE_JOBS, type ArchiveContext } from './context.ts';
import { copyProduct, manifestChecksum, recordCopy } from './copies.ts';

/** Enqueues the archive copy of a product on the caller's transaction (ingest calls it with the product row). */
export async function enqueueArchiving(tx: Queryable, productId: string): Promise<void> {
  await enqueueJob(tx, { kind: ARCHIVE_JOBS.COPY, payload: { productId }, priority: 5, idempotencyKey: `archive:${productId}` });
}

/**
 * `archive.copy`: copies an online product into the archive tier (verified against the catalogue) and
 * records both copies. A product without files (metadata only) has nothing to archive.
 */
export async function runArchiveCopy(ctx: ArchiveContext, job: Job, run: JobRun): Promise<unknown> {
  const productId = String(job.payload['productId']);
  const product = await getProduct(ctx.db, productId, INTERNAL_SEES_EVERYTHING).catch(() => null);
  if (!product) return { skipped: 'product deleted' };
  const files = await listProductFiles(ctx.db, productId);
  if (files.length === 0) return { skipped: 'no files' };
  const archived = await ctx.db.query(`SELECT 1 FROM product_copies WHERE product_id = $1 AND tier = 'archive' AND state = 'present'`, [productId]);
  if (archived.rows.length > 0) return { skipped: 'already archived' };
  if (!product.online) return { skipped: 'offline without an archive copy' };
  const online = ctx.stores.byName(product.storage.store);
  await copyProduct(online, ctx.stores.archive, product.storage.path, files, `archive-${job.id}`, { bytesPerSecond: 0, signal: run.signal });
  const checksum = await manifestChecksum(files);
  await ctx.db.transaction(async (tx) => {
    await recordCopy(tx, productId, 'archive', ctx.stores.archive.name, product.storage.path, checksum);
    await tx.query(
      `INSERT INTO product_copies (product_id, tier, store, path, state, checksum) VALUES ($1, 'online', $2, $3, 'present', $4)
       ON CONFLICT (product_id, tier) DO NOTHING`,
      [productId, product.storage.store, product.storage.path, checksum],
    );
    await writeEvent(tx, 'product.archived', productId, product.collection, { store: ctx.stores.archive.name });
  });
  return { archived: productId, files: files.length };
}

/** `archive.backfill`: enqueues archiving of every product with files but no archive copy (products from before the archive existed). */
export async function runArchiveBackfill(ctx: ArchiveContext): Promise<unknown> {
  const r = await ctx.db.query<{ id: string }>(
    `SELECT p.id FROM products p
     WHERE p.online
       AND NOT EXISTS (SELECT 1 FROM product_copies c WHERE c.product_id = p.id AND c.tier = 'archive')
       AND EXISTS (SELECT 1 FROM product_files f WHERE f.product_id = p.id)`,
  );
  for (const { id } of r.rows) await enqueueArchiving(ctx.db, id);
  return { enqueued: r.rows.length };
}
