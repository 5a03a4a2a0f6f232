import { createHash } from 'node:crypto';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Product } from '../../../src/catalog/index.ts';
import type { Hub } from '../../../src/hub/index.ts';
import { evictProduct } from '../../../src/archive/index.ts';
import { runJobsUntilIdle } from '../../support/jobs.ts';
import { withDb } from '../../support/with-db.ts';
import { dhusHub } from './fixture.ts';

const md5 = (b: Buffer): string => createHash('md5').update(b).digest('hex');

withDb('/dhus/odata/v1', (ctx) => {
  let hub: Hub;
  let products: Product[];
  let s2: Product;
  let s5p: Product;
  const url = (p: Product, rest = ''): string => `/dhus/odata/v1/Products('${p.id}')${rest}`;
  const get = (path: string, headers: Record<string, string> = {}) => hub.app.inject({ method: 'GET', url: path, headers });

  beforeAll(async () => {
    ({ hub, products } = await dhusHub(ctx.db));
    s2 = products.find((p) => p.collection === 'SENTINEL-2' && p.contentType === 'application/zip') as Product;
    s5p = products.find((p) => p.collection === 'SENTINEL-5P') as Product;
  }, 240_000);
  afterAll(async () => {
    await hub.close();
  });

  describe('Products(<uuid>)', () => {
    it('answers the verbose OData 2 entity sentinelsat reads: media_src, Int64 strings, /Date(ms)/, one MD5, GML lat,lon', async () => {
      const r = await get(url(s2, '?$format=json'));
      expect(r.statusCode).toBe(200);
      const d = (r.json() as { d: Record<string, unknown> }).d;
      expect(d['__metadata']).toMatchObject({ media_src: `http://localhost:80${url(s2, '/$value')}`, type: 'DHuS.Product' });
      expect(d['Id']).toBe(s2.id);
      expect(d['Name']).toBe(s2.name.replace(/\.SAFE$/, ''));
      expect(d['ContentLength']).toBe(String(s2.contentLength));
      expect(d['Checksum']).toMatchObject({
        Algorithm: 'MD5',
        Value: s2.checksums.find((c) => c.algorithm === 'MD5')?.value.toUpperCase(),
      });
      expect(d['ContentDate']).toMatchObject({
        Start: `/Date(${Date.parse(s2.sensingStart ?? '')})/`,
        End: `/Date(${Date.parse(s2.sensingEnd ?? '')})/`,
      });
      expect(d['IngestionDate']).toBe(`/Date(${Date.parse(s2.publicationDate)})/`);
      expect(d['CreationDate']).toMatch(/^\/Date\(\d+\)\/$/);
      expect(d['Online']).toBe(true);
      expect(d['EvictionDate']).toBeNull();
      expect(d['Attributes']).toEqual({ __deferred: { uri: `http://localhost:80${url(s2, '/Attributes')}` } });
      const ring = s2.footprint?.type === 'MultiPolygon' ? s2.footprint.coordinates[0]?.[0] : undefined;
      const [lon = NaN, lat = NaN] = (ring?.[0] ?? []).map((x) => Math.round(x * 1e6) / 1e6); // shown to 6 decimals
      expect(d['ContentGeometry']).toContain(`<gml:coordinates>${lat},${lon} `);
    });

    it('expands Attributes with Filename among them', async () => {
      const d = (await get(url(s2, '?$format=json&$expand=Attributes'))).json() as {
        d: { Attributes: { results: { Name: string; Value: string }[] } };
      };
      expect(d.d.Attributes.results).toContainEqual(expect.objectContaining({ Name: 'Filename', Value: s2.name }));
      expect(d.d.Attributes.results).toContainEqual(
        expect.objectContaining({ Name: 'cloudCover', Value: String(s2.attributes['cloudCover']?.value) }),
      );
    });

    it("answers Online/$value, Name/$value and Attributes('Filename')/Value/$value as text", async () => {
      expect((await get(url(s2, '/Online/$value'))).body).toBe('true');
      expect((await get(url(s2, '/Name/$value'))).body).toBe(s2.name.replace(/\.SAFE$/, ''));
      const f = await get(url(s5p, "/Attributes('Filename')/Value/$value"));
      expect(f.statusCode).toBe(200);
      expect(f.body).toBe(s5p.name);
    });

    it('answers an unknown or malformed key 404 with "Invalid key" in the body and the cause-message header', async () => {
      for (const key of ['00000000-0000-4000-8000-000000000000', 'not-a-uuid']) {
        const r = await get(`/dhus/odata/v1/Products('${key}')?$format=json`);
        expect(r.statusCode).toBe(404);
        expect(r.headers['cause-message']).toBe(`InvalidKeyException : Invalid key (${key}) to access Products`);
        expect((r.json() as { error: { message: { value: string } } }).error.message.value).toBe(`Invalid key (${key}) to access Products`);
      }
    });

    it('refuses an unknown $format or $expand with 400 and unknown paths with 404, all with cause-message', async () => {
      expect((await get(url(s2, '?$format=atom'))).statusCode).toBe(400);
      expect((await get(url(s2, '?$expand=Everything'))).statusCode).toBe(400);
      for (const path of [
        url(s2, '/Nope/$value'),
        url(s2, "/Attributes('Nope')/Value/$value"),
        '/dhus/odata/v1/Collections',
        '/dhus/nothing',
      ]) {
        const r = await get(path);
        expect(r.statusCode, path).toBe(404);
        expect(r.headers['cause-message'], path).toBeTypeOf('string');
      }
    });
  });

  describe('$value', () => {
    it('sends the package with the ContentLength and MD5 of the entity, named <Name>.zip, without Content-Encoding', async () => {
      const r = await get(url(s2, '/$value'), { 'accept-encoding': 'gzip, deflate' });
      expect(r.statusCode).toBe(200);
      expect(r.rawPayload.length).toBe(s2.contentLength);
      expect(md5(r.rawPayload)).toBe(s2.checksums.find((c) => c.algorithm === 'MD5')?.value.toLowerCase());
      expect(r.headers['content-encoding']).toBeUndefined();
      const head = await hub.app.inject({ method: 'HEAD', url: url(s2, '/$value') });
      expect(head.headers['content-disposition']).toBe(`attachment; filename="${s2.name.replace(/\.SAFE$/, '')}.zip"`);
      expect(head.headers['accept-ranges']).toBe('bytes');
      expect(Number(head.headers['content-length'])).toBe(s2.contentLength);
    });

    it('answers open and two-byte ranges with 206 and exactly those bytes', async () => {
      const whole = (await get(url(s2, '/$value'))).rawPayload;
      const tail = await get(url(s2, '/$value'), { range: 'bytes=100-' });
      expect(tail.statusCode).toBe(206);
      expect(tail.headers['content-range']).toBe(`bytes 100-${whole.length - 1}/${whole.length}`);
      expect(tail.rawPayload.equals(whole.subarray(100))).toBe(true);
      const two = await get(url(s2, '/$value'), { range: 'bytes=0-1' });
      expect(two.statusCode).toBe(206);
      expect(two.rawPayload.length).toBe(2);
    });

    it('answers 202 with an empty body while the product is offline, ordering its retrieval for the caller; Online/$value says false until it is back', async () => {
      await runJobsUntilIdle(ctx.db, { archive: hub.deps.archive });
      await evictProduct(hub.deps.archive, s5p.id);
      const admin = { authorization: `Basic ${Buffer.from('admin:test hub admin password').toString('base64')}` };
      const r = await get(url(s5p, '/$value'), { range: 'bytes=0-1', ...admin });
      expect(r.statusCode).toBe(202);
      expect(r.body).toBe('');
      // Someone must own the order that a retrieval is.
      expect((await get(url(s5p, '/$value'))).statusCode).toBe(401);
      expect((await get(url(s5p, '/Online/$value'))).body).toBe('false');
      expect(((await get(url(s5p, '?$format=json'))).json() as { d: { Online: boolean } }).d.Online).toBe(false);
      await runJobsUntilIdle(ctx.db, { archive: hub.deps.archive });
      expect((await get(url(s5p, '/Online/$value'))).body).toBe('true');
      expect((await get(url(s5p, '/$value'), admin)).statusCode).toBe(200);
    });
  });

  describe('Quicklook and Nodes', () => {
    it("answers Products('Quicklook')/$value as image/jpeg", async () => {
      const r = await get(url(s2, "/Products('Quicklook')/$value"));
      expect(r.statusCode).toBe(200);
      expect(r.headers['content-type']).toBe('image/jpeg');
      expect((await sharp(r.rawPayload).metadata()).format).toBe('jpeg');
    });

    it('walks Nodes from the SAFE root to manifest.safe and sends its bytes with ranges', async () => {
      const root = `Nodes('${s2.name}')`;
      const list = (await get(url(s2, `/${root}/Nodes?$format=json`))).json() as { d: { results: { Name: string }[] } };
      expect(list.d.results.map((n) => n.Name)).toContain('manifest.safe');
      const node = (await get(url(s2, `/${root}/Nodes('manifest.safe')?$format=json`))).json() as { d: { ContentLength: string } };
      const bytes = (await get(url(s2, `/${root}/Nodes('manifest.safe')/$value`))).rawPayload;
      expect(bytes.length).toBe(Number(node.d.ContentLength));
      expect(bytes.toString('utf8', 0, 5)).toBe('<?xml');
      const part = await get(url(s2, `/${root}/Nodes('manifest.safe')/$value`), { range: 'bytes=5-' });
      expect(part.statusCode).toBe(206);
      expect(part.rawPayload.equals(bytes.subarray(5))).toBe(true);
      expect((await get(url(s2, `/${root}/Nodes('nope')?$format=json`))).statusCode).toBe(404);
    });
  });

  it('serves anonymous callers and users of the hub, and answers a wrong Basic password with 401 in its own shape', async () => {
    await hub.deps.auth.users.addUser({ username: 'dhus-user', password: 'dhus user password' });
    const basic = (user: string, password: string) => ({ authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` });
    expect((await get(url(s2, '/Online/$value'), {})).statusCode).toBe(200);
    expect((await get(url(s2, '/Online/$value'), basic('dhus-user', 'dhus user password'))).statusCode).toBe(200);
    for (const headers of [basic('dhus-user', 'wrong'), basic('nobody', 'x')]) {
      const r = await get(url(s2, '/Online/$value'), headers);
      expect(r.statusCode).toBe(401);
      expect(r.headers['www-authenticate']).toMatch(/^Basic realm=/);
      expect(r.headers['cause-message']).toEqual(expect.any(String));
    }
    expect((await get(url(s2, '/Online/$value'), { authorization: 'Basic !!!' })).statusCode).toBe(401);
    expect(((await get('/dhus/api/stub/version')).json() as { value: string }).value).toMatch(/^\d+\.\d+\.\d+$/);
  });
});
