import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { crc32 } from 'node:zlib';
import { blake3 } from 'hash-wasm';
import yauzl from 'yauzl';
import { getProduct, insertProduct, type Product, type ProductFile } from '../../src/catalog/index.ts';
import type { Db } from '../../src/db/index.ts';
import { productPrefix, type Stores } from '../../src/storage/index.ts';
import { productZip } from '../../src/storage/product-zip.ts';
import { INTERNAL_SEES_EVERYTHING } from '../../src/access/index.ts';

/** Test helpers for downloads: whole bodies, their digests, and an outside zip reader (yauzl). */

export async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

export async function digests(data: Buffer): Promise<{ md5: string; blake3: string }> {
  return { md5: createHash('md5').update(data).digest('hex'), blake3: await blake3(data) };
}

/** Every entry of a zip, read by yauzl (which checks sizes and local headers against the central directory). */
export async function unzipAll(zip: Buffer): Promise<Map<string, Buffer>> {
  const zipfile = await new Promise<yauzl.ZipFile>((resolve, reject) => {
    yauzl.fromBuffer(zip, { lazyEntries: true, validateEntrySizes: true }, (err, z) => (err ? reject(err) : resolve(z)));
  });
  const out = new Map<string, Buffer>();
  await new Promise<void>((resolve, reject) => {
    zipfile.on('error', reject);
    zipfile.on('end', () => resolve());
    zipfile.on('entry', (entry: yauzl.Entry) => {
      zipfile.openReadStream(entry, (err, s) => {
        if (err) return reject(err);
        readAll(s).then((data) => {
          out.set(entry.fileName, data);
          zipfile.readEntry();
        }, reject);
      });
    });
    zipfile.readEntry();
  });
  return out;
}

/**
 * Registers a product of `fileCount` files of `fileBytes` pseudo-random bytes straight into the store and
 * the catalogue (as ingest would, checksums included), for tests that need a package bigger than the
 * socket buffers: the samples and demo products are small.
 */
export async function registerLargeProduct(
  db: Db,
  stores: Stores,
  options: { fileCount: number; fileBytes: number },
): Promise<Product> {
  const id = randomUUID();
  const name = `S2B_MSIL1C_20250101T000000_N0511_R000_T00AAA_${id.slice(0, 8)}.SAFE`;
  const prefix = productPrefix({ mission: 'Sentinel-2', instrument: 'MSI', productType: 'L1C' }, '2025-01-01T00:00:00Z', name);
  const upload = await stores.primary.beginProductUpload(prefix, id);
  const files: ProductFile[] = [];
  const contents: Buffer[] = [];
  for (let i = 0; i < options.fileCount; i++) {
    const data = randomBytes(options.fileBytes);
    const path = `GRANULE/IMG_DATA/B${String(i + 1).padStart(2, '0')}.jp2`;
    await upload.put(path, Readable.from([data]));
    const sums = await digests(data);
    files.push({ path, sizeBytes: data.length, md5: sums.md5, blake3: sums.blake3, crc32: crc32(data), mediaType: 'image/jp2', role: 'data' });
    contents.push(data);
  }
  await upload.commit();
  const zip = productZip(files.map((f, i) => ({ path: `${name}/${f.path}`, sizeBytes: f.sizeBytes, crc32: f.crc32 ?? 0, open: () => Readable.from([contents[i] as Buffer]) })));
  const pkg = await digests(await readAll(zip.stream));
  const now = new Date().toISOString();
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
    checksums: [
      { algorithm: 'MD5', value: pkg.md5, date: now },
      { algorithm: 'BLAKE3', value: pkg.blake3, date: now },
    ],
    attributes: {},
    files,
    warnings: [],
  });
  return getProduct(db, id, INTERNAL_SEES_EVERYTHING);
}
