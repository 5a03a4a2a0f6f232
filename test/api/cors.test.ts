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

  it('adds no CORS headers to the APIs whose clients are not browsers', async () => {
    const r = await fromBrowser('/odata/v1/Collections', '192.0.2.5');
    expect(r.statusCode).toBe(200);
    expect(r.headers['access-control-allow-origin']).toBeUndefined();
  });
});
