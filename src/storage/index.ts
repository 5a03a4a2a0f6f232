/**
 * Storage: blob stores behind one interface (streamed put, ranged get, head, list, delete, atomic
 * product uploads) and the CDSE-like key layout. Two tiers, each a named store: `online` (the fast,
 * limited cache downloads read; on the filesystem or on an S3-compatible service, storage.backend) and
 * `archive` (the long-term copy of every product, in a folder or its own bucket, archive.backend;
 * archive/ moves products between them). Owns no tables.
 */
import { join, resolve } from 'node:path';
import type { HubConfig } from '../config/index.ts';
import type { BlobStore } from './blob-store.ts';
import { createFsStore } from './fs-store.ts';
import { createS3Store, type S3StoreSettings } from './s3-store.ts';

export type { BlobStore, BlobInfo, BlobLocation, BlobReader, ByteRange, ProductUpload, ProductUploadOptions } from './blob-store.ts';
export { blobSource, readableOf, streamSource, type ByteSource } from './byte-source.ts';
export { createFsStore } from './fs-store.ts';
export { createS3Client, createS3Store, type S3StoreSettings } from './s3-store.ts';
export { productPrefix } from './layout.ts';
export { checkKey, joinKey } from './keys.ts';
export { STORAGE_ERRORS } from './errors.ts';

export interface Stores {
  /** The store new products go to: the online tier. */
  primary: BlobStore;
  /** The long-term archive tier, holding a copy of every product. */
  archive: BlobStore;
  byName(name: string): BlobStore;
}

export function openStores(config: HubConfig): Stores {
  const online =
    config.storage.backend === 's3'
      ? createS3Store('online', config.storage.s3)
      : createFsStore('online', resolve(config.storageDir ?? join(config.dataDir, 'products')));
  const archive =
    config.archive.backend === 's3'
      ? createS3Store('archive', archiveS3Settings(config))
      : createFsStore('archive', resolve(config.archive.dir ?? join(config.dataDir, 'archive')));
  const all = new Map([
    [online.name, online],
    [archive.name, archive],
  ]);
  return {
    primary: online,
    archive,
    byName(name) {
      const store = all.get(name);
      if (!store) throw new Error(`no store named ${name}`);
      return store;
    },
  };
}

/** The archive bucket's settings: its own bucket and prefix, the rest from storage.s3 unless archive.s3 sets it. */
export function archiveS3Settings(config: HubConfig): S3StoreSettings {
  const own = Object.fromEntries(Object.entries(config.archive.s3).filter(([, v]) => v !== undefined));
  return { ...config.storage.s3, ...own, bucket: config.archive.s3.bucket, prefix: config.archive.s3.prefix };
}
