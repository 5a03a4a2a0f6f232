import { PassThrough, type Readable } from 'node:stream';
import {
  CopyObjectCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { HubError } from '../errors/index.ts';
import type { BlobInfo, BlobStore, ByteRange, ProductUpload } from './blob-store.ts';
import { STORAGE_ERRORS } from './errors.ts';
import { checkKey } from './keys.ts';

const INCOMING = '.incoming';

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

/**
 * A blob store on an S3-compatible service (@aws-sdk/client-s3): streamed multipart puts
 * (@aws-sdk/lib-storage), ranged gets, retries with backoff. S3 has no atomic rename, so a product
 * upload is written under `<prefix>/.incoming/<id>/` and `commit()` copies it into place server-side
 * (CopyObject: one file ≤ 5 GiB) after checking that the product's prefix is empty; a crash between the
 * two leaves what the pending ingest row lets recovery remove, as the BlobStore contract says.
 */
export function createS3Store(name: string, settings: S3StoreSettings): BlobStore {
  const client = new S3Client({
    region: settings.region,
    forcePathStyle: settings.forcePathStyle,
    maxAttempts: settings.maxAttempts,
    ...(settings.endpoint ? { endpoint: settings.endpoint } : {}),
    ...(settings.accessKeyId && settings.secretAccessKey
      ? { credentials: { accessKeyId: settings.accessKeyId, secretAccessKey: settings.secretAccessKey } }
      : {}),
  });
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

    async beginProductUpload(prefix: string, uploadId: string): Promise<ProductUpload> {
      const finalFolder = folder(prefix);
      const staging = `${objectKey(`${INCOMING}/${checkKey(uploadId)}`)}/`;
      const written: string[] = [];
      return {
        id: uploadId,
        async put(relPath, data) {
          written.push(checkKey(relPath));
          return upload(`${staging}${relPath}`, data);
        },
        async commit() {
          const existing = await client.send(new ListObjectsV2Command({ Bucket, Prefix: finalFolder, MaxKeys: 1 }));
          if ((existing.KeyCount ?? 0) > 0)
            throw new HubError(STORAGE_ERRORS.CONFLICT, 'conflict', `${prefix} already exists in store ${name}`);
          for (const rel of written) {
            await client.send(
              new CopyObjectCommand({
                Bucket,
                Key: `${finalFolder}${rel}`,
                CopySource: `${Bucket}/${`${staging}${rel}`.split('/').map(encodeURIComponent).join('/')}`,
              }),
            );
          }
          await deleteUnder(staging);
        },
        abort: async () => deleteUnder(staging),
      };
    },

    async sweepUploads(keep: (uploadId: string) => boolean): Promise<string[]> {
      const base = `${objectKey(INCOMING)}/`;
      const ids = new Set<string>();
      for await (const o of listKeys(base)) ids.add(o.Key.slice(base.length).split('/')[0] ?? '');
      const removed = [...ids].filter((id) => id !== '' && !keep(id));
      for (const id of removed) await deleteUnder(`${base}${id}/`);
      return removed.sort();
    },
  };
}
