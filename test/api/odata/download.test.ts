import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, readlink, rm, writeFile } from 'node:fs/promises';
import { request as httpRequest, type ClientRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { getProduct, listProductFiles, type Product } from '../../../src/catalog/index.ts';
import { generateDemo } from '../../../src/demo/index.ts';
import type { Hub } from '../../../src/hub/index.ts';
import { ingestPaths } from '../../../src/ingest/index.ts';
import { digests, registerLargeProduct } from '../../download/helpers.ts';
import { buildTestHub } from '../../support/hub.ts';
import { sample } from '../../support/samples.ts';
import { withDb } from '../../support/with-db.ts';
import { INTERNAL_SEES_EVERYTHING } from '../../../src/access/index.ts';

const run = promisify(execFile);

/** Parses a multipart/byteranges body into its parts (RFC 9110 §14.6). */
function parseMultipart(body: Buffer, boundary: string): { headers: Record<string, string>; data: Buffer }[] {
  const parts: { headers: Record<string, string>; data: Buffer }[] = [];
  const delimiter = Buffer.from(`--${boundary}`);
  let pos = body.indexOf(delimiter);
  for (;;) {
    const afterDelim = pos + delimiter.length;
    if (body.subarray(afterDelim, afterDelim + 2).toString() === '--') break;
    const headEnd = body.indexOf('\r\n\r\n', afterDelim);
    const headers: Record<string, string> = {};
    for (const line of body.subarray(afterDelim + 2, headEnd).toString().split('\r\n')) {
      const i = line.indexOf(':');
      headers[line.slice(0, i).toLowerCase()] = line.slice(i + 1).trim();
    }
    const m = /bytes (\d+)-(\d+)\//.exec(headers['content-range'] ?? '');
    const length = Number(m?.[2]) - Number(m?.[1]) + 1;
    const data = body.subarray(headEnd + 4, headEnd + 4 + length);
    parts.push({ headers, data });
    pos = headEnd + 4 + length + 2;
    expect(body.subarray(pos, pos + delimiter.length).equals(delimiter)).toBe(true);
  }
  return parts;
}

withDb('OData product download over HTTP', (ctx) => {
  let hub: Hub;
  let demoDir: string;
  let zipProduct: Product;
  let ncProduct: Product;
  let s2: Product;
  let whole: Buffer;
  let cogPath: string[];
  /** Range headers the server received: GDAL must read by ranges, not the whole file. */
  const rangeRequests: string[] = [];
  /** Every GET the server received, with its Range header or null. */
  const gets: { url: string; range: string | null }[] = [];

  const value = (p: Product): string => `/odata/v1/Products(${p.id})/$value`;

  beforeAll(async () => {
    hub = await buildTestHub(ctx.db);
    hub.app.addHook('onRequest', async (request) => {
      if (typeof request.headers.range === 'string') rangeRequests.push(request.headers.range);
      if (request.method === 'GET') gets.push({ url: request.url, range: request.headers.range ?? null });
    });
    demoDir = await mkdtemp(join(tmpdir(), 'eohub-odata-dl-'));
    await generateDemo({ outDir: demoDir, count: 3, seed: 'download-1' });
    const paths = [
      sample('S1A_IW_GRDH_1SDV_20210809T173953').productPath,
      sample('S5P_NRTI_L2__CO_____20210326T030109').productPath,
      ...(await readdir(demoDir)).map((n) => join(demoDir, n)),
    ];
    const result = await ingestPaths(hub.deps.ingest, paths, { concurrency: 2 });
    const ids = result.outcomes.map((o) => (o.status === 'ingested' ? o.id : ''));
    const products = await Promise.all(ids.map((id) => getProduct(ctx.db, id, INTERNAL_SEES_EVERYTHING)));
    zipProduct = products[0] as Product;
    ncProduct = products[1] as Product;
    s2 = products.find((p) => p.name.startsWith('S2') && p.contentType === 'application/zip') as Product;
    const tif = (await listProductFiles(ctx.db, s2.id)).find((f) => f.path.endsWith('.tif'));
    cogPath = [s2.name, ...(tif?.path.split('/') ?? [])];
    whole = (await hub.app.inject({ url: value(zipProduct) })).rawPayload;
  }, 240_000);

  afterAll(async () => {
    await hub.close();
    await rm(demoDir, { recursive: true, force: true });
  });

  describe('inject', () => {
    it('answers $value with the zip, its length, name, validators and digest', async () => {
      const r = await hub.app.inject({ url: value(zipProduct) });
      expect(r.statusCode).toBe(200);
      expect(r.headers['content-type']).toBe('application/zip');
      expect(Number(r.headers['content-length'])).toBe(zipProduct.contentLength);
      expect(r.headers['content-disposition']).toBe(`attachment; filename="${zipProduct.name}.zip"`);
      expect(r.headers['accept-ranges']).toBe('bytes');
      const sums = await digests(r.rawPayload);
      expect(sums.md5).toBe(zipProduct.checksums.find((c) => c.algorithm === 'MD5')?.value);
      expect(r.headers['etag']).toBe(`"${sums.blake3}"`);
      expect(r.headers['repr-digest']).toBe(`md5=:${Buffer.from(sums.md5, 'hex').toString('base64')}:`);
      expect(r.headers['last-modified']).toBe(new Date(zipProduct.modificationDate).toUTCString());
    });

    it("accepts DHuS's quoted Products('<id>') and answers a one-file product with the file itself", async () => {
      const r = await hub.app.inject({ url: `/odata/v1/Products('${ncProduct.id}')/$value` });
      expect(r.statusCode).toBe(200);
      expect(r.headers['content-type']).toBe(ncProduct.contentType);
      expect(r.headers['content-disposition']).toBe(`attachment; filename="${ncProduct.name}"`);
      expect(r.rawPayload.length).toBe(ncProduct.contentLength);
    });

    it('answers HEAD with the same headers and no body, without opening the content', async () => {
      const get = await hub.app.inject({ url: value(zipProduct), headers: { range: 'bytes=5-9' } });
      const head = await hub.app.inject({ method: 'HEAD', url: value(zipProduct), headers: { range: 'bytes=5-9' } });
      expect(head.statusCode).toBe(206);
      expect(head.body).toBe('');
      for (const h of ['content-type', 'content-length', 'content-range', 'etag', 'last-modified', 'content-disposition', 'accept-ranges']) {
        expect(head.headers[h], h).toBe(get.headers[h]);
      }
      const fullHead = await hub.app.inject({ method: 'HEAD', url: value(zipProduct) });
      expect(fullHead.statusCode).toBe(200);
      expect(Number(fullHead.headers['content-length'])).toBe(zipProduct.contentLength);
      expect(fullHead.body).toBe('');
    });

    it('serves single ranges a-b, a- and -n as 206 with Content-Range', async () => {
      const n = whole.length;
      for (const [header, start, end] of [
        ['bytes=0-0', 0, 0],
        ['bytes=100-', 100, n - 1],
        ['bytes=-500', n - 500, n - 1],
        [`bytes=10-${n + 1000}`, 10, n - 1],
        ['BYTES = 3-7', 3, 7],
      ] as const) {
        const r = await hub.app.inject({ url: value(zipProduct), headers: { range: header } });
        expect(r.statusCode, header).toBe(206);
        expect(r.headers['content-range']).toBe(`bytes ${start}-${end}/${n}`);
        expect(r.rawPayload.equals(whole.subarray(start, end + 1))).toBe(true);
      }
    });

    it('answers random single and multiple ranges with exactly the slices of the full body', async () => {
      const n = whole.length;
      let multipartSeen = 0;
      const spec = fc.oneof(
        fc.tuple(fc.nat(n - 1), fc.nat(n - 1)).map(([a, b]) => `${Math.min(a, b)}-${Math.max(a, b)}`),
        fc.tuple(fc.nat(n - 1), fc.nat(5000)).map(([a, len]) => `${a}-${a + len}`),
        fc.tuple(fc.nat(n - 1), fc.nat(5000)).map(([a, len]) => `${a}-${a + len}`),
        fc.nat(n - 1).map((a) => `${a}-`),
        fc.integer({ min: 1, max: n + 10 }).map((k) => `-${k}`),
      );
      await fc.assert(
        fc.asyncProperty(fc.array(spec, { minLength: 1, maxLength: 5 }), async (specs) => {
          const r = await hub.app.inject({ url: value(zipProduct), headers: { range: `bytes=${specs.join(', ')}` } });
          expect(Number(r.headers['content-length'])).toBe(r.rawPayload.length);
          const wanted = specs.map((s) => {
            const [a, b] = s.split('-');
            if (a === '') return [Math.max(0, n - Number(b)), n - 1];
            return [Number(a), b === '' ? n - 1 : Math.min(Number(b), n - 1)];
          });
          if (specs.length > 1 && wanted.reduce((s, [a, b]) => s + (b as number) - (a as number) + 1, 0) > n) {
            // More bytes than the whole: answered once, whole (http-ranges.ts).
            expect(r.statusCode).toBe(200);
            expect(r.rawPayload.equals(whole)).toBe(true);
            return;
          }
          expect(r.statusCode).toBe(206);
          if (specs.length === 1) {
            const [s, e] = wanted[0] as number[];
            expect(r.rawPayload.equals(whole.subarray(s, (e as number) + 1))).toBe(true);
            return;
          }
          const boundary = /boundary=(\S+)/.exec(String(r.headers['content-type']))?.[1] ?? '';
          const parts = parseMultipart(r.rawPayload, boundary);
          multipartSeen += 1;
          expect(parts.length).toBe(specs.length);
          parts.forEach((part, i) => {
            const [s, e] = wanted[i] as number[];
            expect(part.headers['content-type']).toBe('application/zip');
            expect(part.headers['content-range']).toBe(`bytes ${s}-${e}/${n}`);
            expect(part.data.equals(whole.subarray(s, (e as number) + 1))).toBe(true);
          });
        }),
        { numRuns: 40 },
      );
      expect(multipartSeen).toBeGreaterThan(0);
    });

    it('answers 416 with Content-Range: bytes */len when no range overlaps the content', async () => {
      const r = await hub.app.inject({ url: value(zipProduct), headers: { range: `bytes=${whole.length}-` } });
      expect(r.statusCode).toBe(416);
      expect(r.headers['content-range']).toBe(`bytes */${whole.length}`);
      expect(r.json()).toMatchObject({ error: { code: 'RANGE_NOT_SATISFIABLE' } });
    });

    it('ignores malformed Range headers (200) and never answers 5xx to random ones', async () => {
      for (const bad of ['bytes=5-1', 'bytes=abc', 'items=0-1', 'bytes=', 'bytes=1-2-3', 'bytes 0-1']) {
        const r = await hub.app.inject({ url: value(zipProduct), headers: { range: bad } });
        expect(r.statusCode, bad).toBe(200);
        expect(r.rawPayload.length).toBe(whole.length);
      }
      await fc.assert(
        fc.asyncProperty(fc.oneof(fc.string(), fc.string().map((s) => `bytes=${s}`), fc.stringMatching(/^bytes=[-0-9, ]{0,20}$/)), async (h) => {
          const r = await hub.app.inject({ method: 'HEAD', url: value(zipProduct), headers: { range: h } });
          expect([200, 206, 416]).toContain(r.statusCode);
        }),
        { numRuns: 200 },
      );
    });

    it('answers 304 to If-None-Match and If-Modified-Since, and honours If-Range only when it still matches', async () => {
      const first = await hub.app.inject({ method: 'HEAD', url: value(zipProduct) });
      const etag = String(first.headers['etag']);
      const lastModified = String(first.headers['last-modified']);
      expect((await hub.app.inject({ url: value(zipProduct), headers: { 'if-none-match': `"x", ${etag}` } })).statusCode).toBe(304);
      expect((await hub.app.inject({ url: value(zipProduct), headers: { 'if-modified-since': lastModified } })).statusCode).toBe(304);
      const old = new Date(Date.parse(lastModified) - 60_000).toUTCString();
      expect((await hub.app.inject({ url: value(zipProduct), headers: { 'if-modified-since': old } })).statusCode).toBe(200);
      expect((await hub.app.inject({ url: value(zipProduct), headers: { range: 'bytes=0-9', 'if-range': etag } })).statusCode).toBe(206);
      expect((await hub.app.inject({ url: value(zipProduct), headers: { range: 'bytes=0-9', 'if-range': lastModified } })).statusCode).toBe(206);
      expect((await hub.app.inject({ url: value(zipProduct), headers: { range: 'bytes=0-9', 'if-range': '"stale"' } })).statusCode).toBe(200);
      expect((await hub.app.inject({ url: value(zipProduct), headers: { range: 'bytes=0-9', 'if-range': old } })).statusCode).toBe(200);
      expect((await hub.app.inject({ url: value(zipProduct), headers: { 'if-match': '"stale"' } })).statusCode).toBe(412);
    });

    it('lists Nodes as CDSE does and serves a file inside with its media type', async () => {
      const top = await hub.app.inject({ url: `/odata/v1/Products(${s2.id})/Nodes` });
      expect(top.statusCode).toBe(200);
      const [root] = top.json<{ result: Record<string, unknown>[] }>().result;
      expect(root).toMatchObject({ Id: s2.name, Name: s2.name, ContentLength: 0 });
      expect(root?.['ChildrenNumber']).toBeGreaterThan(0);
      const uri = String((root?.['Nodes'] as { uri: string }).uri);
      expect(uri).toMatch(new RegExp(`/odata/v1/Products\\(${s2.id}\\)/Nodes\\(${s2.name}\\)/Nodes$`));
      const inside = await hub.app.inject({ url: uri.replace(/^https?:\/\/[^/]+/, '') });
      expect(inside.json<{ result: { Name: string }[] }>().result.map((n) => n.Name)).toContain('manifest.safe');
      const file = await hub.app.inject({ url: `/odata/v1/Products(${s2.id})/${cogPath.map((s) => `Nodes(${s})`).join('/')}/$value` });
      expect(file.statusCode).toBe(200);
      expect(file.headers['content-type']).toMatch(/^image\/tiff/);
      const listFile = await hub.app.inject({ url: `/odata/v1/Products(${s2.id})/${cogPath.map((s) => `Nodes(${s})`).join('/')}/Nodes` });
      expect(listFile.json()).toEqual({ result: [] });
      const quoted = await hub.app.inject({ url: `/odata/v1/Products(${s2.id})/Nodes('${s2.name}')/Nodes('manifest.safe')/$value` });
      expect(quoted.statusCode).toBe(200);
    });

    it('answers 400 or 404 in OData format to paths that are not in the product or try to leave it', async () => {
      const base = `/odata/v1/Products(${s2.id})/Nodes(${s2.name})`;
      const cases: [string, number, string][] = [
        [`/odata/v1/Products(not-a-uuid)/$value`, 400, 'INVALID_PRODUCT_ID'],
        [`/odata/v1/Products(${s2.id}/$value`, 400, 'INVALID_PRODUCT_ID'],
        [`/odata/v1/Elsewhere(${s2.id})/$value`, 404, 'RESOURCE_NOT_FOUND'],
        [`/odata/v1/Products(00000000-0000-4000-8000-000000000000)/$value`, 404, 'PRODUCT_NOT_FOUND'],
        [`${base}/Nodes(..)/Nodes(..)/$value`, 400, 'INVALID_NODE_PATH'],
        [`${base}/Nodes(%2E%2E)/$value`, 400, 'INVALID_NODE_PATH'],
        [`${base}/Nodes(GRANULE%2F..%2F..)/$value`, 400, 'INVALID_NODE_PATH'],
        [`${base}/Nodes(a%00b)/$value`, 400, 'INVALID_NODE_PATH'],
        [`${base}/Nodes(%E0%A4%A)/$value`, 400, 'FST_ERR_BAD_URL'],
        [`${base}/Nodes(missing.xml)/$value`, 404, 'NODE_NOT_FOUND'],
        [`${base}/$value`, 400, 'NODE_IS_FOLDER'],
        [`${base}/Other(x)/$value`, 404, 'NODE_NOT_FOUND'],
        [`/odata/v1/Products(${s2.id})/Nodes(etc)/Nodes(passwd)/$value`, 404, 'NODE_NOT_FOUND'],
      ];
      for (const [url, status, code] of cases) {
        const r = await hub.app.inject({ url });
        expect(r.statusCode, url).toBe(status);
        expect(r.json(), url).toMatchObject({ error: { code } });
      }
    });
  });

  describe('real clients on loopback', () => {
    let base: string;
    let scratch: string;

    beforeAll(async () => {
      await hub.app.listen({ host: '127.0.0.1', port: 0 });
      base = `http://127.0.0.1:${(hub.app.server.address() as AddressInfo).port}`;
      scratch = await mkdtemp(join(tmpdir(), 'eohub-curl-'));
    });

    afterAll(async () => {
      await rm(scratch, { recursive: true, force: true });
    });

    it('lets curl resume a partial download with -C - and fetch ranges with -r', async () => {
      const out = join(scratch, 'product.zip');
      await writeFile(out, whole.subarray(0, Math.floor(whole.length / 3)));
      await run('curl', ['-sSf', '-C', '-', '-o', out, `${base}${value(zipProduct)}`]);
      expect((await readFile(out)).equals(whole)).toBe(true);
      expect(rangeRequests.at(-1)).toBe(`bytes=${Math.floor(whole.length / 3)}-`);
      const part = join(scratch, 'part.bin');
      await run('curl', ['-sSf', '-r', '1000-1999', '-o', part, `${base}${value(zipProduct)}`]);
      expect((await readFile(part)).equals(whole.subarray(1000, 2000))).toBe(true);
      const { stdout: head } = await run('curl', ['-sSfI', `${base}${value(zipProduct)}`]);
      expect(head).toMatch(new RegExp(`^content-length: ${whole.length}\r?$`, 'im'));
      expect(head).toMatch(/^accept-ranges: bytes\r?$/im);
    });

    it('lets GDAL open a Sentinel-2 COG band inside a product through /vsicurl/, by range requests', async () => {
      const url = `${base}/odata/v1/Products(${s2.id})/${cogPath.map((s) => `Nodes(${s})`).join('/')}/$value`;
      const before = gets.length;
      const { stdout } = await run('gdalinfo', ['-json', `/vsicurl/${url}`], {
        env: { ...process.env, GDAL_DISABLE_READDIR_ON_OPEN: 'EMPTY_DIR' },
      });
      const info = JSON.parse(stdout) as { driverShortName: string; size: number[] };
      expect(info.driverShortName).toBe('GTiff');
      expect(info.size[0]).toBeGreaterThan(0);
      const gdalGets = gets.slice(before).filter((g) => g.url.endsWith('.tif)/$value'));
      expect(gdalGets.length).toBeGreaterThan(0);
      // Every read was a bounded range: the band was never fetched whole.
      for (const g of gdalGets) expect(g.range).toMatch(/^bytes=\d+-\d+$/);
      const tif = (await listProductFiles(ctx.db, s2.id)).find((f) => f.path === cogPath.slice(1).join('/'));
      const requested = gdalGets.reduce((sum, g) => {
        const [a, b] = (g.range ?? '').slice(6).split('-').map(Number);
        return sum + (b as number) - (a as number) + 1;
      }, 0);
      expect(requested).toBeLessThan(tif?.sizeBytes ?? 0);
    });

    it('closes the files of downloads the client abandons', async () => {
      const big = await registerLargeProduct(ctx.db, hub.deps.stores, { fileCount: 4, fileBytes: 8 * 2 ** 20 });
      const storeRoot = resolve(hub.deps.config.dataDir);
      /** Descriptors of this process open on stored product files. */
      const openStoreFiles = async (): Promise<number> => {
        const targets = await Promise.all((await readdir('/proc/self/fd')).map((fd) => readlink(`/proc/self/fd/${fd}`).catch(() => '')));
        return targets.filter((t) => t.startsWith(storeRoot)).length;
      };
      expect(await openStoreFiles()).toBe(0);
      // Whole packages, single ranges and multipart answers: each reads a stored file when abandoned.
      const ranges = [undefined, 'bytes=1000-', 'bytes=0-1000,2000-'];
      const pending = Array.from({ length: 12 }, (_, i) => {
        const range = ranges[i % ranges.length];
        return new Promise<ClientRequest>((resolve, reject) => {
          const req = httpRequest(`${base}${value(big)}`, { headers: range ? { range } : {} }, (res) => {
            res.once('data', () => {
              res.pause();
              resolve(req);
            });
          });
          req.on('error', reject);
          req.end();
        });
      });
      const requests = await Promise.all(pending);
      // Paused clients hold the server back: files are open while the answers wait for them.
      await vi.waitFor(async () => expect(await openStoreFiles()).toBe(12), { timeout: 5000, interval: 50 });
      for (const req of requests) req.destroy();
      await vi.waitFor(async () => expect(await openStoreFiles()).toBe(0), { timeout: 5000, interval: 50 });
    });
  });
});
