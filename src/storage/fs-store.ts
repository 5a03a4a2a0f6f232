import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open, readdir, rename, rm, rmdir, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { HubError } from '../errors/index.ts';
import type { BlobInfo, BlobReader, BlobStore, ByteRange, ProductUpload, ProductUploadOptions } from './blob-store.ts';
import { STORAGE_ERRORS } from './errors.ts';
import { checkKey } from './keys.ts';

const INCOMING = '.incoming';

/**
 * A blob store on the local filesystem, keys mapped to paths under `root`. Product uploads are written
 * under `root/.incoming/<id>/` and published by renaming that folder, which is atomic on one filesystem.
 * An upload completing kept files (a restore beside an evicted product's quicklooks) moves its files in
 * one by one; a crash among those renames leaves verified files that the retry keeps, nothing partial.
 */
export function createFsStore(name: string, root: string): BlobStore {
  const pathOf = (key: string): string => join(root, ...checkKey(key).split('/'));

  const writeFile = async (path: string, data: Readable): Promise<number> => {
    await mkdir(dirname(path), { recursive: true });
    const tmp = `${path}.part-${process.pid}`;
    let size = 0;
    data.on('data', (chunk: Buffer) => {
      size += chunk.length;
    });
    try {
      await pipeline(data, createWriteStream(tmp, { flags: 'wx' }));
      await rename(tmp, path);
    } catch (error) {
      await rm(tmp, { force: true });
      throw error;
    }
    return size;
  };

  const notFound = (key: string): HubError => new HubError(STORAGE_ERRORS.NOT_FOUND, 'not_found', `no object ${key} in store ${name}`);
  const checkRange = (key: string, sizeBytes: number, range: ByteRange): void => {
    if (range.start < 0 || range.end < range.start || range.start >= sizeBytes) {
      throw new HubError(STORAGE_ERRORS.INVALID_RANGE, 'range', `range ${range.start}-${range.end} is outside ${key} (${sizeBytes} bytes)`);
    }
  };

  return {
    name,
    put: async (key, data) => writeFile(pathOf(key), data),

    async get(key: string, range?: ByteRange): Promise<Readable> {
      const info = await this.head(key);
      if (!info) throw notFound(key);
      if (range) checkRange(key, info.sizeBytes, range);
      // 1 MiB reads: with the default 64 KiB, a large download spends its time in per-chunk overhead.
      const highWaterMark = 1 << 20;
      return createReadStream(pathOf(key), range ? { start: range.start, end: Math.min(range.end, info.sizeBytes - 1), highWaterMark } : { highWaterMark });
    },

    async openReader(key: string, range: ByteRange): Promise<BlobReader> {
      let handle;
      try {
        handle = await open(pathOf(key), 'r');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT' || (error as NodeJS.ErrnoException).code === 'EISDIR') throw notFound(key);
        throw error;
      }
      const fh = handle;
      try {
        const s = await fh.stat();
        if (!s.isFile()) throw notFound(key);
        checkRange(key, s.size, range);
        let closed = false;
        return {
          sizeBytes: s.size,
          read: async (into, position) => (await fh.read(into, 0, into.length, position)).bytesRead,
          async close() {
            if (closed) return;
            closed = true;
            await fh.close();
          },
        };
      } catch (error) {
        await fh.close();
        throw error;
      }
    },

    async head(key: string): Promise<BlobInfo | null> {
      try {
        const s = await stat(pathOf(key));
        return s.isFile() ? { key, sizeBytes: s.size, modifiedAt: s.mtime.toISOString() } : null;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw error;
      }
    },

    async *list(prefix: string): AsyncIterable<BlobInfo> {
      const base = prefix === '' ? root : pathOf(prefix.replace(/\/$/, ''));
      yield* walk(base, prefix.replace(/\/$/, ''));
    },

    async delete(key: string): Promise<void> {
      await rm(pathOf(key), { force: true });
    },

    async deletePrefix(prefix: string): Promise<void> {
      await rm(pathOf(prefix), { recursive: true, force: true });
      await pruneEmptyParents(root, dirname(pathOf(prefix)));
    },

    async beginProductUpload(prefix: string, uploadId: string, options: ProductUploadOptions = {}): Promise<ProductUpload> {
      const finalPath = pathOf(prefix);
      const dir = join(root, INCOMING, uploadId);
      const keep = new Set(options.keep ?? []);
      const conflict = () => new HubError(STORAGE_ERRORS.CONFLICT, 'conflict', `${prefix} already exists in store ${name}`);
      await mkdir(dir, { recursive: true });
      return {
        id: uploadId,
        put: async (relPath, data) => writeFile(join(dir, ...checkKey(relPath).split('/')), data),
        async commit() {
          await mkdir(dirname(finalPath), { recursive: true });
          if (!(await exists(finalPath))) {
            try {
              await rename(dir, finalPath);
              return;
            } catch (error) {
              const code = (error as NodeJS.ErrnoException).code;
              // rename(2) onto a non-empty folder fails, so two uploads of one product cannot mix.
              if (code === 'ENOTEMPTY' || code === 'EEXIST') throw conflict();
              throw error;
            }
          }
          // The prefix holds the files kept through an eviction: the upload's files join them one rename each.
          for await (const b of walk(finalPath, '')) if (!keep.has(b.key)) throw conflict();
          for await (const b of walk(dir, '')) {
            const target = join(finalPath, ...b.key.split('/'));
            await mkdir(dirname(target), { recursive: true });
            await rename(join(dir, ...b.key.split('/')), target);
          }
          await rm(dir, { recursive: true, force: true });
        },
        async abort() {
          await rm(dir, { recursive: true, force: true });
        },
      };
    },
    async sweepUploads(keep: (uploadId: string) => boolean): Promise<string[]> {
      let ids: string[];
      try {
        ids = await readdir(join(root, INCOMING));
      } catch {
        return [];
      }
      const removed = ids.filter((id) => !keep(id));
      await Promise.all(removed.map((id) => rm(join(root, INCOMING, id), { recursive: true, force: true })));
      return removed;
    },
  };
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

async function* walk(dir: string, keyPrefix: string): AsyncIterable<BlobInfo> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' || (error as NodeJS.ErrnoException).code === 'ENOTDIR') return;
    throw error;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : 1));
  for (const e of entries) {
    if (keyPrefix === '' && e.name.startsWith('.')) continue;
    if (e.name.includes('.part-')) continue;
    const key = keyPrefix === '' ? e.name : `${keyPrefix}/${e.name}`;
    if (e.isDirectory()) yield* walk(join(dir, e.name), key);
    else if (e.isFile()) {
      const s = await stat(join(dir, e.name));
      yield { key, sizeBytes: s.size, modifiedAt: s.mtime.toISOString() };
    }
  }
}

/** Removes folders left empty by a delete, up to (not including) the store root. */
async function pruneEmptyParents(root: string, dir: string): Promise<void> {
  let current = dir;
  while (current.startsWith(root) && current !== root) {
    try {
      const entries = await readdir(current);
      if (entries.length > 0) return;
      await rmdir(current);
    } catch {
      return;
    }
    current = dirname(current);
  }
}
