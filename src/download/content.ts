import type { Readable } from 'node:stream';
import { crc32 } from 'node:zlib';
import { getProduct, listProductFiles, type Product, type ProductFile } from '../catalog/index.ts';
import type { AccessScope } from '../access/index.ts';
import type { Db } from '../db/index.ts';
import { HubError, isHubError } from '../errors/index.ts';
import { blobSource, joinKey, readableOf, type BlobStore, type ByteSource, type Stores } from '../storage/index.ts';
import { zipLayout, zipRangeSource, type ZipLayout } from '../storage/product-zip.ts';
import { DOWNLOAD_ERRORS } from './errors.ts';
import { ProductTree } from './product-tree.ts';

export interface DownloadContext {
  db: Db;
  stores: Stores;
}

/** Something to send: its size and validators are known before the first byte; `open` reads any range. */
export interface Downloadable {
  kind: 'package' | 'file';
  /** The file name a client should save it under. */
  fileName: string;
  mediaType: string;
  sizeBytes: number;
  /** Content hash usable as a strong validator (BLAKE3, else MD5), hex. */
  etag: string;
  md5: string | null;
  lastModified: Date;
  /** The product these bytes belong to, for quotas and usage accounting; absent for other files (quicklooks). */
  product?: { id: string; collection: string };
  /** Bytes [start, end], inclusive, as a stream; RANGE_NOT_SATISFIABLE outside the content. */
  open(start: number, end: number): Promise<Readable>;
  /** The same bytes as a ByteSource, for a sender that lends its own buffers (storage/byte-source.ts). */
  source(start: number, end: number): Promise<ByteSource>;
}

/** `open` and `source` of a Downloadable, from its source. */
export function byteAccess(source: (start: number, end: number) => Promise<ByteSource>): Pick<Downloadable, 'open' | 'source'> {
  return { source, open: async (start, end) => readableOf(await source(start, end)) };
}

/** A product resolved for download: its catalogue record, files, tree and store. */
export interface ProductContent {
  product: Product;
  files: ProductFile[];
  tree: ProductTree;
  store: BlobStore;
}

/** As CDSE: downloading does not trigger a retrieval (reference/cdse.md §1.7); the product is ordered first. */
export function productOffline(id: string): HubError {
  return new HubError(
    DOWNLOAD_ERRORS.PRODUCT_OFFLINE,
    'unavailable',
    `product ${id} is offline; order it with POST /odata/v1/Products(${id})/OData.CSC.Order and download it once the order is completed`,
  );
}

/**
 * The product as the scope sees it: a hidden one is PRODUCT_NOT_FOUND like an unknown one. An offline
 * one is PRODUCT_OFFLINE unless `offline` is allowed (its quicklooks stay online through an eviction).
 */
export async function loadProductContent(
  ctx: DownloadContext,
  scope: AccessScope,
  id: string,
  options: { offline?: 'allowed' } = {},
): Promise<ProductContent> {
  let product: Product;
  try {
    product = await getProduct(ctx.db, id, scope);
  } catch (error) {
    if (isHubError(error) && error.kind === 'not_found') {
      throw new HubError(DOWNLOAD_ERRORS.PRODUCT_NOT_FOUND, 'not_found', `no product ${id}`);
    }
    throw error;
  }
  if (!product.online && options.offline !== 'allowed') throw productOffline(id);
  const files = await listProductFiles(ctx.db, id);
  if (files.length === 0) throw new HubError(DOWNLOAD_ERRORS.PRODUCT_HAS_NO_FILES, 'not_found', `product ${id} has no stored files`);
  // Ingest packages a product that is one file at the top as that file itself (ingest/pipeline.ts).
  const single = files.length === 1 && product.contentType !== 'application/zip';
  const tree = new ProductTree(single ? (files[0] as ProductFile).path : product.name, files, single);
  return { product, files, tree, store: ctx.stores.byName(product.storage.store) };
}

function checkRange(sizeBytes: number, start: number, end: number): void {
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || start < 0 || end < start || start >= sizeBytes) {
    throw new HubError(DOWNLOAD_ERRORS.RANGE_NOT_SATISFIABLE, 'range', `range ${start}-${end} is outside 0-${sizeBytes - 1}`, {
      details: { sizeBytes },
    });
  }
}

function strongHash(md5: string | null, blake3: string | null): string {
  return blake3 ?? md5 ?? '';
}

/** One stored file of the product, with its media type and hashes. */
export function fileDownloadable(c: ProductContent, f: ProductFile): Downloadable {
  const key = joinKey(c.product.storage.path, f.path);
  return {
    kind: 'file',
    fileName: f.path.split('/').at(-1) ?? f.path,
    mediaType: f.mediaType,
    sizeBytes: f.sizeBytes,
    etag: strongHash(f.md5, f.blake3),
    md5: f.md5,
    lastModified: new Date(c.product.modificationDate),
    product: { id: c.product.id, collection: c.product.collection },
    ...byteAccess(async (start, end) => {
      checkRange(f.sizeBytes, start, end);
      return blobSource(c.store, key, start, Math.min(end, f.sizeBytes - 1));
    }),
  };
}

/** Layouts are pure functions of the file list; keep the recent ones (keyed by id and modification). */
const layoutCache = new Map<string, ZipLayout>();
const LAYOUT_CACHE_SIZE = 256;

async function packageLayout(c: ProductContent): Promise<ZipLayout> {
  const cacheKey = `${c.product.id}@${c.product.modificationDate}`;
  const cached = layoutCache.get(cacheKey);
  if (cached) {
    layoutCache.delete(cacheKey);
    layoutCache.set(cacheKey, cached);
    return cached;
  }
  const entries = [];
  for (const f of c.files) {
    entries.push({ path: `${c.product.name}/${f.path}`, sizeBytes: f.sizeBytes, crc32: f.crc32 ?? (await storedCrc32(c, f)) });
  }
  const layout = zipLayout(entries);
  layoutCache.set(cacheKey, layout);
  if (layoutCache.size > LAYOUT_CACHE_SIZE) layoutCache.delete(layoutCache.keys().next().value as string);
  return layout;
}

/** Files registered before CRC-32s were kept: read once, then the layout cache holds the result. */
async function storedCrc32(c: ProductContent, f: ProductFile): Promise<number> {
  let crc = 0;
  if (f.sizeBytes === 0) return crc;
  for await (const chunk of await c.store.get(joinKey(c.product.storage.path, f.path))) crc = crc32(chunk as Buffer, crc);
  return crc;
}

function checksum(p: Product, algorithm: 'MD5' | 'BLAKE3'): string | null {
  return p.checksums.find((x) => x.algorithm === algorithm)?.value ?? null;
}

/** The product's `$value`: its zip package, or the file itself for a one-file product. */
export async function packageDownloadable(c: ProductContent): Promise<Downloadable> {
  const p = c.product;
  const md5 = checksum(p, 'MD5');
  const etag = strongHash(md5, checksum(p, 'BLAKE3'));
  if (c.tree.singleFile) {
    return { ...fileDownloadable(c, c.files[0] as ProductFile), kind: 'package', fileName: p.name, mediaType: p.contentType, etag, md5 };
  }
  const layout = await packageLayout(c);
  const byPath = new Map(c.files.map((f) => [`${p.name}/${f.path}`, f]));
  return {
    kind: 'package',
    // CDSE saves X.SAFE as X.SAFE.zip; sentinelsat swaps the suffix itself (reference/dhus-sentinelsat.md R5b).
    fileName: `${p.name}.zip`,
    mediaType: 'application/zip',
    sizeBytes: layout.sizeBytes,
    etag,
    md5,
    lastModified: new Date(p.modificationDate),
    product: { id: p.id, collection: p.collection },
    ...byteAccess(async (start, end) => {
      checkRange(layout.sizeBytes, start, end);
      return zipRangeSource(layout, start, Math.min(end, layout.sizeBytes - 1), (index, from, to) => {
        const f = byPath.get(layout.entries[index]?.path ?? '') as ProductFile;
        return blobSource(c.store, joinKey(p.storage.path, f.path), from, to);
      });
    }),
  };
}
