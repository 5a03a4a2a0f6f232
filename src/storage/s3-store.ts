import { PassThrough, type Readable } from 'node:stream';
import {
  CopyObjectCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { HubError } from '../errors/index.ts';
import type { BlobInfo, BlobStore, ByteRange, ProductUpload, ProductUploadOptions } from './blob-store.ts';
import { STORAGE_ERRORS } from './errors.ts';
import { checkKey } from './keys.ts';

const INCOMING = '.incoming';
/** Written into an upload's staging folder while its commit copies files into place (no product file can be named so: checkKey). */
const JOURNAL = '.commit';

interface CommitJournal {
  /** The product's folder, as a bucket key ending in '/'. */
  folder: string;
  /** Paths of the files the commit copies there, relative to the folder. */
  files: string[];
}

export interface S3StoreSettings {
  /** S3-compatible endpoint (MinIO, Ceph RGW, ...); AWS when undefined. */
  endpoint?: string | undefined;
  region: string;
  bucket: string;
  /** Key prefix inside the bucket ('' or ending without '/'). */
  prefix: string;
  accessKeyId?: string | undefined;
  secretAccessKey?: string | undefined;
  forcePathStyle: boolean;
  /** Attempts per request (the SDK's standard retry mode: exponential backoff with jitter). */
  maxAttempts: number;
}

/** Parts of a multipart upload: 16 MiB, 4 in flight (≤ 64 MiB buffered per put, 10,000 parts ≈ 160 GiB). */
const PART_BYTES = 16 * 1024 * 1024;
const QUEUE_SIZE = 4;

const statusOf = (error: unknown): number | undefined => (error instanceof S3ServiceException ? error.$metadata.httpStatusCode : undefined);

/** The SDK client a store of these settings talks through. */
export function createS3Client(settings: S3StoreSettings): S3Client {
  return new S3Client({
    region: settings.region,
    forcePathStyle: settings.forcePathStyle,
    maxAttempts: settings.maxAttempts,
    ...(settings.endpoint ? { endpoint: settings.endpoint } : {}),
    ...(settings.accessKeyId && settings.secretAccessKey
      ? { credentials: { accessKeyId: settings.accessKeyId, secretAccessKey: settings.secretAccessKey } }
      : {}),
  });
}

/**
 * A blob store on an S3-compatible service (@aws-sdk/client-s3): streamed multipart puts
 * (@aws-sdk/lib-storage), ranged gets, retries with backoff. S3 has no atomic rename, so a product
 * upload is written under `<prefix>/.incoming/<id>/` and `commit()` copies it into place server-side
 * (CopyObject: one file ≤ 5 GiB) after checking that the product's prefix holds nothing else. Before
 * the first copy it writes a journal naming what it will publish and deletes it after the last: a
 * commit that fails is undone at once, and one cut short by a crash is undone when the upload is swept
 * (the retry of the same job, or ingest recovery), so a prefix never keeps half a product. `client`
 * replaces the one built from the settings (tests inject failures through its middleware).
 */
export function createS3Store(name: string, settings: S3StoreSettings, options: { client?: S3Client } = {}): BlobStore {
  const client = options.client ?? createS3Client(settings);
  const Bucket = settings.bucket;
  const root = settings.prefix.replace(/\/+$/, '');
  const objectKey = (key: string): string => (root === '' ? key : `${root}/${key}`);
  const storeKey = (s3Key: string): string => (root === '' ? s3Key : s3Key.slice(root.length + 1));

  const upload = async (s3Key: string, data: Readable): Promise<number> => {
    let size = 0;
    const counted = new PassThrough();
    data.on('data', (chunk: Buffer) => {
      size += chunk.length;
    });
    data.on('error', (error) => counted.destroy(error));
    data.pipe(counted);
    await new Upload({ client, params: { Bucket, Key: s3Key, Body: counted }, partSize: PART_BYTES, queueSize: QUEUE_SIZE }).done();
    return size;
  };

  async function* listKeys(s3Prefix: string): AsyncIterable<{ Key: string; Size: number; LastModified: Date }> {
    let ContinuationToken: string | undefined;
    do {
      const page = await client.send(
        new ListObjectsV2Command({ Bucket, Prefix: s3Prefix, ...(ContinuationToken ? { ContinuationToken } : {}) }),
      );
      for (const o of page.Contents ?? []) {
        if (o.Key !== undefined) yield { Key: o.Key, Size: o.Size ?? 0, LastModified: o.LastModified ?? new Date(0) };
      }
      ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (ContinuationToken);
  }

  const deleteUnder = async (s3Prefix: string): Promise<void> => {
    let batch: { Key: string }[] = [];
    const flush = async (): Promise<void> => {
      if (batch.length > 0) await client.send(new DeleteObjectsCommand({ Bucket, Delete: { Objects: batch, Quiet: true } }));
      batch = [];
    };
    for await (const o of listKeys(s3Prefix)) {
      batch.push({ Key: o.Key });
      if (batch.length === 1000) await flush();
    }
    await flush();
  };

  const folder = (prefix: string): string => `${objectKey(checkKey(prefix.replace(/\/$/, '')))}/`;
  const stagingOf = (uploadId: string): string => `${objectKey(`${INCOMING}/${checkKey(uploadId)}`)}/`;
  /** Removes what a commit published: the files it copied, not the kept ones beside them; then its journal. */
  const undoCommit = async (journal: CommitJournal, journalKey?: string): Promise<void> => {
    for (let i = 0; i < journal.files.length; i += 1000) {
      const Objects = journal.files.slice(i, i + 1000).map((rel) => ({ Key: `${journal.folder}${rel}` }));
      await client.send(new DeleteObjectsCommand({ Bucket, Delete: { Objects, Quiet: true } }));
    }
    if (journalKey) await client.send(new DeleteObjectCommand({ Bucket, Key: journalKey }));
  };
  /** Undoes the commit an upload's journal says was under way (a crash or a lost connection mid-commit). */
  const undoJournaled = async (staging: string): Promise<void> => {
    let text: string;
    try {
      const r = await client.send(new GetObjectCommand({ Bucket, Key: `${staging}${JOURNAL}` }));
      text = (await r.Body?.transformToString()) ?? '';
    } catch (error) {
      if (statusOf(error) === 404) return;
      throw error;
    }
    await undoCommit(JSON.parse(text) as CommitJournal, `${staging}${JOURNAL}`);
  };

  return {
    name,
    put: async (key, data) => upload(objectKey(checkKey(key)), data),

    async get(key: string, range?: ByteRange): Promise<Readable> {
      if (range && (range.start < 0 || range.end < range.start)) {
        throw new HubError(STORAGE_ERRORS.INVALID_RANGE, 'range', `range ${range.start}-${range.end} is not a byte range`);
      }
      try {
        const r = await client.send(
          new GetObjectCommand({ Bucket, Key: objectKey(checkKey(key)), ...(range ? { Range: `bytes=${range.start}-${range.end}` } : {}) }),
        );
        // In Node.js the SDK's body is an IncomingMessage, a Readable.
        return r.Body as Readable;
      } catch (error) {
        const status = statusOf(error);
        if (status === 404) throw new HubError(STORAGE_ERRORS.NOT_FOUND, 'not_found', `no object ${key} in store ${name}`);
        if (status === 416)
          throw new HubError(STORAGE_ERRORS.INVALID_RANGE, 'range', `range ${range?.start}-${range?.end} is outside ${key}`);
        throw error;
      }
    },

    async head(key: string): Promise<BlobInfo | null> {
      try {
        const r = await client.send(new HeadObjectCommand({ Bucket, Key: objectKey(checkKey(key)) }));
        return { key, sizeBytes: r.ContentLength ?? 0, modifiedAt: (r.LastModified ?? new Date(0)).toISOString() };
      } catch (error) {
        if (statusOf(error) === 404) return null;
        throw error;
      }
    },

    async *list(prefix: string): AsyncIterable<BlobInfo> {
      const s3Prefix = prefix === '' ? (root === '' ? '' : `${root}/`) : folder(prefix);
      for await (const o of listKeys(s3Prefix)) {
        const key = storeKey(o.Key);
        if (key.startsWith(`${INCOMING}/`)) continue;
        yield { key, sizeBytes: o.Size, modifiedAt: o.LastModified.toISOString() };
      }
    },

    async delete(key: string): Promise<void> {
      await client.send(new DeleteObjectCommand({ Bucket, Key: objectKey(checkKey(key)) }));
    },

    deletePrefix: async (prefix) => deleteUnder(folder(prefix)),

    async beginProductUpload(prefix: string, uploadId: string, options: ProductUploadOptions = {}): Promise<ProductUpload> {
      const finalFolder = folder(prefix);
      const staging = stagingOf(uploadId);
      const keep = new Set(options.keep ?? []);
      const written: string[] = [];
      return {
        id: uploadId,
        async put(relPath, data) {
          written.push(checkKey(relPath));
          return upload(`${staging}${relPath}`, data);
        },
        async commit() {
          for await (const o of listKeys(finalFolder)) {
            if (!keep.has(o.Key.slice(finalFolder.length))) {
              throw new HubError(STORAGE_ERRORS.CONFLICT, 'conflict', `${prefix} already exists in store ${name}`);
            }
          }
          const journal: CommitJournal = { folder: finalFolder, files: written };
          await client.send(new PutObjectCommand({ Bucket, Key: `${staging}${JOURNAL}`, Body: JSON.stringify(journal) }));
          try {
            for (const rel of written) {
              await client.send(
                new CopyObjectCommand({
                  Bucket,
                  Key: `${finalFolder}${rel}`,
                  CopySource: `${Bucket}/${`${staging}${rel}`.split('/').map(encodeURIComponent).join('/')}`,
                }),
              );
            }
          } catch (error) {
            // Undone at once when S3 still answers; otherwise the journal lets a sweep of this upload undo it.
            await undoCommit(journal).catch(() => undefined);
            throw error;
          }
          // The commit point: without its journal, no sweep touches the published files.
          await client.send(new DeleteObjectCommand({ Bucket, Key: `${staging}${JOURNAL}` }));
          await deleteUnder(staging);
        },
        abort: async () => {
          await undoJournaled(staging);
          await deleteUnder(staging);
        },
      };
    },
    async sweepUploads(keep: (uploadId: string) => boolean): Promise<string[]> {
      const base = `${objectKey(INCOMING)}/`;
      const ids = new Set<string>();
      for await (const o of listKeys(base)) ids.add(o.Key.slice(base.length).split('/')[0] ?? '');
      const removed = [...ids].filter((id) => id !== '' && !keep(id));
      for (const id of removed) {
        await undoJournaled(`${base}${id}/`);
        await deleteUnder(`${base}${id}/`);
      }
      return removed.sort();
    },
  };
}
