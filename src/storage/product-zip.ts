import type { Readable } from 'node:stream';
import yazl from 'yazl';

export interface ZipEntry {
  /** Path inside the zip, '/'-separated. */
  path: string;
  sizeBytes: number;
  open: () => Readable | Promise<Readable>;
}

/** Fixed timestamp so that the same files always give the same bytes (and checksums). */
const ZIP_MTIME = new Date(Date.UTC(2000, 0, 1));

/**
 * A product's `$value` package: a stored (uncompressed) zip of its files in path order with fixed
 * metadata, so that its length is known before streaming and its MD5/BLAKE3 computed at ingest stay
 * true for every later download (as CDSE's zips are deterministic, reference/cdse.md §1.2).
 */
export function productZip(entries: readonly ZipEntry[]): { stream: Readable; sizeBytes: Promise<number> } {
  const zip = new yazl.ZipFile();
  const sorted = [...entries].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  for (const e of sorted) {
    zip.addReadStreamLazy(e.path, { mtime: ZIP_MTIME, mode: 0o100644, compress: false, size: e.sizeBytes }, (cb) => {
      Promise.resolve(e.open()).then(
        (s) => cb(null, s),
        (err: unknown) => cb(err as Error, undefined as unknown as Readable),
      );
    });
  }
  // @types/yazl declares the size callback without its argument; yazl passes the total size (README `end`).
  const end = zip.end.bind(zip) as (options: object, callback: (size: number) => void) => void;
  const sizeBytes = new Promise<number>((resolve) => {
    end({}, (size) => resolve(size));
  });
  return { stream: zip.outputStream as unknown as Readable, sizeBytes };
}
