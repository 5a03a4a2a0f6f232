import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { INTERNAL_SEES_EVERYTHING } from '../../src/access/index.ts';
import { getProduct, insertProduct, type Checksum, type Product, type ProductFile } from '../../src/catalog/index.ts';
import type { Db } from '../../src/db/index.ts';
import { HashingStream } from '../../src/ingest/index.ts';
import { productPrefix, type Stores } from '../../src/storage/index.ts';
import { productZip } from '../../src/storage/product-zip.ts';

export interface SyntheticProductOptions {
  fileCount: number;
  /** Size of file `index` in bytes. */
  fileBytes: (index: number) => number;
  /** The bytes of file `index`; asked again for the package checksums, so the same bytes every time. */
  content: (index: number, sizeBytes: number) => Readable;
  /** Also hash the `$value` package (reads every file once more), as ingest records it. */
  packageChecksums: boolean;
}

/**
 * A Sentinel-2-shaped product of generated files, stored in the online store in one upload and
 * catalogued as ingest would (per-file MD5, BLAKE3, CRC-32): for tests and benchmarks that need more
 * bytes than the samples and demo products hold.
 */
export async function registerSyntheticProduct(db: Db, stores: Stores, options: SyntheticProductOptions): Promise<Product> {
  const id = randomUUID();
  const name = `S2B_MSIL1C_20250101T000000_N0511_R000_T00AAA_${id.slice(0, 8)}.SAFE`;
  const prefix = productPrefix({ mission: 'Sentinel-2', instrument: 'MSI', productType: 'L1C' }, '2025-01-01T00:00:00Z', name);
  const upload = await stores.primary.beginProductUpload(prefix, id);
  const files: ProductFile[] = [];
  for (let i = 0; i < options.fileCount; i++) {
    const path = `GRANULE/IMG_DATA/B${String(i + 1).padStart(2, '0')}.jp2`;
    const hasher = await HashingStream.create();
    await upload.put(path, options.content(i, options.fileBytes(i)).pipe(hasher));
    const d = hasher.digests();
    files.push({ path, sizeBytes: d.sizeBytes, md5: d.md5, blake3: d.blake3, crc32: d.crc32, mediaType: 'image/jp2', role: 'data' });
  }
  await upload.commit();
  const zip = productZip(
    files.map((f, i) => ({ path: `${name}/${f.path}`, sizeBytes: f.sizeBytes, crc32: f.crc32 ?? 0, open: () => options.content(i, f.sizeBytes) })),
  );
  const now = new Date().toISOString();
  const checksums: Checksum[] = [];
  if (options.packageChecksums) {
    const hasher = await HashingStream.create();
    await pipeline(zip.stream, hasher, new Writable({ write: (_c, _e, cb) => cb() }));
    const d = hasher.digests();
    checksums.push({ algorithm: 'MD5', value: d.md5, date: now }, { algorithm: 'BLAKE3', value: d.blake3, date: now });
  } else {
    zip.stream.destroy();
  }
  await insertProduct(db, {
    id,
    name,
    collection: 'SENTINEL-2',
    contentType: 'application/zip',
    contentLength: zip.sizeBytes,
    originDate: now,
    publicationDate: now,
    sensingStart: '2025-01-01T00:00:00Z',
    sensingEnd: '2025-01-01T00:00:00Z',
    footprint: null,
    storage: { store: stores.primary.name, path: prefix },
    checksums,
    attributes: {},
    files,
    warnings: [],
  });
  return getProduct(db, id, INTERNAL_SEES_EVERYTHING);
}
