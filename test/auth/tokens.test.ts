import { generateKeyPair, SignJWT, decodeJwt, decodeProtectedHeader, UnsecuredJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { AUTH_ERRORS, createAuthService, type AuthService } from '../../src/auth/index.ts';
import { withDb } from '../support/with-db.ts';
import { authContext } from './helpers.ts';

async function rejectsWith(p: Promise<unknown>, code: string): Promise<void> {
  await expect(p).rejects.toMatchObject({ code });
}

withDb('the hub as a token issuer', (t) => {
  let ctx: ReturnType<typeof authContext>;
  let auth: AuthService;
  const login = (username = 'alice', password = 'correct horse') =>
    auth.token({ grant_type: 'password', client_id: 'cdse-public', username, password }, '10.0.0.1');

  describe('issuing', () => {
    it('answers a password grant with the Keycloak token response and a signed JWT carrying identity claims', async () => {
      ctx = authContext(t.db);
      auth = createAuthService(ctx);
      await auth.users.addUser({
        username: 'alice',
        email: 'alice@example.org',
        password: 'correct horse',
        roles: ['institutional', 'esa-staff'],
      });
      const r = await login('ALICE');
      expect(r).toMatchObject({ token_type: 'Bearer', expires_in: 600, refresh_expires_in: 3600 });
      expect(r.refresh_token).toMatch(/^eohr_/);
      const claims = decodeJwt(r.access_token);
      expect(decodeProtectedHeader(r.access_token)).toMatchObject({ alg: 'ES256', typ: 'JWT' });
      expect(claims).toMatchObject({
        iss: 'http://hub.test/auth/realms/eohub',
        aud: 'eohub',
        preferred_username: 'alice',
        realm_access: { roles: ['institutional', 'registered'] },
        groups: ['esa-staff'],
      });
      expect(typeof claims.jti).toBe('string');
      expect((claims.exp ?? 0) - (claims.iat ?? 0)).toBe(600);
      const actor = await auth.resolveActor({ type: 'bearer', token: r.access_token }, undefined);
      expect(actor).toMatchObject({ kind: 'user', username: 'alice', roles: ['institutional', 'registered'], groups: ['esa-staff'] });
    });

    it('refuses a wrong password and an unknown user alike', async () => {
      await rejectsWith(login('alice', 'wrong'), AUTH_ERRORS.INVALID_CREDENTIALS);
      await rejectsWith(login('nobody', 'x'), AUTH_ERRORS.INVALID_CREDENTIALS);
    });

    it('writes an event for every change in the same transaction', async () => {
      const r = await t.db.query<{ type: string }>(
        `SELECT type FROM events WHERE type LIKE 'user.%' OR type LIKE 'session.%' OR type LIKE 'signing_key.%'`,
      );
      expect(new Set(r.rows.map((x) => x.type))).toEqual(new Set(['user.created', 'session.started', 'signing_key.created']));
    });
  });

  describe('refreshing', () => {
    it('rotates the refresh token and revokes the session when a rotated one comes back', async () => {
      const first = await login();
      const second = await auth.token(
        { grant_type: 'refresh_token', client_id: 'cdse-public', refresh_token: first.refresh_token ?? '' },
        undefined,
      );
      expect(second.refresh_token).not.toBe(first.refresh_token);
      expect(second.session_state).toBe(first.session_state);
      await rejectsWith(
        auth.token({ grant_type: 'refresh_token', client_id: 'cdse-public', refresh_token: first.refresh_token ?? '' }, undefined),
        AUTH_ERRORS.INVALID_GRANT,
      );
      // the replay revoked the whole session, including the newest token
      await rejectsWith(
        auth.token({ grant_type: 'refresh_token', client_id: 'cdse-public', refresh_token: second.refresh_token ?? '' }, undefined),
        AUTH_ERRORS.INVALID_GRANT,
      );
    });

    it('refuses a refresh token presented by another client', async () => {
      const r = await login();
      await rejectsWith(
        auth.token({ grant_type: 'refresh_token', client_id: 'other', refresh_token: r.refresh_token ?? '' }, undefined),
        AUTH_ERRORS.INVALID_GRANT,
      );
    });

    it('lets access tokens and refresh tokens expire on the clock', async () => {
      const r = await login();
      ctx.advance(601_000);
      await rejectsWith(auth.resolveActor({ type: 'bearer', token: r.access_token }, undefined), AUTH_ERRORS.INVALID_TOKEN);
      ctx.advance(3000_000);
      await rejectsWith(
        auth.token({ grant_type: 'refresh_token', client_id: 'cdse-public', refresh_token: r.refresh_token ?? '' }, undefined),
        AUTH_ERRORS.INVALID_GRANT,
      );
    });
  });

  describe('refusing', () => {
    it('refuses a disabled user holding a valid token, and their refresh token', async () => {
      await auth.users.addUser({ username: 'bob', password: 'bob password' });
      const r = await login('bob', 'bob password');
      await auth.users.setDisabled('bob', true);
      await rejectsWith(auth.resolveActor({ type: 'bearer', token: r.access_token }, undefined), AUTH_ERRORS.USER_DISABLED);
      await rejectsWith(
        auth.token({ grant_type: 'refresh_token', client_id: 'cdse-public', refresh_token: r.refresh_token ?? '' }, undefined),
        AUTH_ERRORS.INVALID_GRANT,
      );
      await rejectsWith(login('bob', 'bob password'), AUTH_ERRORS.USER_DISABLED);
    });

    it('refuses a token signed by another key under a known kid, alg none, tampered claims and an unknown kid', async () => {
      const good = (await login()).access_token;
      const header = decodeProtectedHeader(good);
      const claims = decodeJwt(good);
      const { privateKey } = await generateKeyPair('ES256');
      const forged = await new SignJWT(claims).setProtectedHeader({ alg: 'ES256', kid: header.kid ?? '' }).sign(privateKey);
      const none = new UnsecuredJWT(claims).encode();
      const [h, , s] = good.split('.');
      const tampered = `${h}.${Buffer.from(JSON.stringify({ ...claims, realm_access: { roles: ['admin'] } })).toString('base64url')}.${s}`;
      const unknownKid = await new SignJWT(claims).setProtectedHeader({ alg: 'ES256', kid: 'no-such-kid' }).sign(privateKey);
      const hmac = await new SignJWT(claims)
        .setProtectedHeader({ alg: 'HS256', kid: header.kid ?? '' })
        .sign(new TextEncoder().encode(JSON.stringify((await auth.jwks()).keys[0])) /* the public key as HMAC secret: key confusion */);
      for (const token of [forged, none, tampered, unknownKid, hmac, 'not.a.jwt', 'abc']) {
        await rejectsWith(auth.resolveActor({ type: 'bearer', token }, undefined), AUTH_ERRORS.INVALID_TOKEN);
      }
    });
  });

  describe('signing keys', () => {
    it('keeps a rotated key in the JWKS until the tokens it signed have expired, and shares keys between processes', async () => {
      const before = await login();
      const oldKid = decodeProtectedHeader(before.access_token).kid;
      const newKid = await auth.rotateSigningKey();
      const other = createAuthService(ctx); // a second server process on the same database
      const kids = (await other.jwks()).keys.map((k) => k.kid);
      expect(kids).toEqual(expect.arrayContaining([oldKid, newKid]));
      const after = await other.token({ grant_type: 'password', client_id: 'c', username: 'alice', password: 'correct horse' }, undefined);
      expect(decodeProtectedHeader(after.access_token).kid).toBe(newKid);
      expect(await other.resolveActor({ type: 'bearer', token: before.access_token }, undefined)).toMatchObject({ username: 'alice' });
      expect(await auth.resolveActor({ type: 'bearer', token: after.access_token }, undefined)).toMatchObject({ username: 'alice' });
      ctx.advance(631_000); // lifetime of the last token the old key signed, plus other processes' reload interval
      const third = createAuthService(ctx);
      expect((await third.jwks()).keys.map((k) => k.kid)).toEqual([newKid]);
    });
  });
});
