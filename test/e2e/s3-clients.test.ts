/**
 * The S3 access API as real clients of the field use it, over loopback: Debian's AWS CLI (`aws s3 ls`
 * with prefixes, `aws s3 cp` of a whole product and of one file), python3-boto3's ranged get_object (with
 * Debian's own /usr/bin/python3) and GDAL's /vsis3/ on a Cloud-Optimised GeoTIFF of a demo product, all
 * with a key pair the hub issued. Wrong keys are refused.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, readdir } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Hub } from '../../src/hub/index.ts';
import { ingestPaths } from '../../src/ingest/index.ts';
import { demoProductPaths } from '../support/demo-products.ts';
import { buildTestHub } from '../support/hub.ts';
import { withDb } from '../support/with-db.ts';

const run = promisify(execFile);

async function walk(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await walk(p)));
    else out.push(p);
  }
  return out;
}

withDb('S3 access API through the AWS CLI, boto3 and GDAL', (ctx) => {
  let hub: Hub;
  let endpoint: string;
  let env: NodeJS.ProcessEnv;
  let product: { prefix: string; files: { path: string; md5: string; size_bytes: number }[] };
  let cog: string;

  beforeAll(async () => {
    hub = await buildTestHub(ctx.db);
    const result = await ingestPaths(hub.deps.ingest, await demoProductPaths(8, 's3-clients'), { concurrency: 2 });
    expect(result.outcomes.filter((o) => o.status === 'failed')).toEqual([]);
    await hub.s3App.listen({ host: '127.0.0.1', port: 0 });
    const port = (hub.s3App.server.address() as AddressInfo).port; // a TCP listener: AddressInfo
    endpoint = `http://127.0.0.1:${port}`;
    const { secretAccessKey, info } = await hub.deps.s3.keys.createKey('admin');
    env = {
      PATH: process.env['PATH'],
      HOME: await mkdtemp(join(tmpdir(), 'eohub-aws-home-')),
      AWS_ACCESS_KEY_ID: info.accessKeyId,
      AWS_SECRET_ACCESS_KEY: secretAccessKey,
      AWS_DEFAULT_REGION: 'us-east-1',
      AWS_EC2_METADATA_DISABLED: 'true',
    };
    const r = await ctx.db.query<{ storage_path: string; id: string }>(
      `SELECT p.storage_path, p.id FROM products p WHERE p.collection = 'SENTINEL-2'
        AND EXISTS (SELECT 1 FROM product_files f WHERE f.product_id = p.id AND f.path LIKE '%.tif') ORDER BY p.storage_path LIMIT 1`,
    );
    const row = r.rows[0];
    if (!row) throw new Error('the demo has no Sentinel-2 product with GeoTIFFs');
    const files = await ctx.db.query<{ path: string; md5: string; size_bytes: number }>(
      `SELECT path, md5, size_bytes FROM product_files WHERE product_id = $1 ORDER BY path`,
      [row.id],
    );
    product = { prefix: row.storage_path, files: files.rows };
    cog = `${row.storage_path}/${files.rows.find((f) => f.path.endsWith('.tif'))?.path}`;
  }, 240_000);

  afterAll(async () => {
    await hub.close();
  });

  const aws = (...args: string[]) => run('/usr/bin/aws', ['--endpoint-url', endpoint, ...args], { env, maxBuffer: 16 << 20 });

  it('aws s3 ls lists the buckets, the folders under a prefix and the files of a product', async () => {
    expect((await aws('s3', 'ls')).stdout).toMatch(/ eodata$/m);
    expect((await aws('s3', 'ls', 's3://eodata/')).stdout).toMatch(/PRE Sentinel-2\//);
    expect((await aws('s3', 'ls', 's3://eodata/Sentinel-2/')).stdout).toMatch(/^\s+PRE MSI\/$/m);
    const day = product.prefix.split('/').slice(0, 6).join('/');
    expect((await aws('s3', 'ls', `s3://eodata/${day}/`)).stdout).toContain(`PRE ${product.prefix.split('/')[6]}/`);
    const recursive = (await aws('s3', 'ls', '--recursive', `s3://eodata/${product.prefix}/`)).stdout.trim().split('\n');
    expect(recursive).toHaveLength(product.files.length);
  }, 60_000);

  it('aws s3 cp copies a whole product and one file, byte for byte', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'eohub-aws-cp-'));
    await aws('s3', 'cp', '--recursive', '--only-show-errors', `s3://eodata/${product.prefix}/`, join(dir, 'product'));
    const copied = await walk(join(dir, 'product'));
    expect(copied.map((p) => relative(join(dir, 'product'), p)).sort()).toEqual(product.files.map((f) => f.path).sort());
    for (const f of product.files) {
      const data = await readFile(join(dir, 'product', f.path));
      expect(createHash('md5').update(data).digest('hex'), f.path).toBe(f.md5);
    }
    await aws('s3', 'cp', '--only-show-errors', `s3://eodata/${cog}`, join(dir, 'one.tif'));
    expect((await readFile(join(dir, 'one.tif'))).subarray(0, 2).toString()).toMatch(/II|MM/);
  }, 120_000);

  it('boto3 reads a byte range with get_object', async () => {
    const script = [
      'import boto3, sys, json',
      `s3 = boto3.client("s3", endpoint_url="${endpoint}")`,
      `r = s3.get_object(Bucket="eodata", Key=sys.argv[1], Range="bytes=0-15")`,
      'print(json.dumps({"status": r["ResponseMetadata"]["HTTPStatusCode"], "range": r["ContentRange"], "hex": r["Body"].read().hex()}))',
    ].join('\n');
    const out = JSON.parse((await run('/usr/bin/python3', ['-c', script, cog], { env })).stdout) as {
      status: number;
      range: string;
      hex: string;
    };
    expect(out.status).toBe(206);
    const size = product.files.find((f) => cog.endsWith(f.path))?.size_bytes;
    expect(out.range).toBe(`bytes 0-15/${size}`);
    const start = (await readFile(await localCopy(cog))).subarray(0, 16).toString('hex');
    expect(out.hex).toBe(start);
  }, 60_000);

  it('gdalinfo opens a GeoTIFF of a product through /vsis3/', async () => {
    const info = await run('gdalinfo', ['-json', `/vsis3/eodata/${cog}`], {
      env: {
        ...env,
        AWS_S3_ENDPOINT: endpoint.replace('http://', ''),
        AWS_HTTPS: 'NO',
        AWS_VIRTUAL_HOSTING: 'FALSE',
        CPL_VSIL_CURL_CACHE_SIZE: '0',
      },
    });
    const json = JSON.parse(info.stdout) as { driverShortName: string; size: number[]; bands: unknown[] };
    expect(json.driverShortName).toBe('GTiff');
    expect(json.size[0]).toBeGreaterThan(0);
    expect(json.bands.length).toBeGreaterThan(0);
  }, 60_000);

  it('refuses wrong and missing keys', async () => {
    const wrong = run('/usr/bin/aws', ['--endpoint-url', endpoint, 's3', 'ls', 's3://eodata/'], {
      env: { ...env, AWS_SECRET_ACCESS_KEY: 'wrong-secret-0123456789' },
    });
    await expect(wrong).rejects.toMatchObject({ stderr: expect.stringContaining('SignatureDoesNotMatch') });
    const unknown = run('/usr/bin/aws', ['--endpoint-url', endpoint, 's3', 'ls', 's3://eodata/'], {
      env: { ...env, AWS_ACCESS_KEY_ID: 'EOHNOSUCHKEY00000000' },
    });
    await expect(unknown).rejects.toMatchObject({ stderr: expect.stringContaining('InvalidAccessKeyId') });
    const anonymous = run('/usr/bin/aws', ['--endpoint-url', endpoint, '--no-sign-request', 's3', 'ls', 's3://eodata/'], { env });
    await expect(anonymous).rejects.toMatchObject({ stderr: expect.stringContaining('AccessDenied') });
  }, 60_000);

  /** The stored file behind a key, from the filesystem store. */
  async function localCopy(key: string): Promise<string> {
    return join(hub.deps.config.storageDir ?? join(hub.deps.config.dataDir, 'products'), ...key.split('/'));
  }
});
