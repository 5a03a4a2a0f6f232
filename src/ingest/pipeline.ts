import { INTERNAL_SEES_EVERYTHING } from '../access/index.ts';
import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { findProductByName, insertProduct, type Checksum, type ProductFile } from '../catalog/index.ts';
import type { Db, Queryable } from '../db/index.ts';
import { HubError, isHubError } from '../errors/index.ts';
import {
  extractMetadata,
  openFolderSource,
  readGeoTiffGrid,
  type ProductMetadata,
  type ProductSource,
  type RasterGrid,
} from '../metadata/index.ts';
import { productPrefix, type Stores } from '../storage/index.ts';
import { productZip } from '../storage/product-zip.ts';
import { INGEST_ERRORS } from './errors.ts';
import { mediaTypeOf, roleOf } from './file-kinds.ts';
import { HashingStream } from './hashing.ts';
import type { IngestCandidate } from './inputs.ts';
import { registerPending, undoPending } from './pending.ts';
import { extractZip } from './unzip.ts';

export interface IngestContext {
  db: Db;
  stores: Stores;
  /** Folder for staging (zip extraction, single files); on the same disk as the store is best. */
  stagingDir: string;
  limits: { maxProductBytes: number; maxFiles: number };
  now?: () => Date;
  /**
   * Runs on the registration transaction of every new product: the hub enqueues its archive copy here
   * (archive/archiving.ts), so that a product is never registered without its archiving job.
   */
  onRegistered?: (tx: Queryable, productId: string) => Promise<void>;
}

export type IngestOutcome =
  | { status: 'ingested'; path: string; id: string; name: string; collection: string; sizeBytes: number; metadata: ProductMetadata }
  | { status: 'duplicate'; path: string; id: string; name: string; collection: string; sizeBytes: 0 }
  | { status: 'failed'; path: string; code: string; message: string; sizeBytes: 0 };

/**
 * Ingests one product: stage (zips are unpacked safely), extract metadata from its files, refuse a
 * duplicate, copy the files into storage hashing each (MD5 + BLAKE3 in one pass), hash the product
 * package, then register it in one transaction. A pending-ingest row written before anything lands in
 * storage lets recovery (pending.ts) undo a crash at any later point; the catalogue never sees a
 * product whose files are not all in place.
 */
export async function ingestProduct(ctx: IngestContext, input: IngestCandidate): Promise<IngestOutcome> {
  const staging = await mkdtempIn(ctx.stagingDir);
  try {
    const source = await stageSource(ctx, input, staging);
    const meta = await extractMetadata(source);
    const existing = await findProductByName(ctx.db, meta.name, INTERNAL_SEES_EVERYTHING);
    if (existing) {
      return { status: 'duplicate', path: input.path, id: existing.id, name: existing.name, collection: existing.collection, sizeBytes: 0 };
    }
    return await storeAndRegister(ctx, input, source, meta);
  } catch (error) {
    if (isHubError(error)) {
      if (error.code === 'PRODUCT_EXISTS') {
        const other = await findProductByName(ctx.db, String(error.details?.['name'] ?? ''), INTERNAL_SEES_EVERYTHING);
        if (other)
          return { status: 'duplicate', path: input.path, id: other.id, name: other.name, collection: other.collection, sizeBytes: 0 };
      }
      return { status: 'failed', path: input.path, code: error.code, message: error.message, sizeBytes: 0 };
    }
    throw error;
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

/** The grids the product's GeoTIFF data files state in their own headers (metadata/geotiff-grid.ts). */
async function georeferencedGrids(
  source: ProductSource,
  files: ReadonlyArray<{ path: string; rel: string }>,
  stored: readonly ProductFile[],
): Promise<RasterGrid[]> {
  const grids: RasterGrid[] = [];
  for (const [i, f] of files.entries()) {
    if (stored[i]?.role !== 'data' || !/\.tiff?$/i.test(f.rel)) continue;
    const grid = await readGeoTiffGrid(source.localPath(f.path), f.rel);
    if (grid) grids.push(grid);
  }
  return grids;
}

async function mkdtempIn(dir: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  return mkdtemp(join(dir, `${process.pid}-`));
}

async function stageSource(ctx: IngestContext, input: IngestCandidate, staging: string): Promise<ProductSource> {
  const name = basename(input.path);
  if (input.kind === 'zip') {
    const dest = join(staging, 'unzipped');
    await extractZip(input.path, dest, { maxBytes: ctx.limits.maxProductBytes, maxFiles: ctx.limits.maxFiles });
    return checkLimits(ctx, await openFolderSource(dest, name.replace(/\.zip$/i, '')));
  }
  if (input.kind === 'file') {
    const dir = join(staging, 'file');
    await mkdir(dir);
    await copyFile(input.path, join(dir, name));
    return checkLimits(ctx, await openFolderSource(dir, name));
  }
  return checkLimits(ctx, await openFolderSource(input.path, name));
}

function checkLimits(ctx: IngestContext, source: ProductSource): ProductSource {
  if (source.files.length === 0) throw new HubError(INGEST_ERRORS.EMPTY, 'invalid', 'the product holds no files');
  if (source.files.length > ctx.limits.maxFiles) {
    throw new HubError(
      INGEST_ERRORS.TOO_MANY_FILES,
      'too_large',
      `the product holds ${source.files.length} files, more than ${ctx.limits.maxFiles}`,
    );
  }
  const total = source.files.reduce((s, f) => s + f.sizeBytes, 0);
  if (total > ctx.limits.maxProductBytes) {
    throw new HubError(INGEST_ERRORS.TOO_LARGE, 'too_large', `the product holds ${total} bytes, more than ${ctx.limits.maxProductBytes}`);
  }
  return source;
}

/** The product's root folder inside the source (`X.SAFE/`), or '' when its files sit at the top. */
function productRoot(source: ProductSource): string {
  const tops = new Set(source.files.map((f) => f.path.split('/')[0] ?? ''));
  const [only] = tops;
  return tops.size === 1 && only !== undefined && source.files.every((f) => f.path.startsWith(`${only}/`)) ? only : '';
}

async function storeAndRegister(
  ctx: IngestContext,
  input: IngestCandidate,
  source: ProductSource,
  meta: ProductMetadata,
): Promise<IngestOutcome> {
  const now = (ctx.now ?? (() => new Date()))().toISOString();
  const root = productRoot(source);
  const files = source.files.map((f) => ({ ...f, rel: root === '' ? f.path : f.path.slice(root.length + 1) }));
  const single = files.length === 1 && root === '';
  const folderName = single ? meta.name.replace(/\.[A-Za-z0-9]+$/, '') : meta.name;
  const prefix = productPrefix(meta.layout, meta.sensingStart ?? now, folderName);
  const store = ctx.stores.primary;
  const id = randomUUID();

  await registerPending(ctx.db, { id, name: meta.name, store: store.name, path: prefix });
  const upload = await store.beginProductUpload(prefix, id);
  const stored: ProductFile[] = [];
  try {
    for (const f of files) {
      const hasher = await HashingStream.create();
      const size = await upload.put(f.rel, createReadStream(source.localPath(f.path)).pipe(hasher));
      const d = hasher.digests();
      if (size !== d.sizeBytes) throw new Error(`short write of ${f.rel}`);
      stored.push({ path: f.rel, sizeBytes: size, md5: d.md5, blake3: d.blake3, crc32: d.crc32, mediaType: mediaTypeOf(f.rel), role: roleOf(f.rel) });
    }
    const pkg = single
      ? singleFilePackage(stored[0] as ProductFile)
      : await zipPackage(
          meta.name,
          files.map((f, i) => ({ rel: f.rel, local: source.localPath(f.path), sizeBytes: f.sizeBytes, crc32: stored[i]?.crc32 ?? 0 })),
        );
    const checksums: Checksum[] = [
      { algorithm: 'MD5', value: pkg.md5, date: now },
      { algorithm: 'BLAKE3', value: pkg.blake3, date: now },
    ];
    const fileGrids = await georeferencedGrids(source, files, stored);
    await upload.commit();
    await ctx.db.transaction(async (tx) => {
      await insertProduct(tx, {
        id,
        name: meta.name,
        collection: meta.collection,
        contentType: pkg.contentType,
        contentLength: pkg.sizeBytes,
        originDate: now,
        publicationDate: now,
        sensingStart: meta.sensingStart,
        sensingEnd: meta.sensingEnd,
        footprint: meta.footprint,
        storage: { store: store.name, path: prefix },
        checksums,
        attributes: meta.attributes,
        files: stored,
        warnings: summariseWarnings(meta.warnings),
        rasterGrids: [...(meta.grids ?? []), ...fileGrids],
      });
      await tx.query('DELETE FROM pending_ingests WHERE id = $1', [id]);
      await ctx.onRegistered?.(tx, id);
    });
  } catch (error) {
    await upload.abort();
    // The files may already be published under the prefix: recovery removes them with the pending row.
    await undoPending(ctx.db, ctx.stores, id).catch(() => undefined);
    throw error;
  }
  const sizeBytes = files.reduce((s, f) => s + f.sizeBytes, 0);
  return { status: 'ingested', path: input.path, id, name: meta.name, collection: meta.collection, sizeBytes, metadata: meta };
}

/** Products whose manifest lists files that were left out can have hundreds of warnings; keep a readable few. */
function summariseWarnings(warnings: readonly string[], keep = 20): string[] {
  return warnings.length <= keep ? [...warnings] : [...warnings.slice(0, keep), `... and ${warnings.length - keep} more warnings`];
}

function singleFilePackage(f: ProductFile): { md5: string; blake3: string; sizeBytes: number; contentType: string } {
  return { md5: f.md5, blake3: f.blake3, sizeBytes: f.sizeBytes, contentType: f.mediaType };
}

async function zipPackage(
  name: string,
  files: Array<{ rel: string; local: string; sizeBytes: number; crc32: number }>,
): Promise<{ md5: string; blake3: string; sizeBytes: number; contentType: string }> {
  const zip = productZip(
    files.map((f) => ({ path: `${name}/${f.rel}`, sizeBytes: f.sizeBytes, crc32: f.crc32, open: () => createReadStream(f.local) })),
  );
  const hasher = await HashingStream.create();
  await pipeline(zip.stream, hasher, async function* (chunks) {
    for await (const _ of chunks) {
      // drain: only the digests are wanted
    }
  });
  const d = hasher.digests();
  const expected = zip.sizeBytes;
  if (expected !== d.sizeBytes) throw new Error(`package size ${d.sizeBytes} differs from the computed ${expected}`);
  return { md5: d.md5, blake3: d.blake3, sizeBytes: d.sizeBytes, contentType: 'application/zip' };
}
