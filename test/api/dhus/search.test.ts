import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Product } from '../../../src/catalog/index.ts';
import type { Hub } from '../../../src/hub/index.ts';
import { withDb } from '../../support/with-db.ts';
import { dhusHub } from './fixture.ts';

type Typed = { name: string; content: string };
type Entry = Record<string, unknown> & { id: string; title: string; str: Typed | Typed[] };
type Feed = Record<string, unknown> & { entry?: Entry | Entry[]; error?: { code: string; message: string } };

const list = <T>(x: T | T[] | undefined): T[] => (x === undefined ? [] : Array.isArray(x) ? x : [x]);

withDb('/dhus/search', (ctx) => {
  let hub: Hub;
  let products: Product[];

  beforeAll(async () => {
    ({ hub, products } = await dhusHub(ctx.db));
  }, 240_000);
  afterAll(async () => {
    await hub.close();
  });

  async function search(query: string): Promise<{ status: number; feed: Feed; headers: Record<string, unknown> }> {
    const r = await hub.app.inject({ method: 'GET', url: `/dhus/search?format=json&${query}` });
    return { status: r.statusCode, feed: (r.json() as { feed: Feed }).feed, headers: r.headers };
  }
  const q = (text: string): string => `q=${encodeURIComponent(text)}`;
  const ids = (feed: Feed): string[] => list(feed.entry).map((e) => e.id);

  describe('JSON feed', () => {
    it('answers the feed sentinelsat parses: string counts, entries with id, title, summary, links and typed lists', async () => {
      const s2 = products.filter((p) => p.collection === 'SENTINEL-2');
      const { status, feed } = await search(`rows=100&start=0&${q('platformname:"Sentinel-2"')}`);
      expect(status).toBe(200);
      expect(feed['opensearch:totalResults']).toBe(String(s2.length));
      expect(feed['opensearch:startIndex']).toBe('0');
      expect(feed['opensearch:itemsPerPage']).toBe('100');
      expect(ids(feed).sort()).toEqual(s2.map((p) => p.id).sort());
      const entry = list(feed.entry)[0] as Entry;
      const p = products.find((x) => x.id === entry.id) as Product;
      expect(entry.title).toBe(p.name.replace(/\.SAFE$/, ''));
      expect(entry['summary']).toMatch(/Satellite: Sentinel-2, Size: \d+\.\d\d (KB|MB|GB)$/);
      expect(entry['ondemand']).toBe('false');
      // inject() reaches the hub as Host localhost:80.
      const url = `http://localhost:80/dhus/odata/v1/Products('${p.id}')`;
      expect(entry['link']).toEqual([
        { href: `${url}/$value` },
        { rel: 'alternative', href: `${url}/` },
        { rel: 'icon', href: `${url}/Products('Quicklook')/$value` },
      ]);
      const str = Object.fromEntries(list(entry.str).map((t) => [t.name, t.content]));
      expect(str).toMatchObject({ uuid: p.id, identifier: entry.title, filename: p.name, platformname: 'Sentinel-2' });
      expect(str['footprint']).toMatch(/^(MULTI)?POLYGON \(\(/);
      expect(str['gmlfootprint']).toMatch(/^<gml:Polygon .*<gml:coordinates>-?\d/);
      const dates = list(entry['date'] as Typed | Typed[]);
      for (const d of dates) expect(d.content).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      expect(dates.map((d) => d.name)).toContain('beginposition');
      expect(list(entry['double'] as Typed | Typed[])).toEqual([
        { name: 'cloudcoverpercentage', content: String(p.attributes['cloudCover']?.value) },
      ]);
    });

    it('gives one match as an object and no match as no entry key, as DHuS (StAXON) does', async () => {
      const p = products[0] as Product;
      const one = await search(q(`uuid:${p.id}`));
      expect(Array.isArray(one.feed.entry)).toBe(false);
      expect((one.feed.entry as Entry).id).toBe(p.id);
      const none = await search(q('platformname:nothing'));
      expect(none.feed['opensearch:totalResults']).toBe('0');
      expect('entry' in none.feed).toBe(false);
    });

    it('counts with rows=0 and pages with start in a stable order', async () => {
      const count = await search(`rows=0&start=0&${q('*:*')}`);
      expect(count.feed['opensearch:totalResults']).toBe(String(products.length));
      expect(count.feed.entry).toBeUndefined();
      const all = ids((await search(`rows=100&${q('*:*')}`)).feed);
      const paged = [
        ...ids((await search(`rows=3&start=0&${q('*:*')}`)).feed),
        ...ids((await search(`rows=100&start=3&${q('*:*')}`)).feed),
      ];
      expect(paged).toEqual(all);
      expect(new Set(all).size).toBe(products.length);
    });

    it('orders by orderby (beginposition asc/desc) and defaults to ingestiondate desc', async () => {
      const sensed = products.filter((p) => p.sensingStart !== null);
      const asc = ids((await search(`rows=100&orderby=beginposition%20asc&${q('beginposition:[* TO NOW]')}`)).feed);
      const expectedAsc = [...sensed].sort(
        (a, b) => Date.parse(a.sensingStart ?? '') - Date.parse(b.sensingStart ?? '') || (a.id < b.id ? -1 : 1),
      );
      expect(asc).toEqual(expectedAsc.map((p) => p.id));
      const desc = ids((await search(`rows=100&orderby=beginPosition%20DESC&${q('beginposition:[* TO NOW]')}`)).feed);
      expect(desc.length).toBe(sensed.length);
      expect(Date.parse(products.find((p) => p.id === desc[0])?.sensingStart ?? '')).toBe(
        Math.max(...sensed.map((p) => Date.parse(p.sensingStart ?? ''))),
      );
    });

    it('matches identifiers with wildcards, filenames exactly and bare words in names', async () => {
      const s1 = products.find((p) => p.name.startsWith('S1A_IW_GRDH_1SDV_20210809')) as Product;
      expect(ids((await search(q('identifier:*IW_GRDH_1SDV_20210809*'))).feed)).toEqual([s1.id]);
      expect(ids((await search(q(`filename:${s1.name}`))).feed)).toEqual([s1.id]);
      expect(ids((await search(q(`identifier:"${s1.name.replace(/\.SAFE$/, '')}"`))).feed)).toEqual([s1.id]);
      expect(ids((await search(q('iw_grdh_1sdv_20210809'))).feed)).toEqual([s1.id]);
      expect(ids((await search(q(`(uuid:"${s1.id}" OR uuid:"${(products[0] as Product).id}")`))).feed).sort()).toEqual(
        [s1.id, (products[0] as Product).id].sort(),
      );
    });

    it('reads the latin-1 percent-encoding sentinelsat sends (%F5) without refusing it', async () => {
      const r = await hub.app.inject({ method: 'GET', url: '/dhus/search?format=json&rows=10&start=0&q=S%F5ntinel' });
      expect(r.statusCode).toBe(200);
      expect((r.json() as { feed: Feed }).feed['opensearch:totalResults']).toBe('0');
    });
  });

  describe('Atom XML feed', () => {
    it('is the default format, with opensearch counts and typed elements', async () => {
      const p = products[0] as Product;
      const r = await hub.app.inject({ method: 'GET', url: `/dhus/search?${q(`uuid:${p.id}`)}` });
      expect(r.statusCode).toBe(200);
      expect(r.headers['content-type']).toMatch(/^application\/atom\+xml/);
      const doc = new XMLParser({ ignoreAttributes: false }).parse(r.body) as {
        feed: Record<string, unknown> & { entry: Record<string, unknown> };
      };
      expect(doc.feed['opensearch:totalResults']).toBe(1);
      expect(doc.feed.entry['id']).toBe(p.id);
      const str = list(doc.feed.entry['str'] as { '@_name': string; '#text': string }[]);
      expect(str.find((s) => s['@_name'] === 'uuid')?.['#text']).toBe(p.id);
    });
  });

  describe('errors', () => {
    it('answers a query syntax error with 200 and feed.error, as DHuS passes on Solr SyntaxError', async () => {
      for (const bad of [
        'platformname:(Sentinel-2',
        'nosuchfield:1',
        'beginposition:[NOW-1FORTNIGHT TO NOW]',
        'footprint:"Intersects(POLYGON((0 0,1 1)))"',
      ]) {
        const { status, feed } = await search(q(bad));
        expect(status, bad).toBe(200);
        expect(feed.error?.code).toBe('400');
        expect(feed.error?.message).toMatch(/^org\.apache\.solr\.search\.SyntaxError: /);
      }
      const xml = await hub.app.inject({ method: 'GET', url: `/dhus/search?${q('a:b')}` });
      expect(xml.statusCode).toBe(200);
      expect(xml.body).toMatch(/<error><code>400<\/code><message>org\.apache\.solr\.search\.SyntaxError: /);
    });

    it('refuses rows above 100, a bad start, format or orderby, and a missing q with 400 and cause-message', async () => {
      for (const query of [
        'rows=101&q=*:*',
        'rows=-1&q=*:*',
        'start=x&q=*:*',
        'format=csv&q=*:*',
        'orderby=nope%20asc&q=*:*',
        'orderby=size%20sideways&q=*:*',
        'rows=10',
      ]) {
        const r = await hub.app.inject({ method: 'GET', url: `/dhus/search?${query}` });
        expect(r.statusCode, query).toBe(400);
        expect(r.headers['cause-message'], query).toMatch(/^ODataApplicationException : /);
        expect((r.json() as { error: { message: { value: string } } }).error.message.value).toBeTypeOf('string');
      }
    });

    it('answers a q too long with 413 and "Request Entity Too Large", which sentinelsat reports as QueryLengthError', async () => {
      const r = await hub.app.inject({ method: 'GET', url: `/dhus/search?format=json&${q('x'.repeat(70_000))}` });
      expect(r.statusCode).toBe(413);
      expect(r.headers['cause-message']).toMatch(/Request Entity Too Large/);
    });

    it('accepts a 4 KB footprint query as sentinelsat may send it', async () => {
      const ring = Array.from({ length: 200 }, (_, i) => {
        const a = (i / 200) * 2 * Math.PI;
        return `${(10 * Math.cos(a)).toFixed(4)} ${(10 * Math.sin(a)).toFixed(4)}`;
      });
      const { status, feed } = await search(q(`footprint:"Intersects(POLYGON((${[...ring, ring[0]].join(',')})))"`));
      expect(status).toBe(200);
      expect(feed.error).toBeUndefined();
    });
  });
});
