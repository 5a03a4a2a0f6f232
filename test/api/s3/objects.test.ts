import { afterAll, beforeAll, expect, it } from 'vitest';
import { XMLParser } from 'fast-xml-parser';
import { insertProduct } from '../../../src/catalog/index.ts';
import type { Hub } from '../../../src/hub/index.ts';
import { buildProduct } from '../../support/products.ts';
import { buildTestHub } from '../../support/hub.ts';
import { addStoredProduct, s3Request, type S3Credentials } from '../../support/s3.ts';
import { withDb } from '../../support/with-db.ts';

const xml = new XMLParser({ isArray: (name) => ['Contents', 'CommonPrefixes'].includes(name) });

interface Listing {
  ListBucketResult: {
    Contents?: { Key: string; Size: number; ETag: string; StorageClass: string }[];
    CommonPrefixes?: { Prefix: string }[];
    IsTruncated: boolean;
    KeyCount?: number;
    NextContinuationToken?: string;
    NextMarker?: string;
  };
}

const DAY = 'Sentinel-2/MSI/L2A/2024/05/01';
const B04 = Buffer.from(Array.from({ length: 5000 }, (_, i) => i % 251));

withDb('S3 access API: ListObjects, GetObject, HeadObject', (ctx) => {
  let hub: Hub;
  let admin: S3Credentials;
  const list = async (query: Record<string, string>): Promise<Listing['ListBucketResult']> => {
    const r = await s3Request(hub.s3App, admin, { key: '', query });
    expect(r.statusCode, r.body).toBe(200);
    return (xml.parse(r.body) as Listing).ListBucketResult;
  };

  beforeAll(async () => {
    hub = await buildTestHub(ctx.db, { s3: { accessKeyId: 'EOHTESTADMINKEY0001', secretAccessKey: 'test-admin-secret-0123456789' } });
    admin = { accessKeyId: 'EOHTESTADMINKEY0001', secretAccessKey: 'test-admin-secret-0123456789' };
    for (let i = 0; i < 12; i++) {
      const tile = `T33TU${String.fromCharCode(65 + i)}`;
      await addStoredProduct(hub, `${DAY}/S2A_MSIL2A_20240501T101021_N0510_R022_${tile}_20240501T120000.SAFE`, {
        'manifest.safe': Buffer.from(`<xfdu>${tile}</xfdu>`),
        'GRANULE/IMG_DATA/B04.jp2': B04,
      });
    }
    // A folder name that is a prefix of another: key order must still be byte order.
    await addStoredProduct(hub, 'Sentinel-1/SAR/GRD/2024/05/01/X', { 'a.txt': Buffer.from('x') });
    await addStoredProduct(hub, 'Sentinel-1/SAR/GRD/2024/05/01/X.SAFE', { 'a.txt': Buffer.from('y') });
    await addStoredProduct(
      hub,
      'Sentinel-3/OLCI/OL_1_EFR___/2024/05/01/OFFLINE.SEN3',
      { 'xfdumanifest.xml': Buffer.from('<x/>') },
      { online: false },
    );
  });

  afterAll(async () => {
    await hub.close();
  });

  it('lists the top folders as common prefixes with delimiter /', async () => {
    const r = await list({ 'list-type': '2', delimiter: '/' });
    expect(r.CommonPrefixes?.map((p) => p.Prefix)).toEqual(['Sentinel-1/', 'Sentinel-2/', 'Sentinel-3/']);
    expect(r.Contents).toBeUndefined();
    expect(r.IsTruncated).toBe(false);
  });

  it('lists one day as one common prefix per product, paging with continuation tokens', async () => {
    const seen: string[] = [];
    let token: string | undefined;
    for (let page = 0; page < 10; page++) {
      const r = await list({
        'list-type': '2',
        prefix: `${DAY}/`,
        delimiter: '/',
        'max-keys': '5',
        ...(token ? { 'continuation-token': token } : {}),
      });
      seen.push(...(r.CommonPrefixes ?? []).map((p) => p.Prefix));
      expect(r.KeyCount).toBe((r.CommonPrefixes ?? []).length);
      token = r.NextContinuationToken;
      if (!r.IsTruncated) break;
    }
    expect(seen).toHaveLength(12);
    expect(new Set(seen).size).toBe(12);
    expect([...seen].sort()).toEqual(seen);
    expect(seen.every((p) => p.startsWith(`${DAY}/S2A_MSIL2A_`) && p.endsWith('.SAFE/'))).toBe(true);
  });

  it('lists every key under a prefix without delimiter, in byte order, with sizes and MD5 ETags', async () => {
    const r = await list({ 'list-type': '2', prefix: 'Sentinel-1/' });
    expect(r.Contents?.map((c) => c.Key)).toEqual(['Sentinel-1/SAR/GRD/2024/05/01/X.SAFE/a.txt', 'Sentinel-1/SAR/GRD/2024/05/01/X/a.txt']);
    const s2 = await list({ 'list-type': '2', prefix: `${DAY}/`, 'max-keys': '1000' });
    expect(s2.Contents).toHaveLength(24);
    const b04 = s2.Contents?.find((c) => c.Key.endsWith('B04.jp2'));
    expect(b04?.Size).toBe(5000);
    expect(b04?.ETag).toMatch(/^"[0-9a-f]{32}"$/);
  });

  it('lists inside one product, after start-after, and with V1 markers', async () => {
    const first = (await list({ 'list-type': '2', prefix: `${DAY}/`, 'max-keys': '1' })).Contents?.[0]?.Key ?? '';
    const product = first.slice(0, first.lastIndexOf('.SAFE/') + 6);
    const inside = await list({ 'list-type': '2', prefix: product, delimiter: '/' });
    expect(inside.Contents?.map((c) => c.Key)).toEqual([`${product}manifest.safe`]);
    expect(inside.CommonPrefixes?.map((p) => p.Prefix)).toEqual([`${product}GRANULE/`]);
    const after = await list({ 'list-type': '2', prefix: product, 'start-after': `${product}GRANULE/IMG_DATA/B04.jp2` });
    expect(after.Contents?.map((c) => c.Key)).toEqual([`${product}manifest.safe`]);
    const v1 = await list({ prefix: `${DAY}/`, delimiter: '/', 'max-keys': '10' });
    expect(v1.IsTruncated).toBe(true);
    const v1next = await list({ prefix: `${DAY}/`, delimiter: '/', marker: v1.NextMarker ?? '' });
    expect(v1next.CommonPrefixes).toHaveLength(2);
  });

  it('url-encodes keys when asked (encoding-type=url, as the AWS CLI asks)', async () => {
    const r = await list({ 'list-type': '2', prefix: 'Sentinel-1/', 'encoding-type': 'url' });
    expect(r.Contents?.[0]?.Key).toBe('Sentinel-1/SAR/GRD/2024/05/01/X.SAFE/a.txt');
  });

  it('gets an object whole and by range (206), and answers 416 InvalidRange past the end', async () => {
    const key = (await list({ 'list-type': '2', prefix: `${DAY}/` })).Contents?.find((c) => c.Key.endsWith('B04.jp2'))?.Key ?? '';
    const whole = await s3Request(hub.s3App, admin, { key });
    expect(whole.statusCode).toBe(200);
    expect(whole.rawPayload.equals(B04)).toBe(true);
    expect(whole.headers['etag']).toMatch(/^"[0-9a-f]{32}"$/);
    const part = await s3Request(hub.s3App, admin, { key, headers: { range: 'bytes=100-199' } });
    expect(part.statusCode).toBe(206);
    expect(part.headers['content-range']).toBe('bytes 100-199/5000');
    expect(part.rawPayload.equals(B04.subarray(100, 200))).toBe(true);
    const tail = await s3Request(hub.s3App, admin, { key, headers: { range: 'bytes=-10' } });
    expect(tail.rawPayload.equals(B04.subarray(4990))).toBe(true);
    const bad = await s3Request(hub.s3App, admin, { key, headers: { range: 'bytes=6000-7000' } });
    expect(bad.statusCode).toBe(416);
    expect(bad.body).toContain('<Code>InvalidRange</Code>');
    expect(bad.headers['content-range']).toBe('bytes */5000');
  });

  it('heads an object, and answers NoSuchKey and NoSuchBucket in S3 XML', async () => {
    const key = `${(await list({ 'list-type': '2', prefix: `${DAY}/` })).Contents?.[0]?.Key}`;
    const head = await s3Request(hub.s3App, admin, { method: 'HEAD', key });
    expect(head.statusCode).toBe(200);
    expect(Number(head.headers['content-length'])).toBeGreaterThan(0);
    expect(head.body).toBe('');
    const missing = await s3Request(hub.s3App, admin, { key: `${DAY}/nothing/here.txt` });
    expect(missing.statusCode).toBe(404);
    expect(missing.body).toContain('<Code>NoSuchKey</Code>');
    expect((await s3Request(hub.s3App, admin, { method: 'HEAD', key: `${DAY}/nope` })).statusCode).toBe(404);
    const bucket = await s3Request(hub.s3App, admin, { bucket: 'other', key: 'x' });
    expect(bucket.statusCode).toBe(404);
    expect(bucket.body).toContain('<Code>NoSuchBucket</Code>');
  });

  it('lists offline products but refuses to read them with InvalidObjectState', async () => {
    const r = await list({ 'list-type': '2', prefix: 'Sentinel-3/' });
    expect(r.Contents?.[0]?.StorageClass).toBe('GLACIER');
    const get = await s3Request(hub.s3App, admin, { key: r.Contents?.[0]?.Key ?? '' });
    expect(get.statusCode).toBe(403);
    expect(get.body).toContain('<Code>InvalidObjectState</Code>');
  });

  it('lists the one bucket, and refuses writes as AccessDenied', async () => {
    const buckets = await s3Request(hub.s3App, admin, {});
    expect(buckets.statusCode).toBe(200);
    expect(buckets.body).toContain('<Name>eodata</Name>');
    const put = await s3Request(hub.s3App, admin, { method: 'PUT', key: 'Sentinel-2/x' });
    expect(put.statusCode).toBe(403);
    expect(put.body).toContain('<Code>AccessDenied</Code>');
  });

  it('pages through hundreds of products in byte order, without missing or repeating a key', async () => {
    // 300 more products over 3 days, registered in bulk with one file each.
    for (let i = 0; i < 300; i++) {
      const day = `Sentinel-2/MSI/L1C/2023/0${1 + (i % 3)}/1${i % 7}`;
      await insertProduct(
        hub.deps.db,
        buildProduct({
          name: `S2A_MSIL1C_${String(i).padStart(4, '0')}_x${i % 11}.SAFE`,
          storage: { store: 'online', path: `${day}/S2A_MSIL1C_${String(i).padStart(4, '0')}_x${i % 11}.SAFE` },
          files: [
            {
              path: 'manifest.safe',
              sizeBytes: 1,
              md5: 'd41d8cd98f00b204e9800998ecf8427e',
              blake3: 'x',
              crc32: 0,
              mediaType: 'application/xml',
              role: 'metadata',
            },
          ],
        }),
      );
    }
    const expected = (
      await ctx.db.query<{ key: string }>(
        `SELECT p.storage_path || '/' || f.path AS key FROM products p JOIN product_files f ON f.product_id = p.id
          WHERE p.storage_path LIKE 'Sentinel-2/MSI/L1C/%' ORDER BY (p.storage_path || '/' || f.path) COLLATE "C"`,
      )
    ).rows.map((r) => r.key);
    expect(expected).toHaveLength(300);
    const keys: string[] = [];
    let token: string | undefined;
    for (let page = 0; page < 20; page++) {
      const r = await list({
        'list-type': '2',
        prefix: 'Sentinel-2/MSI/L1C/',
        'max-keys': '70',
        ...(token ? { 'continuation-token': token } : {}),
      });
      keys.push(...(r.Contents ?? []).map((c) => c.Key));
      token = r.NextContinuationToken;
      if (!r.IsTruncated) break;
    }
    expect(keys).toEqual(expected);
    const days = await list({ 'list-type': '2', prefix: 'Sentinel-2/MSI/L1C/2023/', delimiter: '/' });
    expect(days.CommonPrefixes?.map((p) => p.Prefix)).toEqual(['01/', '02/', '03/'].map((m) => `Sentinel-2/MSI/L1C/2023/${m}`));
  });

  it('answers bad parameters with 400 InvalidArgument, never 500', async () => {
    for (const query of [
      { 'list-type': '3' },
      { 'list-type': '2', 'max-keys': '-1' },
      { 'list-type': '2', 'continuation-token': '%%%' },
      { 'encoding-type': 'xml' },
    ]) {
      const r = await s3Request(hub.s3App, admin, { key: '', query });
      expect(r.statusCode, JSON.stringify(query)).toBe(400);
      expect(r.body).toContain('<Code>InvalidArgument</Code>');
    }
  });
});
