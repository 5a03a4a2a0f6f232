import { Writable } from 'node:stream';
import { pino } from 'pino';
import { expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/index.ts';
import { buildHub, type Hub } from '../../../src/hub/index.ts';
import { LOG_REDACT } from '../../../src/hub/logger.ts';
import { withDb } from '../../support/with-db.ts';

const TOKEN_URL = '/auth/realms/eohub/protocol/openid-connect/token';
const form = (fields: Record<string, string>) => ({
  method: 'POST' as const,
  url: TOKEN_URL,
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  payload: new URLSearchParams(fields).toString(),
});
const basic = (u: string, p: string) => `Basic ${Buffer.from(`${u}:${p}`).toString('base64')}`;

withDb('the token endpoint and actor resolution over HTTP', (t) => {
  let hub: Hub;
  let log = '';
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      log += chunk.toString();
      done();
    },
  });

  it('starts with the first admin from EOHUB_ADMIN_PASSWORD', async () => {
    const config = loadConfig({
      env: { EOHUB_ADMIN_PASSWORD: 'admin secret 1' },
      overrides: { dataDir: '/tmp/eohub-auth-http', demo: { onEmptyStart: false }, auth: { maxFailuresPerUser: 3, userCacheMs: 0 } },
    });
    hub = await buildHub(config, { db: t.db, log: pino({ level: 'info', redact: LOG_REDACT }, sink) });
    hub.app.get('/test/whoami', async (request) => request.actor);
    hub.app.post('/test/echo', async (request) => {
      request.log.info({ body: request.body, headers: request.headers }, 'echo');
      return {};
    });
    expect((await hub.deps.auth.users.getUser('admin')).roles).toContain('admin');
  });

  it('issues tokens for a form-encoded password grant, as CDSE clients send it', async () => {
    const res = await hub.app.inject(
      form({ grant_type: 'password', client_id: 'cdse-public', username: 'admin', password: 'admin secret 1' }),
    );
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const body = res.json<{ access_token: string }>();
    expect(body).toMatchObject({ token_type: 'Bearer', expires_in: 600, refresh_expires_in: 3600 });
    const who = await hub.app.inject({ url: '/test/whoami', headers: { authorization: `Bearer ${body.access_token}` } });
    expect(who.json()).toMatchObject({ kind: 'user', username: 'admin', roles: ['admin', 'registered'] });
    const health = await hub.app.inject({ url: '/health', headers: { authorization: `Bearer ${body.access_token}` } });
    expect(health.statusCode).toBe(200);
  });

  it('answers bad grants in the OAuth 2 error shape with 400 or 401', async () => {
    const cases: [Record<string, string>, number, string][] = [
      [{ grant_type: 'password', client_id: 'c', username: 'admin', password: 'nope' }, 401, 'invalid_grant'],
      [{ grant_type: 'password', username: 'admin' }, 400, 'invalid_request'],
      [{ grant_type: 'authorization_code', code: 'x' }, 400, 'unsupported_grant_type'],
      [{ client_id: 'c' }, 400, 'invalid_request'],
      [{ grant_type: 'refresh_token', client_id: 'c', refresh_token: 'eohr_forged' }, 400, 'invalid_grant'],
      [{ grant_type: 'client_credentials', client_id: 'c', client_secret: 'eoh_000000000000_' + 'a'.repeat(43) }, 401, 'invalid_client'],
    ];
    for (const [fields, status, error] of cases) {
      const res = await hub.app.inject(form(fields));
      expect(res.statusCode, JSON.stringify(fields)).toBe(status);
      expect(Object.keys(res.json()).sort()).toEqual(['error', 'error_description']);
      expect(res.json()).toMatchObject({ error });
    }
    const charset = await hub.app.inject({
      ...form({ grant_type: 'password', client_id: 'c', username: 'admin', password: 'admin secret 1' }),
      headers: { 'content-type': 'application/x-www-form-urlencoded; charset=UTF-8' },
    });
    expect(charset.statusCode).toBe(200);
    const huge = await hub.app.inject(form({ grant_type: 'password', client_id: 'c', username: 'admin', password: 'x'.repeat(70_000) }));
    expect(huge.statusCode).toBe(413);
    expect(huge.json()).toMatchObject({ error: 'invalid_request' });
    const repeated = await hub.app.inject({ ...form({}), payload: 'grant_type=password&grant_type=client_credentials' });
    expect(repeated.json()).toMatchObject({ error: 'invalid_request' });
    const json = await hub.app.inject({ method: 'POST', url: TOKEN_URL, payload: { grant_type: 'password' } });
    expect(json.statusCode).toBe(400);
    expect(json.json()).toMatchObject({ error: 'invalid_request' });
    expect(
      (await hub.app.inject({ ...form({ grant_type: 'password' }), url: '/auth/realms/CDSE/protocol/openid-connect/token' })).statusCode,
    ).toBe(404);
  });

  it('publishes discovery documents and the JWKS', async () => {
    for (const url of ['/.well-known/openid-configuration', '/auth/realms/eohub/.well-known/openid-configuration']) {
      const res = await hub.app.inject({ url });
      expect(res.json()).toMatchObject({
        issuer: 'http://localhost:8080/auth/realms/eohub',
        token_endpoint: `http://localhost:8080${TOKEN_URL}`,
      });
    }
    const jwks = await hub.app.inject({ url: '/auth/realms/eohub/protocol/openid-connect/certs' });
    const keys = jwks.json<{ keys: Record<string, unknown>[] }>().keys;
    expect(keys[0]).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256', use: 'sig' });
    expect(keys[0]).not.toHaveProperty('d');
  });

  it('resolves API keys (Bearer, X-API-Key, client_credentials) and HTTP Basic; anonymous without a credential', async () => {
    await hub.deps.auth.users.addUser({ username: 'carol', password: 'carol password' });
    const { key, info } = await hub.deps.auth.users.createApiKey('carol', 'scripts');
    for (const headers of [{ authorization: `Bearer ${key}` }, { 'x-api-key': key }, { authorization: basic('carol', 'carol password') }]) {
      expect((await hub.app.inject({ url: '/test/whoami', headers })).json()).toMatchObject({ kind: 'user', username: 'carol' });
    }
    expect((await hub.app.inject({ url: '/test/whoami' })).json()).toEqual({ kind: 'anonymous' });
    const cc = await hub.app.inject(form({ grant_type: 'client_credentials', client_id: 'carol', client_secret: key }));
    expect(cc.json()).toMatchObject({ token_type: 'Bearer', refresh_expires_in: 0 });
    const ccBasic = await hub.app.inject({
      ...form({ grant_type: 'client_credentials' }),
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: basic('carol', key) },
    });
    expect(ccBasic.json()).toMatchObject({ token_type: 'Bearer' });
    expect(
      (
        await hub.app.inject({
          url: '/test/whoami',
          headers: { authorization: `Bearer ${ccBasic.json<{ access_token: string }>().access_token}` },
        })
      ).json(),
    ).toMatchObject({ username: 'carol' });
    await hub.deps.auth.users.revokeApiKey(info.prefix);
    const revoked = await hub.app.inject({ url: '/test/whoami', headers: { 'x-api-key': key } });
    expect(revoked.statusCode).toBe(401);
  });

  it('answers a bad credential 401 with WWW-Authenticate, in the OData shape under /odata/', async () => {
    const bearer = await hub.app.inject({ url: '/test/whoami', headers: { authorization: 'Bearer nonsense' } });
    expect(bearer.statusCode).toBe(401);
    expect(bearer.headers['www-authenticate']).toMatch(/^Bearer realm="eohub", error="invalid_token"/);
    const wrong = await hub.app.inject({ url: '/stac', headers: { authorization: basic('carol', 'wrong') } });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.headers['www-authenticate']).toMatch(/^Basic realm="eohub"/);
    expect(wrong.json()).toMatchObject({ code: 'AUTH_INVALID_CREDENTIALS' });
    const odata = await hub.app.inject({ url: '/odata/v1/Products', headers: { authorization: 'Digest x' } });
    expect(odata.statusCode).toBe(401);
    expect(odata.json()).toMatchObject({ error: { code: 'AUTH_INVALID_CREDENTIALS' } });
    const dhus = await hub.app.inject({ url: '/dhus/search?q=*', headers: { authorization: basic('nobody', 'nothing') } });
    expect(dhus.statusCode).toBe(401);
    expect(dhus.headers['cause-message']).toMatch(/^AuthenticationException : /);
    expect(dhus.json()).toMatchObject({ error: { code: 'AUTH_INVALID_CREDENTIALS', message: { lang: 'en' } } });
    const resto = await hub.app.inject({ url: '/resto/api/collections/search.json', headers: { 'x-api-key': 'eoh_bad' } });
    expect(resto.statusCode).toBe(401);
    expect(resto.json()).toMatchObject({ detail: { ErrorCode: 401, ErrorDetail: [] } });
  });

  it('locks a username after repeated failures with 429 and Retry-After, even for the right password', async () => {
    await hub.deps.auth.users.addUser({ username: 'frank', password: 'frank password' });
    for (let i = 0; i < 3; i++) {
      expect(
        (await hub.app.inject(form({ grant_type: 'password', client_id: 'c', username: 'frank', password: `guess ${i}` }))).statusCode,
      ).toBe(401);
    }
    const locked = await hub.app.inject(form({ grant_type: 'password', client_id: 'c', username: 'Frank', password: 'frank password' }));
    expect(locked.statusCode).toBe(429);
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
    expect(locked.json()).toMatchObject({ error: 'temporarily_unavailable' });
    const viaBasic = await hub.app.inject({ url: '/test/whoami', headers: { authorization: basic('frank', 'frank password') } });
    expect(viaBasic.statusCode).toBe(429);
    expect(viaBasic.headers['retry-after']).toBeDefined();
  });

  it('keeps passwords, tokens and keys out of the log', async () => {
    const res = await hub.app.inject(form({ grant_type: 'password', client_id: 'c', username: 'admin', password: 'admin secret 1' }));
    const token = res.json<{ access_token: string; refresh_token: string }>();
    await hub.app.inject({
      method: 'POST',
      url: '/test/echo',
      headers: { authorization: `Bearer ${token.access_token}` },
      payload: { password: 'admin secret 1', refresh_token: token.refresh_token },
    });
    expect(log).toContain('echo');
    for (const secret of ['admin secret 1', token.access_token, token.refresh_token]) expect(log).not.toContain(secret);
    await hub.close();
  });
});
