/**
 * The real client: Debian's sentinelsat 1.1.1 (/usr/bin/python3, `from sentinelsat import SentinelAPI`)
 * pointed at `http://127.0.0.1:<port>/dhus/` — its api_url is all a user changes. It searches (query,
 * count), reads product metadata (get_product_odata), downloads with its MD5 verification, and resumes a
 * partial download from its `.incomplete` file with a Range request, which the server side records.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { getProduct, type Product } from '../../src/catalog/index.ts';
import { demoProductPaths } from '../support/demo-products.ts';
import type { Hub } from '../../src/hub/index.ts';
import { ingestPaths } from '../../src/ingest/index.ts';
import { evictProduct } from '../../src/archive/index.ts';
import { buildTestHub } from '../support/hub.ts';
import { runJobsUntilIdle } from '../support/jobs.ts';
import { sample } from '../support/samples.ts';
import { withDb } from '../support/with-db.ts';
import { INTERNAL_SEES_EVERYTHING } from '../../src/access/index.ts';

const run = promisify(execFile);

/** A user of the hub: sentinelsat signs in with HTTP Basic as it (README, "Accounts and tokens"). */
const USER = { username: 'sentinelsat-user', password: 'a long enough password' };

/** Runs Python with sentinelsat against the hub; the script prints one JSON document. */
async function sentinelsat(base: string, body: string, credentials = USER): Promise<unknown> {
  const script = [
    'import json, sys, logging',
    'from sentinelsat import SentinelAPI',
    'from datetime import date',
    `api = SentinelAPI(${JSON.stringify(credentials.username)}, ${JSON.stringify(credentials.password)}, ${JSON.stringify(base)}, show_progressbars=False)`,
    body,
  ].join('\n');
  const { stdout } = await run('/usr/bin/python3', ['-c', script], { timeout: 120_000, maxBuffer: 64 * 1024 * 1024 });
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? 'null');
}

withDb('sentinelsat against /dhus/', (ctx) => {
  let hub: Hub;
  let base: string;
  let products: Product[];
  const ranges: { url: string; range: string }[] = [];

  beforeAll(async () => {
    // Downloads need a login, as on CDSE: sentinelsat's Basic credentials must carry them.
    hub = await buildTestHub(ctx.db, { access: { defaultPolicy: 'registered' } });
    await hub.deps.auth.users.addUser(USER);
    hub.app.addHook('onRequest', async (request) => {
      if (typeof request.headers.range === 'string') ranges.push({ url: request.url, range: request.headers.range });
    });
    const paths = [...(await demoProductPaths(8, 'sentinelsat')), sample('S1A_IW_GRDH_1SDV_20210809T173953').productPath];
    const result = await ingestPaths(hub.deps.ingest, paths, { concurrency: 2 });
    expect(result.outcomes.filter((o) => o.status === 'failed')).toEqual([]);
    products = await Promise.all(
      result.outcomes.map((o) => getProduct(ctx.db, o.status === 'ingested' ? o.id : '', INTERNAL_SEES_EVERYTHING)),
    );
    await hub.app.listen({ host: '127.0.0.1', port: 0 });
    base = `http://127.0.0.1:${(hub.app.server.address() as AddressInfo).port}/dhus/`; // a TCP listener: AddressInfo
  }, 240_000);

  afterAll(async () => {
    await hub.close();
  });

  const sentinel2 = (): Product[] => products.filter((p) => p.collection === 'SENTINEL-2' && p.contentType === 'application/zip');

  it('api.query with area, date, platformname and cloudcoverpercentage finds the Sentinel-2 products under 30 % cloud', async () => {
    const s2 = sentinel2();
    expect(s2.length).toBeGreaterThan(1);
    const expected = s2.filter((p) => Number(p.attributes['cloudCover']?.value) <= 30).map((p) => p.id);
    expect(expected.length, s2.map((p) => p.attributes['cloudCover']?.value).join()).toBeGreaterThan(0);
    expect(expected.length).toBeLessThan(s2.length);
    const out = (await sentinelsat(
      base,
      `area = "POLYGON((-179 -85,-90 -85,0 -85,90 -85,179 -85,179 85,90 85,0 85,-90 85,-179 85,-179 -85))"
res = api.query(area=area, date=("20000101", "NOW"), platformname="Sentinel-2", cloudcoverpercentage=(0, 30))
n = api.count(area=area, date=("20000101", "NOW"), platformname="Sentinel-2", cloudcoverpercentage=(0, 30))
all_s2 = api.query(platformname="Sentinel-2", producttype=${JSON.stringify(String(s2[0]?.attributes['productType']?.value))})
first = next(iter(res.values()), None)
print(json.dumps({"ids": sorted(res.keys()), "count": n, "byType": sorted(all_s2.keys()),
  "first": None if first is None else {k: str(v) for k, v in first.items()},
  "size": api.get_products_size(res)}))`,
    )) as { ids: string[]; count: number; byType: string[]; first: Record<string, string> | null; size: number };
    expect(out.ids).toEqual([...expected].sort());
    expect(out.count).toBe(expected.length);
    const type = s2[0]?.attributes['productType']?.value;
    expect(out.byType).toEqual(
      s2
        .filter((p) => p.attributes['productType']?.value === type)
        .map((p) => p.id)
        .sort(),
    );
    expect(out.first).not.toBeNull();
    if (out.first) {
      expect(out.first['platformname']).toBe('Sentinel-2');
      expect(out.first['footprint']).toMatch(/^(MULTI)?POLYGON/);
      expect(out.first['beginposition']).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}/);
    }
    // get_products_size sums the size strings in GB, rounded to 2 decimals: small demo products add up to about 0.
    expect(out.size).toBeGreaterThanOrEqual(0);
    expect(out.first?.['size']).toMatch(/^\d+\.\d{2} (KB|MB|GB)$/);
  }, 120_000);

  it('api.get_product_odata(uuid, full=True) reads the OData v1 product with its MD5, dates, footprint and attributes', async () => {
    const p = sentinel2()[0] as Product;
    const info = (await sentinelsat(
      base,
      `i = api.get_product_odata(${JSON.stringify(p.id)}, full=True)
print(json.dumps({k: str(v) for k, v in i.items()}))`,
    )) as Record<string, string>;
    expect(info['id']).toBe(p.id);
    expect(info['title']).toBe(p.name.replace(/\.SAFE$/, ''));
    expect(Number(info['size'])).toBe(p.contentLength);
    expect(info['md5']?.toLowerCase()).toBe(p.checksums.find((c) => c.algorithm === 'MD5')?.value.toLowerCase());
    expect(info['url']).toBe(`${base}odata/v1/Products('${p.id}')/$value`);
    expect(info['Online']).toBe('True');
    expect(info['Filename']).toBe(p.name);
    expect(info['footprint']).toMatch(/^POLYGON/);
    expect(info['date']).toBe(
      new Date(p.sensingStart ?? '')
        .toISOString()
        .replace('T', ' ')
        .replace(/\.?0*Z$/, '')
        .replace(/(\.\d+)$/, (m) => m.padEnd(7, '0')),
    );
  }, 120_000);

  it('api.download fetches the package and its MD5 verification passes; a half-written .incomplete file is resumed with a Range request', async () => {
    const p = sentinel2()[1] as Product;
    const dir = await mkdtemp(join(tmpdir(), 'eohub-sentinelsat-dl-'));
    const whole = (await sentinelsat(
      base,
      `r = api.download(${JSON.stringify(p.id)}, directory_path=${JSON.stringify(dir)})
print(json.dumps({"path": r["path"], "downloaded": r["downloaded_bytes"]}))`,
    )) as { path: string; downloaded: number };
    expect(whole.path).toBe(join(dir, `${p.name.replace(/\.SAFE$/, '')}.zip`));
    const bytes = await readFile(whole.path);
    expect(bytes.length).toBe(p.contentLength);
    expect(createHash('md5').update(bytes).digest('hex')).toBe(p.checksums.find((c) => c.algorithm === 'MD5')?.value.toLowerCase());

    const dir2 = await mkdtemp(join(tmpdir(), 'eohub-sentinelsat-resume-'));
    const half = Math.floor(bytes.length / 2);
    await writeFile(join(dir2, `${p.name.replace(/\.SAFE$/, '')}.zip.incomplete`), bytes.subarray(0, half));
    ranges.length = 0;
    const resumed = (await sentinelsat(
      base,
      `r = api.download(${JSON.stringify(p.id)}, directory_path=${JSON.stringify(dir2)})
print(json.dumps({"path": r["path"], "downloaded": r["downloaded_bytes"]}))`,
    )) as { path: string; downloaded: number };
    expect(ranges).toContainEqual({ url: `/dhus/odata/v1/Products('${p.id}')/$value`, range: `bytes=${half}-` });
    expect(resumed.downloaded).toBe(bytes.length - half);
    expect((await readFile(resumed.path)).equals(bytes)).toBe(true);
  }, 180_000);

  it('api.download with a node filter fetches single files through Nodes and checks them against manifest.safe', async () => {
    const p = sentinel2()[0] as Product;
    const dir = await mkdtemp(join(tmpdir(), 'eohub-sentinelsat-nodes-'));
    const out = (await sentinelsat(
      base,
      `from sentinelsat import make_path_filter
r = api.download(${JSON.stringify(p.id)}, directory_path=${JSON.stringify(dir)}, nodefilter=make_path_filter("*.xml"))
import os
print(json.dumps(sorted(os.path.join(d, f) for d, _, fs in os.walk(${JSON.stringify(dir)}) for f in fs)))`,
    )) as string[];
    const root = join(dir, p.name);
    expect(out).toContain(join(root, 'manifest.safe'));
    expect(out.filter((f) => f.endsWith('.xml')).length).toBeGreaterThan(0);
    for (const f of out) expect((await readFile(f)).length).toBeGreaterThan(0);
  }, 120_000);

  it('api.download of an offline product answers LTATriggered after the server answers 202', async () => {
    const p = products.find((x) => x.collection === 'SENTINEL-1') as Product;
    await runJobsUntilIdle(ctx.db, { archive: hub.deps.archive });
    await evictProduct(hub.deps.archive, p.id);
    try {
      const dir = await mkdtemp(join(tmpdir(), 'eohub-sentinelsat-lta-'));
      const out = (await sentinelsat(
        base,
        `from sentinelsat.exceptions import LTATriggered
try:
    api.download(${JSON.stringify(p.id)}, directory_path=${JSON.stringify(dir)})
    print(json.dumps({"raised": None}))
except LTATriggered as e:
    print(json.dumps({"raised": "LTATriggered", "online": api.is_online(${JSON.stringify(p.id)})}))`,
      )) as { raised: string | null; online?: boolean };
      expect(out).toEqual({ raised: 'LTATriggered', online: false });
    } finally {
      // The retrieval the 202 triggered brings the product back for the tests after this one.
      await runJobsUntilIdle(ctx.db, { archive: hub.deps.archive });
    }
    expect((await hub.deps.db.query<{ online: boolean }>(`SELECT online FROM products WHERE id = $1`, [p.id])).rows[0]?.online).toBe(true);
  }, 120_000);

  it('an unknown uuid raises InvalidKeyError and a bad query QuerySyntaxError in the client', async () => {
    const out = (await sentinelsat(
      base,
      `from sentinelsat.exceptions import InvalidKeyError, QuerySyntaxError
r = {}
try:
    api.get_product_odata("00000000-0000-4000-8000-000000000000")
except InvalidKeyError as e:
    r["key"] = "InvalidKeyError"
try:
    api.query(raw="platformname:(Sentinel-2")
except QuerySyntaxError as e:
    r["syntax"] = "QuerySyntaxError"
print(json.dumps(r))`,
    )) as Record<string, string>;
    expect(out).toEqual({ key: 'InvalidKeyError', syntax: 'QuerySyntaxError' });
  }, 120_000);

  it('signs in as a user of the hub: a wrong password raises UnauthorizedError in the client', async () => {
    const out = (await sentinelsat(
      base,
      `from sentinelsat.exceptions import UnauthorizedError
r = {}
try:
    api.count(platformname="Sentinel-2")
except UnauthorizedError as e:
    r["error"] = "UnauthorizedError"
print(json.dumps(r))`,
      { username: USER.username, password: 'not the password' },
    )) as Record<string, string>;
    expect(out).toEqual({ error: 'UnauthorizedError' });
  }, 120_000);
});
