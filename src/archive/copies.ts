import { createBLAKE3 } from 'hash-wasm';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Writable } from 'node:stream';
import type { ProductFile } from '../catalog/index.ts';
import type { Queryable } from '../db/index.ts';
import { HubError, isHubError } from '../errors/index.ts';
import { HashingStream } from '../ingest/index.ts';
import { joinKey, STORAGE_ERRORS, type BlobStore } from '../storage/index.ts';
import { ARCHIVE_ERRORS } from './errors.ts';
import { pacer } from './pace.ts';

export type Tier = 'online' | 'archive';

/** The digest a copy row keeps: BLAKE3 over "<path> <blake3>\n" of every file, in path order. */
export async function manifestChecksum(files: readonly ProductFile[]): Promise<string> {
  const h = await createBLAKE3();
  h.init();
  for (const f of [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) h.update(`${f.path} ${f.blake3}\n`);
  return h.digest('hex');
}

export interface CopyOptions {
  bytesPerSecond: number;
  signal?: AbortSignal;
}

/** Streams `data` into `write` while hashing; throws CHECKSUM_MISMATCH when MD5 or BLAKE3 differs from the catalogue's. */
export async function copyVerified(data: Readable, f: ProductFile, write: (verified: Readable) => Promise<number>, options: CopyOptions): Promise<void> {
  const hasher = await HashingStream.create();
  const source = data.pipe(pacer(options.bytesPerSecond, options.signal)).pipe(hasher);
  data.on('error', (e) => source.destroy(e));
  await write(source);
  const d = hasher.digests();
  if (d.md5 !== f.md5 || d.blake3 !== f.blake3 || d.sizeBytes !== f.sizeBytes) {
    throw new HubError(ARCHIVE_ERRORS.CHECKSUM_MISMATCH, 'conflict', `${f.path}: the copy's checksums differ from the catalogue's`, {
      details: { path: f.path },
    });
  }
}

/** The files of a stored copy whose bytes differ from the catalogue (or that are missing), read at the given pace. */
export async function findBadFiles(store: BlobStore, prefix: string, files: readonly ProductFile[], options: CopyOptions): Promise<string[]> {
  const bad: string[] = [];
  for (const f of files) {
    const key = joinKey(prefix, f.path);
    if (!(await store.head(key))) {
      bad.push(f.path);
      continue;
    }
    try {
      const sink = new Writable({ write: (_c, _e, cb) => cb() });
      await copyVerified(await store.get(key), f, async (s) => {
        await pipeline(s, sink);
        return f.sizeBytes;
      }, options);
    } catch (error) {
      if (isHubError(error) && error.code === ARCHIVE_ERRORS.CHECKSUM_MISMATCH) bad.push(f.path);
      else throw error;
    }
  }
  return bad;
}

/**
 * Copies a product's files from one store to another under the same prefix, verifying every file's MD5
 * and BLAKE3 against the catalogue on the way. The destination sees the product only when all of it is
 * there (one upload commit). Files already at the destination that verify are kept and not copied
 * again: the quicklooks an evicted product kept online, or all of a copy an earlier attempt committed
 * before its worker died; anything else under the prefix (damaged or stray files) is removed first.
 * `uploadId` names the upload, so that a retry of the same job first removes (or, on S3, undoes) what
 * the previous attempt left behind.
 */
export async function copyProduct(
  from: BlobStore,
  to: BlobStore,
  prefix: string,
  files: readonly ProductFile[],
  uploadId: string,
  options: CopyOptions,
): Promise<void> {
  await to.sweepUploads((id) => id !== uploadId);
  const verify = { bytesPerSecond: 0, ...(options.signal ? { signal: options.signal } : {}) };
  const bad = new Set(await findBadFiles(to, prefix, files, verify));
  const kept = files.filter((f) => !bad.has(f.path)).map((f) => f.path);
  if (kept.length === files.length) return;
  const keep = new Set(kept.map((path) => joinKey(prefix, path)));
  for await (const b of to.list(prefix)) if (!keep.has(b.key)) await to.delete(b.key);
  const upload = await to.beginProductUpload(prefix, uploadId, { keep: kept });
  try {
    for (const f of files) {
      if (bad.has(f.path)) await copyVerified(await from.get(joinKey(prefix, f.path)), f, (s) => upload.put(f.path, s), options);
    }
    await upload.commit();
  } catch (error) {
    await upload.abort();
    if (isHubError(error) && error.code === STORAGE_ERRORS.CONFLICT) return copyProduct(from, to, prefix, files, uploadId, options);
    throw error;
  }
}

/** Records (or refreshes) a tier's copy as present and verified now. */
export async function recordCopy(tx: Queryable, productId: string, tier: Tier, store: string, path: string, checksum: string): Promise<void> {
  await tx.query(
    `INSERT INTO product_copies (product_id, tier, store, path, state, checksum, verified_at)
     VALUES ($1, $2, $3, $4, 'present', $5, now())
     ON CONFLICT (product_id, tier) DO UPDATE SET store = EXCLUDED.store, path = EXCLUDED.path, state = 'present',
       checksum = EXCLUDED.checksum, verified_at = now()`,
    [productId, tier, store, path, checksum],
  );
}

export interface ProductCopy {
  tier: Tier;
  store: string;
  path: string;
  state: 'present' | 'damaged';
  checksum: string | null;
  verifiedAt: string | null;
  lastAccessedAt: string | null;
  retainUntil: string | null;
}

export async function listCopies(db: Queryable, productId: string): Promise<ProductCopy[]> {
  const r = await db.query<{
    tier: Tier;
    store: string;
    path: string;
    state: 'present' | 'damaged';
    checksum: string | null;
    verified_at: string | null;
    last_accessed_at: string | null;
    retain_until: string | null;
  }>(`SELECT tier, store, path, state, checksum, verified_at, last_accessed_at, retain_until FROM product_copies WHERE product_id = $1 ORDER BY tier`, [
    productId,
  ]);
  return r.rows.map((c) => ({
    tier: c.tier,
    store: c.store,
    path: c.path,
    state: c.state,
    checksum: c.checksum,
    verifiedAt: c.verified_at,
    lastAccessedAt: c.last_accessed_at,
    retainUntil: c.retain_until,
  }));
}
