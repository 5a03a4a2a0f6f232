import { listProductFiles, writeEvent } from '../catalog/index.ts';
import type { EvictionPolicy } from '../config/index.ts';
import { joinKey, type BlobStore } from '../storage/index.ts';
import type { ArchiveContext } from './context.ts';

/** At most this many products leave the online tier per run, so that one run stays short. */
const MAX_EVICTIONS_PER_RUN = 1000;

/**
 * The online products a policy lets go, in one collection, oldest first. Only products whose archive
 * copy is present are candidates (the online copy is never the last one), and never while a restore's
 * retention period runs.
 */
function candidatesSql(policy: EvictionPolicy): { sql: string; param: number } | null {
  const base = `FROM products p
    JOIN product_copies a ON a.product_id = p.id AND a.tier = 'archive' AND a.state = 'present'
    LEFT JOIN product_copies o ON o.product_id = p.id AND o.tier = 'online'
    WHERE p.online AND p.collection = $1 AND (o.retain_until IS NULL OR o.retain_until < now())`;
  switch (policy.policy) {
    case 'never':
      return null;
    case 'daysAfterPublication':
      return { sql: `SELECT p.id ${base} AND p.publication_date < now() - $2 * interval '1 day' ORDER BY p.publication_date, p.id`, param: policy.days };
    case 'daysSinceAccess':
      return {
        sql: `SELECT p.id ${base} AND coalesce(o.last_accessed_at, p.publication_date) < now() - $2 * interval '1 day'
              ORDER BY coalesce(o.last_accessed_at, p.publication_date), p.id`,
        param: policy.days,
      };
    case 'newestBytes':
      // Keep the newest products whose sizes add up to the budget; the first one over it and all older go.
      return {
        sql: `SELECT id FROM (
                SELECT p.id, p.publication_date,
                  sum(p.content_length) OVER (ORDER BY p.publication_date DESC, p.id DESC) AS kept_bytes
                ${base}) ranked
              WHERE kept_bytes > $2 ORDER BY publication_date, id`,
        param: policy.bytes,
      };
  }
}

export function policyFor(settings: ArchiveContext['settings'], collection: string): EvictionPolicy {
  return settings.eviction[collection] ?? settings.eviction['default'] ?? { policy: 'never' };
}

/**
 * `archive.evict`: applies each collection's policy. Per product, one transaction sets Online=false and
 * EvictionDate, drops the online copy row and writes `product.evicted`; the files but the quicklooks go
 * after the commit (a crash in between leaves files nobody reads, which a restore verifies and reuses).
 */
export async function runEviction(ctx: ArchiveContext): Promise<{ evicted: number; byCollection: Record<string, number> }> {
  const collections = (await ctx.db.query<{ collection: string }>(`SELECT DISTINCT collection FROM products WHERE online`)).rows;
  const byCollection: Record<string, number> = {};
  let evicted = 0;
  for (const { collection } of collections) {
    const q = candidatesSql(policyFor(ctx.settings, collection));
    if (!q || evicted >= MAX_EVICTIONS_PER_RUN) continue;
    const ids = (await ctx.db.query<{ id: string }>(`${q.sql} LIMIT ${MAX_EVICTIONS_PER_RUN - evicted}`, [collection, q.param])).rows;
    for (const { id } of ids) {
      if (await evictProduct(ctx, id)) {
        evicted++;
        byCollection[collection] = (byCollection[collection] ?? 0) + 1;
      }
    }
  }
  if (evicted > 0) ctx.log.info({ evicted, byCollection }, 'evicted online copies');
  return { evicted, byCollection };
}

/** Takes one product offline; false when it was offline already. */
export async function evictProduct(ctx: ArchiveContext, productId: string): Promise<boolean> {
  const gone = await ctx.db.transaction(async (tx) => {
    const r = await tx.query<{ collection: string; storage_store: string; storage_path: string; eviction_date: string }>(
      `UPDATE products SET online = false, eviction_date = now() WHERE id = $1 AND online
       RETURNING collection, storage_store, storage_path, eviction_date`,
      [productId],
    );
    const p = r.rows[0];
    if (!p) return null;
    await tx.query(`DELETE FROM product_copies WHERE product_id = $1 AND tier = 'online'`, [productId]);
    await writeEvent(tx, 'product.evicted', productId, p.collection, { evictionDate: p.eviction_date });
    return p;
  });
  if (!gone) return false;
  await deleteAllButQuicklooks(ctx, productId, ctx.stores.byName(gone.storage_store), gone.storage_path);
  return true;
}

/**
 * Quicklooks stay online, as CDSE keeps those of offline products: search results, OData Assets and STAC
 * thumbnails still show them. A restore completes the product beside them (copyProduct keeps them).
 */
async function deleteAllButQuicklooks(ctx: ArchiveContext, productId: string, store: BlobStore, prefix: string): Promise<void> {
  const quicklooks = new Set((await listProductFiles(ctx.db, productId)).filter((f) => f.role === 'quicklook').map((f) => joinKey(prefix, f.path)));
  if (quicklooks.size === 0) return store.deletePrefix(prefix);
  for await (const b of store.list(prefix)) if (!quicklooks.has(b.key)) await store.delete(b.key);
}

/** Notes a download of an online product (eviction by access); at most one write a minute per product. */
export async function touchOnlineCopy(ctx: Pick<ArchiveContext, 'db'>, productId: string): Promise<void> {
  await ctx.db.query(
    `UPDATE product_copies SET last_accessed_at = now()
     WHERE product_id = $1 AND tier = 'online' AND (last_accessed_at IS NULL OR last_accessed_at < now() - interval '1 minute')`,
    [productId],
  );
}
