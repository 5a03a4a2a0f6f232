import { randomBytes, randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createS3Client, createS3Store, type BlobStore, type S3StoreSettings } from '../../src/storage/index.ts';
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

const settingsUnder = (prefix: string): S3StoreSettings => ({
  endpoint,
  region: 'us-east-1',
  bucket: 'eohub-test',
  prefix,
  accessKeyId: 'S3RVER',
  secretAccessKey: 'S3RVER',
  forcePathStyle: true,
  maxAttempts: 3,
});

/** A store under a fresh prefix of the one bucket, so that every test starts empty. */
const newStore = async (): Promise<BlobStore> => createS3Store('online', settingsUnder(`t-${randomUUID()}`));

/** A store whose requests fail when `fails` says so, by SDK command name and how many of that command went before. */
function storeFailing(prefix: string, fails: (command: string, seen: number) => boolean): BlobStore {
  const client = createS3Client(settingsUnder(prefix));
  const seen = new Map<string, number>();
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const command = context.commandName ?? '';
      const n = seen.get(command) ?? 0;
      seen.set(command, n + 1);
      if (fails(command, n)) throw new Error(`injected failure of ${command}`);
      return next(args);
    },
    { step: 'initialize', name: 'injectFailure' },
  );
  return createS3Store('online', settingsUnder(prefix), { client });
}

async function keysUnder(store: BlobStore, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  for await (const b of store.list(prefix)) keys.push(b.key);
  return keys;
}

const FILES = ['manifest.safe', 'GRANULE/B01.jp2', 'GRANULE/B02.jp2', 'GRANULE/B03.jp2'];

async function stageProduct(store: BlobStore, uploadId: string) {
  const up = await store.beginProductUpload('S2/X.SAFE', uploadId);
  for (const f of FILES) await up.put(f, Readable.from([Buffer.from(f)]));
  return up;
}

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

  it('undoes a commit that fails after copying some files: the prefix holds nothing, and the product can be uploaded again', async () => {
    const prefix = `t-${randomUUID()}`;
    const store = storeFailing(prefix, (command, seen) => command === 'CopyObjectCommand' && seen === 2);
    const up = await stageProduct(store, 'u1');
    await expect(up.commit()).rejects.toThrow(/injected failure of CopyObjectCommand/);
    expect(await keysUnder(store, 'S2/X.SAFE')).toEqual([]);
    await up.abort();
    await (await stageProduct(store, 'u2')).commit();
    expect(await keysUnder(store, 'S2/X.SAFE')).toHaveLength(FILES.length);
    expect(await store.sweepUploads(() => false)).toEqual([]);
  });

  it('undoes a commit cut short by a crash when its upload is swept: its journal names what it had published', async () => {
    const prefix = `t-${randomUUID()}`;
    // From the third copy on nothing gets through, not even the undo: as if the process died there.
    let dead = false;
    const dying = storeFailing(prefix, (command, seen) => (dead ||= command === 'CopyObjectCommand' && seen === 2));
    await expect((await stageProduct(dying, 'crashed')).commit()).rejects.toThrow();
    const store = createS3Store('online', settingsUnder(prefix));
    expect(await keysUnder(store, 'S2/X.SAFE')).toEqual(['S2/X.SAFE/GRANULE/B01.jp2', 'S2/X.SAFE/manifest.safe']);
    expect(await store.sweepUploads(() => false)).toEqual(['crashed']);
    expect(await keysUnder(store, '')).toEqual([]);
    expect(await store.sweepUploads(() => false)).toEqual([]);
    await (await stageProduct(store, 'retry')).commit();
    expect(await keysUnder(store, 'S2/X.SAFE')).toHaveLength(FILES.length);
  });
});
