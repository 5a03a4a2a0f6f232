import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { blake3 } from 'hash-wasm';
import yauzl from 'yauzl';

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
