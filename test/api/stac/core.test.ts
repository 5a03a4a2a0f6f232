import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Hub } from '../../../src/hub/index.ts';
import { buildTestHub } from '../../support/hub.ts';
import { stacProblems } from '../../support/stac-schemas.ts';
import { withDb } from '../../support/with-db.ts';

withDb('STAC API landing page, conformance and service description', (ctx) => {
  let hub: Hub;
  beforeAll(async () => {
    hub = await buildTestHub(ctx.db, { publicUrl: 'https://hub.example.org' });
  });
  afterAll(async () => hub.close());

  it('answers the landing page as a valid STAC Catalog with the links clients follow', async () => {
    const r = await hub.app.inject({ url: '/stac' });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toMatch(/^application\/json/);
    const body = r.json<{ conformsTo: string[]; links: { rel: string; href: string; method?: string; type?: string }[] }>();
    expect(stacProblems(body, 'catalog')).toEqual([]);
    const rels = body.links.map((l) => l.rel);
    for (const rel of [
      'self',
      'root',
      'conformance',
      'data',
      'service-desc',
      'service-doc',
      'http://www.opengis.net/def/rel/ogc/1.0/queryables',
    ]) {
      expect(rels).toContain(rel);
    }
    const search = body.links.filter((l) => l.rel === 'search');
    expect(search.map((l) => l.method).sort()).toEqual(['GET', 'POST']);
    expect(search.every((l) => l.type === 'application/geo+json' && l.href === 'https://hub.example.org/stac/search')).toBe(true);
    expect(body.links.find((l) => l.rel === 'service-desc')?.type).toBe('application/vnd.oai.openapi+json;version=3.0');
    expect(body.links.filter((l) => l.rel === 'child').map((l) => l.href)).toContain('https://hub.example.org/stac/collections/SENTINEL-2');
  });

  it('lists the same classes on /conformance as in conformsTo, without filter or transactions while they are off', async () => {
    const landing = (await hub.app.inject({ url: '/stac' })).json<{ conformsTo: string[] }>();
    const conf = (await hub.app.inject({ url: '/stac/conformance' })).json<{ conformsTo: string[] }>();
    expect(conf.conformsTo).toEqual(landing.conformsTo);
    expect(conf.conformsTo).toContain('https://api.stacspec.org/v1.0.0/item-search');
    expect(conf.conformsTo).toContain('http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30');
    expect(conf.conformsTo).toContain('http://www.opengis.net/spec/ogcapi-common-2/1.0/conf/simple-query');
    expect(conf.conformsTo.some((c) => c.includes('transaction'))).toBe(false);
  });

  it('serves an OpenAPI 3.0 document at /stac/api and an HTML page at /stac/api.html', async () => {
    const r = await hub.app.inject({ url: '/stac/api' });
    expect(r.headers['content-type']).toBe('application/vnd.oai.openapi+json;version=3.0');
    const doc = r.json<{ openapi: string; paths: Record<string, unknown> }>();
    expect(doc.openapi).toMatch(/^3\.0\./);
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/search', '/collections/{collectionId}/items/{itemId}']));
    const html = await hub.app.inject({ url: '/stac/api.html' });
    expect(html.headers['content-type']).toMatch(/^text\/html/);
    expect(html.body).toContain('https://hub.example.org/stac/search');
  });

  it('takes the base URL from X-Forwarded-Proto and X-Forwarded-Host when no publicUrl is configured', async () => {
    const plain = await buildTestHub(ctx.db);
    try {
      const r = await plain.app.inject({
        url: '/stac',
        headers: { host: 'inner:8080', 'x-forwarded-proto': 'https', 'x-forwarded-host': 'outer.example' },
      });
      expect(r.json<{ links: { rel: string; href: string }[] }>().links.find((l) => l.rel === 'self')?.href).toBe(
        'https://outer.example/stac',
      );
    } finally {
      await plain.close();
    }
  });

  it('answers CORS preflights for any origin and compresses large answers', async () => {
    const pre = await hub.app.inject({
      method: 'OPTIONS',
      url: '/stac/search',
      headers: { origin: 'https://app.example', 'access-control-request-method': 'POST' },
    });
    expect(pre.headers['access-control-allow-origin']).toBe('*');
    const gz = await hub.app.inject({ url: '/stac/api', headers: { 'accept-encoding': 'gzip' } });
    expect(gz.headers['content-encoding']).toBe('gzip');
  });

  it('serves the queryables as a JSON Schema with $id, type object and properties', async () => {
    const r = await hub.app.inject({ url: '/stac/queryables' });
    expect(r.headers['content-type']).toMatch(/^application\/schema\+json/);
    const s = r.json<{ $id: string; type: string; properties: Record<string, unknown> }>();
    expect(s.$id).toBe('https://hub.example.org/stac/queryables');
    expect(s.type).toBe('object');
    expect(Object.keys(s.properties)).toEqual(expect.arrayContaining(['datetime', 'platform', 'eo:cloud_cover', 'geometry']));
  });
});
