import { Readable } from 'node:stream';
import type { BlobStore } from './blob-store.ts';

/**
 * A run of bytes read in order, chunk by chunk, into a buffer the consumer lends. A sender that knows
 * when the socket is done with a chunk (download's HTTP sender) lends the same few buffers over and
 * over: a 1 GiB download then allocates no memory and takes no page faults per chunk, and reading chunk
 * k+1 from disk overlaps writing chunk k to the socket. Streams (`readableOf`) lend a fresh buffer each
 * time instead, since a stream's consumer may keep its chunks.
 */
export interface ByteSource {
  /**
   * The next bytes, or null after the last: a view of `scratch` that the source filled, or a buffer of
   * its own (generated headers, a stream store's chunks), which the caller must not write into.
   */
  next(scratch: Buffer): Promise<Buffer | null>;
  /** Releases what the source holds (open files); safe to call twice and before the end. */
  close(): Promise<void>;
}

/** Bytes [start, end] (inclusive) of a stored object: positional reads where the store offers them, else its ranged stream. */
export async function blobSource(store: BlobStore, key: string, start: number, end: number): Promise<ByteSource> {
  if (!store.openReader) return streamSource(await store.get(key, { start, end }));
  const reader = await store.openReader(key, { start, end });
  let position = start;
  const last = Math.min(end, reader.sizeBytes - 1);
  return {
    async next(scratch) {
      if (position > last) return null;
      const n = await reader.read(scratch.subarray(0, Math.min(scratch.length, last - position + 1)), position);
      // A file that shrank under us: stop short, and the response ends short of its Content-Length.
      if (n === 0) throw new Error(`${key} ended at byte ${position}, before ${last + 1}`);
      position += n;
      return scratch.subarray(0, n);
    },
    close: () => reader.close(),
  };
}

/** A stream as a source: its chunks as they come; `scratch` is not used. */
export function streamSource(stream: Readable): ByteSource {
  const chunks = stream[Symbol.asyncIterator]();
  return {
    async next() {
      const r = await chunks.next();
      // Stores stream Buffers (blob-store.ts); a string would be a bug upstream.
      return r.done === true ? null : (r.value as Buffer);
    },
    async close() {
      stream.destroy();
    },
  };
}

/** The source as a stream, reading `chunkBytes` at a time into fresh buffers; destroying the stream closes the source. */
export function readableOf(source: ByteSource, chunkBytes = 1 << 20): Readable {
  // A buffer the source did not fill (it returned one of its own) is lent again next time.
  let spare: Buffer | null = null;
  let reading: Promise<unknown> = Promise.resolve();
  return new Readable({
    read() {
      const scratch = spare ?? Buffer.allocUnsafe(chunkBytes);
      spare = null;
      const next = source.next(scratch);
      reading = next.catch(() => undefined);
      next.then(
        (chunk) => {
          if (chunk && chunk.buffer !== scratch.buffer) spare = scratch;
          this.push(chunk);
        },
        (error: unknown) => this.destroy(error as Error),
      );
    },
    destroy(error, callback) {
      // A read in flight may still open a file (the next one of a zip): close once it has settled.
      reading
        .then(() => source.close())
        .then(
          () => callback(error),
          () => callback(error),
        );
    },
  });
}
