import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import yauzl from 'yauzl';
import { HubError } from '../errors/index.ts';
import { checkRelativePath } from '../metadata/product-source.ts';
import { INGEST_ERRORS } from './errors.ts';

export interface UnzipLimits {
  maxBytes: number;
  maxFiles: number;
}

/** A ratio no real product reaches (SAFE data is already compressed) but every zip bomb does. */
const MAX_RATIO = 200;
const RATIO_MIN_BYTES = 10 * 1024 * 1024;
const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;

/**
 * Extracts a product zip into `dest`, refusing before writing anything: unreadable archives, entries
 * escaping the folder (absolute, `..`), symbolic links, too many files, more bytes than allowed, and
 * compression ratios only bombs have. yauzl also checks that each entry inflates to its declared size.
 */
export async function extractZip(zipPath: string, dest: string, limits: UnzipLimits): Promise<void> {
  const zip = await openZip(zipPath);
  try {
    const entries = await readEntries(zip);
    let total = 0;
    let files = 0;
    for (const e of entries) {
      checkRelativePath(e.fileName);
      const mode = (e.externalFileAttributes >>> 16) & S_IFMT;
      if (mode === S_IFLNK) {
        throw new HubError('UNSAFE_PATH', 'invalid', `zip entry ${e.fileName} is a symbolic link, refused`);
      }
      if (e.fileName.endsWith('/')) continue;
      files++;
      total += e.uncompressedSize;
      if (e.uncompressedSize > RATIO_MIN_BYTES && e.uncompressedSize > MAX_RATIO * Math.max(1, e.compressedSize)) {
        throw new HubError(
          INGEST_ERRORS.ZIP_BOMB,
          'invalid',
          `zip entry ${e.fileName} inflates ${Math.round(e.uncompressedSize / Math.max(1, e.compressedSize))} times, refused as a zip bomb`,
        );
      }
    }
    if (files > limits.maxFiles)
      throw new HubError(INGEST_ERRORS.TOO_MANY_FILES, 'too_large', `zip holds ${files} files, more than ${limits.maxFiles}`);
    if (total > limits.maxBytes)
      throw new HubError(INGEST_ERRORS.TOO_LARGE, 'too_large', `zip inflates to ${total} bytes, more than ${limits.maxBytes}`);
    if (files === 0) throw new HubError(INGEST_ERRORS.EMPTY, 'invalid', 'zip holds no files');

    for (const e of entries) {
      const rel = checkRelativePath(e.fileName);
      if (e.fileName.endsWith('/') || rel === '') continue;
      const target = join(dest, ...rel.split('/'));
      await mkdir(dirname(target), { recursive: true });
      const stream = await openEntry(zip, e);
      await pipeline(stream, createWriteStream(target, { flags: 'wx' }));
    }
  } catch (error) {
    if (error instanceof HubError) throw error;
    // yauzl's own name checks (validateFileName) speak of these in its messages.
    if (/^(absolute path|invalid relative path|invalid characters in fileName)/.test((error as Error).message)) {
      throw new HubError('UNSAFE_PATH', 'invalid', `zip entry refused: ${(error as Error).message}`, { cause: error });
    }
    throw new HubError(INGEST_ERRORS.CORRUPT_ZIP, 'invalid', `corrupt zip: ${(error as Error).message}`, { cause: error });
  } finally {
    zip.close();
  }
}

function openZip(path: string): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) => {
    yauzl.open(path, { lazyEntries: true, autoClose: false, strictFileNames: false, validateEntrySizes: true }, (err, zip) => {
      if (err || !zip)
        reject(
          new HubError(INGEST_ERRORS.CORRUPT_ZIP, 'invalid', `not a readable zip: ${err?.message ?? 'unknown error'}`, { cause: err }),
        );
      else resolve(zip);
    });
  });
}

function readEntries(zip: yauzl.ZipFile): Promise<yauzl.Entry[]> {
  return new Promise((resolve, reject) => {
    const entries: yauzl.Entry[] = [];
    zip.on('entry', (e: yauzl.Entry) => {
      entries.push(e);
      zip.readEntry();
    });
    zip.once('end', () => resolve(entries));
    zip.once('error', reject);
    zip.readEntry();
  });
}

function openEntry(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<Readable> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (err, stream) => {
      if (err || !stream) reject(err ?? new Error('no stream'));
      else resolve(stream);
    });
  });
}
