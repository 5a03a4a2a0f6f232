import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Hub } from '../../src/hub/index.ts';
import { buildTestHub } from '../support/hub.ts';
import { withDb } from '../support/with-db.ts';

const ORIGIN = 'https://app.example';

withDb('CORS on the STAC API', (ctx) => {
  let hub: Hub;

  beforeAll(async () => {
    hub = await buildTestHub(ctx.db, {
      stac: { corsOrigins: [ORIGIN] },
      cors: { origins: [ORIGIN] },
      quotas: { windowMs: 60_000, anonymous: { searchRequests: 1 } },
    });
  });
  afterAll(async () => hub.close());

  const fromBrowser = (url: string, address: string, headers: Record<string, string> = {}) =>
    hub.app.inject({ url, remoteAddress: address, headers: { origin: ORIGIN, ...headers } });

  it('lets a browser read a 429 of the search rate limit: allowed origin, Retry-After exposed', async () => {
    expect((await fromBrowser('/stac/search?limit=1', '192.0.2.1')).statusCode).toBe(200);
    const refused = await fromBrowser('/stac/search?limit=1', '192.0.2.1');
    expect(refused.statusCode).toBe(429);
    expect(refused.headers['access-control-allow-origin']).toBe(ORIGIN);
    expect(String(refused.headers['access-control-expose-headers'])).toMatch(/Retry-After/);
    expect(refused.json()).toMatchObject({ code: 'QUOTA_TOO_MANY_REQUESTS' });
  });

  it('lets a browser read a 401 for a bad token, WWW-Authenticate exposed', async () => {
    const refused = await fromBrowser('/stac/collections', '192.0.2.2', { authorization: 'Bearer not-a-token' });
    expect(refused.statusCode).toBe(401);
    expect(refused.headers['access-control-allow-origin']).toBe(ORIGIN);
    expect(String(refused.headers['access-control-expose-headers'])).toMatch(/WWW-Authenticate/);
  });

  it('lets a browser read a 403 (a transaction without the admin role)', async () => {
    const txHub = await buildTestHub(ctx.db, { stac: { corsOrigins: [ORIGIN], transactions: true } });
    try {
      await txHub.deps.auth.users.addUser({ username: 'rita', password: 'rita password 1' });
      const key = (await txHub.deps.auth.users.createApiKey('rita', 'cors')).key;
      const r = await txHub.app.inject({
        method: 'POST',
        url: '/stac/collections',
        headers: { origin: ORIGIN, authorization: `Bearer ${key}` },
        payload: { type: 'Collection', id: 'CORS-TX', description: 'x' },
      });
      expect(r.statusCode).toBe(403);
      expect(r.headers['access-control-allow-origin']).toBe(ORIGIN);
    } finally {
      await txHub.close();
    }
  });

  it('answers a preflight before looking at credentials or counting it as a search', async () => {
    for (let n = 0; n < 3; n++) {
      const pre = await hub.app.inject({
        method: 'OPTIONS',
        url: '/stac/search',
        remoteAddress: '192.0.2.3',
        headers: { origin: ORIGIN, 'access-control-request-method': 'POST', authorization: 'Bearer not-a-token' },
      });
      expect(pre.statusCode).toBe(204);
      expect(pre.headers['access-control-allow-origin']).toBe(ORIGIN);
    }
  });

  it('names no other origin as allowed', async () => {
    const r = await hub.app.inject({ url: '/stac/collections', remoteAddress: '192.0.2.4', headers: { origin: 'https://evil.example' } });
    expect(r.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('lets a browser call the CDSE-style APIs as the browser apps of CDSE do: OData, resto, token endpoint, discovery', async () => {
    for (const url of ['/odata/v1/Collections', '/resto/api/collections/search.json?maxRecords=1', '/.well-known/openid-configuration']) {
      const r = await fromBrowser(url, '192.0.2.5');
      expect(r.statusCode, url).toBe(200);
      expect(r.headers['access-control-allow-origin'], url).toBe(ORIGIN);
    }
    const token = await hub.app.inject({
      method: 'POST',
      url: `/auth/realms/${hub.deps.auth.realm}/protocol/openid-connect/token`,
      remoteAddress: '192.0.2.5',
      headers: { origin: ORIGIN, 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'grant_type=password&client_id=cdse-public&username=nobody&password=wrong',
    });
    expect(token.statusCode).toBe(401);
    expect(token.headers['access-control-allow-origin']).toBe(ORIGIN);
  });

  it('lets a browser script read a download refused for want of a login, and the headers of a download', async () => {
    const pre = await hub.app.inject({
      method: 'OPTIONS',
      url: '/odata/v1/Products(00000000-0000-0000-0000-000000000000)/$value',
      remoteAddress: '192.0.2.6',
      headers: { origin: ORIGIN, 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization,range' },
    });
    expect(pre.statusCode).toBe(204);
    expect(pre.headers['access-control-allow-origin']).toBe(ORIGIN);
    const missing = await fromBrowser('/odata/v1/Products(00000000-0000-0000-0000-000000000000)/$value', '192.0.2.6');
    expect(missing.statusCode).toBe(404);
    expect(missing.headers['access-control-allow-origin']).toBe(ORIGIN);
    expect(String(missing.headers['access-control-expose-headers'])).toMatch(/Content-Range/);
  });

  it('adds no CORS headers to the APIs whose clients are not browsers: DHuS, admin', async () => {
    for (const url of ['/dhus/search?q=*&rows=1', '/admin/collections']) {
      const r = await fromBrowser(url, '192.0.2.7');
      expect(r.headers['access-control-allow-origin'], url).toBeUndefined();
    }
  });

  it('allows no origin at all with an empty list', async () => {
    const closed = await buildTestHub(ctx.db, { cors: { origins: [] } });
    try {
      const r = await closed.app.inject({ url: '/odata/v1/Collections', headers: { origin: ORIGIN } });
      expect(r.statusCode).toBe(200);
      expect(r.headers['access-control-allow-origin']).toBeUndefined();
    } finally {
      await closed.close();
    }
  });
});
