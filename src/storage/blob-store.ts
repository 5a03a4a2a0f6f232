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
 * An upload of a whole product under one prefix. Either all of it lands under the prefix or none of it:
 * the filesystem publishes it with one directory rename; S3, which cannot, copies it into place under a
 * journal that undoes a half-done commit (on failure at once, after a crash when the upload is swept).
 * Callers point the catalogue at the prefix only after `commit()` returned.
 */
export interface ProductUpload {
  readonly id: string;
  put(relPath: string, data: Readable): Promise<number>;
  /**
   * Makes the product visible under its prefix; fails with STORAGE_CONFLICT if the prefix holds anything
   * but the upload's `keep` files.
   */
  commit(): Promise<void>;
  abort(): Promise<void>;
}

export interface ProductUploadOptions {
  /**
   * Files (paths relative to the prefix) already under the prefix that the upload completes rather than
   * replaces, and does not write: the quicklooks an evicted product kept online, when it is restored.
   */
  keep?: readonly string[];
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
  beginProductUpload(prefix: string, uploadId: string, options?: ProductUploadOptions): Promise<ProductUpload>;
  /**
   * Removes uploads that never committed (crash leftovers), undoing a commit they left half done; `keep`
   * says which upload ids are still live.
   */
  sweepUploads(keep: (uploadId: string) => boolean): Promise<string[]>;
}
