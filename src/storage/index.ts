/**
 * Storage: blob stores behind one interface (streamed put, ranged get, head, list, delete, atomic
 * product uploads) and the CDSE-like key layout. Two tiers, each a named store: `online` (the fast,
 * limited cache downloads read; on the filesystem or on an S3-compatible service, storage.backend) and
 * `archive` (the long-term copy of every product, on the filesystem; archive/ moves products between
 * them). Owns no tables.
 */
import { join, resolve } from 'node:path';
import type { HubConfig } from '../config/index.ts';
import type { BlobStore } from './blob-store.ts';
import { createFsStore } from './fs-store.ts';
import { createS3Store } from './s3-store.ts';

export type { BlobStore, BlobInfo, BlobLocation, BlobReader, ByteRange, ProductUpload } from './blob-store.ts';
export { blobSource, readableOf, streamSource, type ByteSource } from './byte-source.ts';
export { createFsStore } from './fs-store.ts';
export { createS3Store, type S3StoreSettings } from './s3-store.ts';
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
  const archive = createFsStore('archive', resolve(config.archive.dir ?? join(config.dataDir, 'archive')));
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
