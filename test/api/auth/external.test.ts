import { createServer, type Server } from 'node:http';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import { pino } from 'pino';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/index.ts';
import { buildHub, type Hub } from '../../../src/hub/index.ts';
import { withDb } from '../../support/with-db.ts';

/** A stand-in OpenID provider: its own key pairs, its JWKS served on loopback, fetches counted. */
interface Idp {
  url: string;
  fetches: number;
  keys: { kid: string; privateKey: CryptoKey; publicJwk: JWK }[];
  addKey(kid: string): Promise<void>;
  sign(claims: Record<string, unknown>, options?: { kid?: string; aud?: string; iss?: string; expS?: number }): Promise<string>;
}

async function startIdp(): Promise<{ idp: Idp; server: Server }> {
  const idp: Idp = {
    url: '',
    fetches: 0,
    keys: [],
    async addKey(kid) {
      const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
      idp.keys.push({ kid, privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' } });
    },
    async sign(claims, options = {}) {
      const key = idp.keys.find((k) => k.kid === (options.kid ?? idp.keys[0]?.kid));
      if (!key) throw new Error('no such IdP key');
      const nowS = Math.floor(Date.now() / 1000);
      return new SignJWT(claims)
        .setProtectedHeader({ alg: 'RS256', kid: key.kid })
        .setIssuer(options.iss ?? `${idp.url}/realms/test`)
        .setAudience(options.aud ?? 'eohub-api')
        .setSubject('f81d4fae-7dec-11d0-a765-00a0c91e6bf6')
        .setIssuedAt(nowS)
        .setExpirationTime(options.expS ?? nowS + 300)
        .sign(key.privateKey);
    },
  };
  const server = createServer((req, res) => {
    idp.fetches++;
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ keys: idp.keys.map((k) => k.publicJwk) }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  idp.url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  await idp.addKey('idp-1');
  return { idp, server };
}

withDb('trusting an external OpenID provider', (t) => {
  let idp: Idp;
  let server: Server;
  let hub: Hub;
  const whoami = (token: string) => hub.app.inject({ url: '/test/whoami', headers: { authorization: `Bearer ${token}` } });

  beforeAll(async () => {
    ({ idp, server } = await startIdp());
    const config = loadConfig({
      env: {
        EOHUB_AUTH_OIDC_ISSUER: `${idp.url}/realms/test`,
        EOHUB_AUTH_OIDC_JWKS_URL: `${idp.url}/realms/test/protocol/openid-connect/certs`,
        EOHUB_AUTH_OIDC_AUDIENCE: 'eohub-api',
        EOHUB_AUTH_USER_CACHE_MS: '0',
        EOHUB_AUTH_OIDC_JWKS_COOLDOWN_MS: '100',
      },
      overrides: { dataDir: '/tmp/eohub-auth-ext', demo: { onEmptyStart: false }, auth: { adminPassword: 'admin secret 3' } },
    });
    hub = await buildHub(config, { db: t.db, log: pino({ level: 'silent' }) });
    hub.app.get('/test/whoami', async (request) => request.actor);
  });
  afterAll(async () => {
    await hub.close();
    server.close();
  });

  it('maps a verified token to the same Actor, roles and groups taken from the configured claims', async () => {
    const token = await idp.sign({
      preferred_username: 'gina',
      realm_access: { roles: ['institutional', 'offline_access'] },
      groups: ['/esa/eo'],
    });
    const res = await whoami(token);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      kind: 'user',
      id: 'f81d4fae-7dec-11d0-a765-00a0c91e6bf6',
      username: 'gina',
      roles: ['institutional', 'registered'],
      groups: ['esa/eo'],
    });
  });

  it('refuses a wrong audience, a foreign issuer, an expired token and a key the provider never published', async () => {
    const stranger = await generateKeyPair('RS256');
    const forged = await new SignJWT({ preferred_username: 'gina' })
      .setProtectedHeader({ alg: 'RS256', kid: 'idp-1' })
      .setIssuer(`${idp.url}/realms/test`)
      .setAudience('eohub-api')
      .setSubject('x')
      .setExpirationTime('5m')
      .sign(stranger.privateKey);
    for (const token of [
      await idp.sign({}, { aud: 'someone-else' }),
      await idp.sign({}, { iss: 'https://evil.example/realms/test' }),
      await idp.sign({}, { expS: Math.floor(Date.now() / 1000) - 60 }),
      forged,
    ]) {
      const res = await whoami(token);
      expect(res.statusCode).toBe(401);
      expect(res.headers['www-authenticate']).toMatch(/error="invalid_token"/);
    }
  });

  it('refetches the JWKS when a token names a kid it has not seen (the provider rotated)', async () => {
    expect((await whoami(await idp.sign({ preferred_username: 'gina' }))).statusCode).toBe(200);
    const before = idp.fetches;
    expect((await whoami(await idp.sign({ preferred_username: 'gina' }))).statusCode).toBe(200);
    expect(idp.fetches).toBe(before); // known kid: served from the cache
    await idp.addKey('idp-2');
    await new Promise((r) => setTimeout(r, 150)); // past the configured cooldown
    const res = await whoami(await idp.sign({ preferred_username: 'gina' }, { kid: 'idp-2' }));
    expect(res.statusCode).toBe(200);
    expect(idp.fetches).toBe(before + 1);
  });

  it('refuses an external user whose local account of the same name is disabled', async () => {
    await hub.deps.auth.users.addUser({ username: 'gina' });
    await hub.deps.auth.users.setDisabled('gina', true);
    const res = await whoami(await idp.sign({ preferred_username: 'gina' }));
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ code: 'AUTH_USER_DISABLED' });
  });
});
