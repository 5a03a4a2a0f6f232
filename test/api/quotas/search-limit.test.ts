import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hub } from '../../../src/hub/index.ts';
import { buildTestHub } from '../../support/hub.ts';
import { withDb } from '../../support/with-db.ts';

type Body = { code?: string; error?: { code?: string }; detail?: { ErrorCode?: number } };

/** Each dialect's search, and where its error code sits in the dialect's error body. */
const SEARCHES: { name: string; method: 'GET' | 'POST'; url: string; body?: unknown; codeOf: (body: Body) => unknown }[] = [
  { name: 'STAC GET /search', method: 'GET', url: '/stac/search?limit=1', codeOf: (b) => b.code },
  { name: 'STAC POST /search', method: 'POST', url: '/stac/search', body: { limit: 1 }, codeOf: (b) => b.code },
  { name: 'STAC items', method: 'GET', url: '/stac/collections/SENTINEL-2/items?limit=1', codeOf: (b) => b.code },
  { name: 'OData Products', method: 'GET', url: '/odata/v1/Products?$top=1', codeOf: (b) => b.error?.code },
  { name: 'resto search', method: 'GET', url: '/resto/api/collections/search.json?maxRecords=1', codeOf: (b) => b.detail?.ErrorCode },
  { name: 'DHuS search', method: 'GET', url: '/dhus/search?q=*&rows=1&format=json', codeOf: (b) => b.error?.code },
  { name: 'DHuS OData Products', method: 'GET', url: '/dhus/odata/v1/Products?$top=1&$format=json', codeOf: (b) => b.error?.code },
];

withDb('search request rate per user class', (ctx) => {
  let hub: Hub;
  let now = Date.parse('2026-06-01T12:00:10Z');
  let key: string;

  beforeAll(async () => {
    hub = await buildTestHub(
      ctx.db,
      { quotas: { windowMs: 60_000, anonymous: { searchRequests: 2 }, registered: { searchRequests: 3 } } },
      { clock: () => now },
    );
    await hub.deps.auth.users.addUser({ username: 'rita', password: 'rita password 1' });
    key = (await hub.deps.auth.users.createApiKey('rita', 'test')).key;
  });
  afterAll(async () => hub.close());

  const search = (s: (typeof SEARCHES)[number], address: string, headers: Record<string, string> = {}) =>
    hub.app.inject({ method: s.method, url: s.url, remoteAddress: address, headers, ...(s.body ? { payload: s.body } : {}) });

  SEARCHES.forEach((s, i) => {
    it(`answers the third ${s.name} of an anonymous address in a window 429 with Retry-After, in the dialect's error format`, async () => {
      const address = `192.0.2.${i + 1}`;
      for (let n = 0; n < 2; n++) expect((await search(s, address)).statusCode).not.toBe(429);
      const refused = await search(s, address);
      expect(refused.statusCode).toBe(429);
      expect(refused.headers['retry-after']).toBe('50');
      const body = refused.json<Body>();
      expect(s.codeOf(body)).toBe(s.name === 'resto search' ? 429 : 'QUOTA_TOO_MANY_REQUESTS');
      // Another address has a count of its own.
      expect((await search(s, `198.51.100.${i + 1}`)).statusCode).not.toBe(429);
    });
  });

  it('counts all search APIs together, and not other requests', async () => {
    const address = '192.0.2.100';
    for (let n = 0; n < 5; n++) expect((await hub.app.inject({ url: '/stac/collections', remoteAddress: address })).statusCode).toBe(200);
    expect((await search(SEARCHES[0]!, address)).statusCode).toBe(200);
    expect((await search(SEARCHES[3]!, address)).statusCode).toBe(200);
    expect((await search(SEARCHES[4]!, address)).statusCode).toBe(429);
  });

  it('gives a signed-in user the registered rate, counted per account whatever the address', async () => {
    const headers = { 'x-api-key': key };
    for (let n = 0; n < 3; n++) expect((await search(SEARCHES[0]!, `203.0.113.${n}`, headers)).statusCode).toBe(200);
    expect((await search(SEARCHES[0]!, '203.0.113.9', headers)).statusCode).toBe(429);
  });

  it('lets the caller search again when the window has passed', async () => {
    const address = '192.0.2.200';
    for (let n = 0; n < 2; n++) await search(SEARCHES[0]!, address);
    expect((await search(SEARCHES[0]!, address)).statusCode).toBe(429);
    now += 60_000;
    expect((await search(SEARCHES[0]!, address)).statusCode).toBe(200);
  });
});

describe('search rate across a hub restart', () => {
  withDb('restart', (ctx) => {
    it('keeps the window count in the database: a rebuilt hub on the same database still refuses', async () => {
      const clock = () => Date.parse('2026-06-01T12:00:00Z');
      const settings = { quotas: { anonymous: { searchRequests: 2 } } };
      const first = await buildTestHub(ctx.db, settings, { clock });
      for (let n = 0; n < 2; n++)
        expect((await first.app.inject({ url: '/stac/search', remoteAddress: '192.0.2.7' })).statusCode).toBe(200);
      await first.close();
      const second = await buildTestHub(ctx.db, settings, { clock });
      try {
        expect((await second.app.inject({ url: '/stac/search', remoteAddress: '192.0.2.7' })).statusCode).toBe(429);
      } finally {
        await second.close();
      }
    });
  });
});
