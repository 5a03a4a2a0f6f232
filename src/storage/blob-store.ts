import type { Readable } from 'node:stream';

/** Where a product's files live: a named store (a tier) and a key prefix inside it. */
export interface BlobLocation {
  store: string;
  key: string;
}

export interface BlobInfo {
  key: string;
  sizeBytes: number;
  modifiedAt: string;
}

/** Inclusive byte range, as HTTP Range counts. */
export interface ByteRange {
  start: number;
  end: number;
}

/** Positional reads of one stored object, for senders that reuse their buffers (byte-source.ts). */
export interface BlobReader {
  readonly sizeBytes: number;
  /** Reads up to `into.length` bytes at `position` into `into`; how many it read (0 past the end). */
  read(into: Buffer, position: number): Promise<number>;
  close(): Promise<void>;
}

/**
 * An upload of a whole product under one prefix. Nothing is visible under the prefix before `commit()`
 * where the store can do that (filesystem: one directory rename); elsewhere the catalogue's pending
 * ingest row lets recovery remove what a crash left behind.
 */
export interface ProductUpload {
  readonly id: string;
  put(relPath: string, data: Readable): Promise<number>;
  /** Makes the product visible under its prefix; fails with STORAGE_CONFLICT if the prefix exists. */
  commit(): Promise<void>;
  abort(): Promise<void>;
}

/** A blob store: streamed put, ranged get, head, list and delete (filesystem now, S3 later). */
export interface BlobStore {
  readonly name: string;
  put(key: string, data: Readable): Promise<number>;
  get(key: string, range?: ByteRange): Promise<Readable>;
  /** Positional reads within `range` (checked as `get` checks it); stores without them are read through `get`. */
  openReader?(key: string, range: ByteRange): Promise<BlobReader>;
  head(key: string): Promise<BlobInfo | null>;
  list(prefix: string): AsyncIterable<BlobInfo>;
  delete(key: string): Promise<void>;
  deletePrefix(prefix: string): Promise<void>;
  beginProductUpload(prefix: string, uploadId: string): Promise<ProductUpload>;
  /** Removes uploads that never committed (crash leftovers); `keep` says which upload ids are still live. */
  sweepUploads(keep: (uploadId: string) => boolean): Promise<string[]>;
}
