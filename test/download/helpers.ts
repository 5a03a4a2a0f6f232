import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { blake3 } from 'hash-wasm';
import yauzl from 'yauzl';
import type { Product } from '../../src/catalog/index.ts';
import type { Db } from '../../src/db/index.ts';
import type { Stores } from '../../src/storage/index.ts';
import { registerSyntheticProduct } from '../support/synthetic-product.ts';

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
export async function registerLargeProduct(db: Db, stores: Stores, options: { fileCount: number; fileBytes: number }): Promise<Product> {
  const contents = Array.from({ length: options.fileCount }, () => randomBytes(options.fileBytes));
  return registerSyntheticProduct(db, stores, {
    fileCount: options.fileCount,
    fileBytes: () => options.fileBytes,
    content: (i) => Readable.from([contents[i] as Buffer]),
    packageChecksums: true,
  });
}
