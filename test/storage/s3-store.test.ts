import { randomBytes, randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createS3Store, type BlobStore } from '../../src/storage/index.ts';
import { startS3rver } from '../support/s3.ts';
import { describeBlobStore } from './blob-store-contract.ts';

let server: Awaited<ReturnType<typeof startS3rver>>;
let endpoint = '';

beforeAll(async () => {
  server = await startS3rver('eohub-test');
  endpoint = server.endpoint;
});

afterAll(async () => {
  await server.close();
});

/** A store under a fresh prefix of the one bucket, so that every test starts empty. */
const newStore = async (): Promise<BlobStore> =>
  createS3Store('online', {
    endpoint,
    region: 'us-east-1',
    bucket: 'eohub-test',
    prefix: `t-${randomUUID()}`,
    accessKeyId: 'S3RVER',
    secretAccessKey: 'S3RVER',
    forcePathStyle: true,
    maxAttempts: 3,
  });

describeBlobStore('S3', newStore);

describe('S3 blob store on s3rver', () => {
  it('streams a put larger than one part as a multipart upload and reads ranges across part boundaries', async () => {
    const store = await newStore();
    const data = randomBytes(20 * 1024 * 1024 + 123);
    expect(await store.put('big/file.bin', Readable.from([data.subarray(0, 7_000_000), data.subarray(7_000_000)]))).toBe(data.length);
    expect((await store.head('big/file.bin'))?.sizeBytes).toBe(data.length);
    const start = 16 * 1024 * 1024 - 10;
    const chunks: Buffer[] = [];
    for await (const c of await store.get('big/file.bin', { start, end: start + 99 })) chunks.push(c as Buffer);
    expect(Buffer.concat(chunks).equals(data.subarray(start, start + 100))).toBe(true);
  }, 60_000);

  it('answers an unreachable service with an error, not a hang', async () => {
    const store = createS3Store('online', {
      endpoint: 'http://127.0.0.1:9',
      region: 'us-east-1',
      bucket: 'x',
      prefix: '',
      accessKeyId: 'a',
      secretAccessKey: 'b',
      forcePathStyle: true,
      maxAttempts: 2,
    });
    await expect(store.head('a')).rejects.toThrow();
  }, 30_000);
});
