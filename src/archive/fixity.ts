import { listProductFiles, writeEvent, type ProductFile } from '../catalog/index.ts';
import { joinKey } from '../storage/index.ts';
import type { ArchiveContext } from './context.ts';
import { copyVerified, findBadFiles, manifestChecksum, type Tier } from './copies.ts';

export interface FixityResult {
  productId: string;
  tier: Tier;
  ok: boolean;
  badFiles: string[];
  repaired: boolean;
}

interface CopyRow {
  product_id: string;
  collection: string;
  tier: Tier;
  store: string;
  path: string;
  /** Changes whenever the copy is written again (a restore records it anew): tells a copy that moved under the audit. */
  version: string;
}

/**
 * `archive.fixity`: one paced audit round over the least recently verified copies (both tiers). Each
 * copy's files are hashed again and compared with the catalogue; the result is recorded in
 * fixity_checks. A mismatch raises the alarm (an error log line and a `product.fixity_failed` event)
 * and the damaged files are copied again from the other tier, verified on the way; a repaired copy
 * writes `product.repaired`, one that cannot be repaired stays marked damaged.
 */
export async function runFixityRound(ctx: ArchiveContext, options: { productIds?: readonly string[]; signal?: AbortSignal } = {}): Promise<FixityResult[]> {
  const r = await ctx.db.query<CopyRow>(
    `SELECT c.product_id, p.collection, c.tier, c.store, c.path, ${COPY_VERSION} AS version FROM product_copies c JOIN products p ON p.id = c.product_id
     WHERE ($1::uuid[] IS NULL OR c.product_id = ANY($1::uuid[]))
     ORDER BY c.verified_at NULLS FIRST, c.product_id, c.tier LIMIT $2`,
    [options.productIds ?? null, options.productIds ? options.productIds.length * 2 : ctx.settings.fixityProductsPerRound * 2],
  );
  const results: FixityResult[] = [];
  for (const copy of r.rows) {
    const result = await auditCopy(ctx, copy, options.signal);
    if (result) results.push(result);
  }
  return results;
}

const COPY_VERSION = `coalesce(c.verified_at::text, '') || '|' || c.store || '|' || c.path`;

/**
 * Whether the audited copy is still the one the round picked: an eviction that ran meanwhile deleted the
 * online copy's row (and then its files), a restore wrote it anew. Missing files of such a copy are no
 * damage, and repairing them would put back files of an offline product.
 */
async function isSameCopy(ctx: ArchiveContext, copy: CopyRow): Promise<boolean> {
  const r = await ctx.db.query(
    `SELECT 1 FROM product_copies c JOIN products p ON p.id = c.product_id
     WHERE c.product_id = $1 AND c.tier = $2 AND ${COPY_VERSION} = $3 AND (c.tier <> 'online' OR p.online)`,
    [copy.product_id, copy.tier, copy.version],
  );
  return r.rows.length > 0;
}

/** One copy's audit; null when the copy changed under it (evicted or restored meanwhile), which the next round audits afresh. */
async function auditCopy(ctx: ArchiveContext, copy: CopyRow, signal: AbortSignal | undefined): Promise<FixityResult | null> {
  const files = await listProductFiles(ctx.db, copy.product_id);
  const pace = { bytesPerSecond: ctx.settings.fixityBytesPerSecond, ...(signal ? { signal } : {}) };
  const badFiles = await findBadFiles(ctx.stores.byName(copy.store), copy.path, files, pace);
  const ok = badFiles.length === 0;
  let repaired = false;
  if (!ok && !(await isSameCopy(ctx, copy))) {
    ctx.log.info({ productId: copy.product_id, tier: copy.tier }, 'fixity: the copy changed during its audit; not judged');
    return null;
  }
  if (!ok) {
    ctx.log.error({ productId: copy.product_id, tier: copy.tier, store: copy.store, badFiles }, 'fixity: stored bytes differ from the catalogue');
    await writeEvent(ctx.db, 'product.fixity_failed', copy.product_id, copy.collection, { tier: copy.tier, badFiles });
    repaired = await repairCopy(ctx, copy, files.filter((f) => badFiles.includes(f.path)), pace);
  }
  const checksum = await manifestChecksum(files);
  await ctx.db.transaction(async (tx) => {
    await tx.query(`INSERT INTO fixity_checks (product_id, tier, ok, bad_files, repaired) VALUES ($1, $2, $3, $4::jsonb, $5)`, [
      copy.product_id,
      copy.tier,
      ok,
      JSON.stringify(badFiles),
      repaired,
    ]);
    await tx.query(
      `UPDATE product_copies SET verified_at = now(), state = $3, checksum = CASE WHEN $3 = 'present' THEN $4 ELSE checksum END
       WHERE product_id = $1 AND tier = $2`,
      [copy.product_id, copy.tier, ok || repaired ? 'present' : 'damaged', checksum],
    );
    if (repaired) await writeEvent(tx, 'product.repaired', copy.product_id, copy.collection, { tier: copy.tier, files: badFiles });
  });
  return { productId: copy.product_id, tier: copy.tier, ok, badFiles, repaired };
}

/** Copies the damaged files again from the product's other tier, verifying each; false when no good source exists. */
async function repairCopy(ctx: ArchiveContext, copy: CopyRow, damaged: readonly ProductFile[], pace: { bytesPerSecond: number }): Promise<boolean> {
  const other = await ctx.db.query<{ store: string; path: string }>(
    `SELECT store, path FROM product_copies WHERE product_id = $1 AND tier <> $2 AND state = 'present'`,
    [copy.product_id, copy.tier],
  );
  const source = other.rows[0];
  if (!source) return false;
  const from = ctx.stores.byName(source.store);
  const to = ctx.stores.byName(copy.store);
  try {
    for (const f of damaged) {
      // put() writes beside the object and renames over it, so the damaged file is replaced whole.
      await copyVerified(await from.get(joinKey(source.path, f.path)), f, (s) => to.put(joinKey(copy.path, f.path), s), pace);
    }
    return true;
  } catch (error) {
    ctx.log.error({ err: error, productId: copy.product_id, tier: copy.tier }, 'fixity: repair failed');
    return false;
  }
}
