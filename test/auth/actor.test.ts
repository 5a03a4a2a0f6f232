import { expect, it } from 'vitest';
import { AUTH_ERRORS, createAuthService, ensureFirstAdmin, verifyPassword, hashPassword } from '../../src/auth/index.ts';
import { withDb } from '../support/with-db.ts';
import { authContext } from './helpers.ts';

withDb('resolving credentials to an actor', (t) => {
  it('hashes passwords with scrypt, salted, and verifies only the right one', async () => {
    const a = await hashPassword('päss word');
    const b = await hashPassword('päss word');
    expect(a).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword('päss word', a)).toBe(true);
    expect(await verifyPassword('pass word', a)).toBe(false);
    expect(await verifyPassword('anything', null)).toBe(false);
    expect(await verifyPassword('anything', 'scrypt$garbage')).toBe(false);
  });

  it('resolves HTTP Basic, remembers a success briefly, and still refuses a wrong password and a disabled user', async () => {
    const ctx = authContext(t.db, { userCacheMs: 60_000 });
    const auth = createAuthService(ctx);
    await auth.users.addUser({ username: 'hanna', password: 'hanna password', roles: ['admin'] });
    const basic = (password: string) => auth.resolveActor({ type: 'basic', username: 'Hanna', password }, '192.0.2.1');
    expect(await basic('hanna password')).toMatchObject({ kind: 'user', username: 'hanna', roles: ['admin', 'registered'] });
    expect(await basic('hanna password')).toMatchObject({ username: 'hanna' });
    await expect(basic('wrong')).rejects.toMatchObject({ code: AUTH_ERRORS.INVALID_CREDENTIALS });
    await auth.users.setDisabled('hanna', true);
    await expect(basic('hanna password')).rejects.toMatchObject({ code: AUTH_ERRORS.USER_DISABLED });
  });

  it('resolves API keys by Bearer or X-API-Key until they are revoked, storing only a digest', async () => {
    const ctx = authContext(t.db);
    const auth = createAuthService(ctx);
    await auth.users.addUser({ username: 'ivan' });
    const { key, info } = await auth.users.createApiKey('ivan', 'laptop');
    expect(key).toMatch(new RegExp(`^eoh_${info.prefix}_[A-Za-z0-9_-]{43}$`));
    const stored = await t.db.query<{ key_hash: string }>(`SELECT key_hash FROM api_keys WHERE id = $1`, [info.id]);
    expect(stored.rows[0]?.key_hash).not.toContain(key.split('_').at(-1));
    expect(await auth.resolveActor({ type: 'apiKey', key }, undefined)).toMatchObject({ username: 'ivan' });
    expect(await auth.resolveActor({ type: 'bearer', token: key }, undefined)).toMatchObject({ username: 'ivan' });
    expect((await auth.users.listApiKeys('ivan'))[0]?.lastUsed).toEqual(expect.any(String));
    await expect(
      auth.resolveActor({ type: 'apiKey', key: `${key.slice(0, -1)}${key.endsWith('A') ? 'B' : 'A'}` }, undefined),
    ).rejects.toMatchObject({ code: AUTH_ERRORS.INVALID_CREDENTIALS });
    await auth.users.revokeApiKey(info.prefix);
    await expect(auth.resolveActor({ type: 'apiKey', key }, undefined)).rejects.toMatchObject({ code: AUTH_ERRORS.INVALID_CREDENTIALS });
    const events = await t.db.query<{ type: string }>(`SELECT type FROM events WHERE payload->>'keyId' = $1 ORDER BY id`, [info.id]);
    expect(events.rows.map((e) => e.type)).toEqual(['apikey.created', 'apikey.revoked']);
  });

  it('creates the first admin once, with a generated password when none is configured', async () => {
    const ctx = authContext(t.db);
    // earlier tests made hanna an admin; a fresh schema has none, so count admins instead
    await t.db.query(`DELETE FROM user_roles WHERE name = 'admin'`);
    const first = await ensureFirstAdmin(ctx, undefined);
    expect(first.created).toBe(true);
    expect(first.generatedPassword).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect(await ensureFirstAdmin(ctx, undefined)).toEqual({ created: false });
    const auth = createAuthService(ctx);
    expect(await auth.resolveActor({ type: 'basic', username: 'admin', password: first.generatedPassword ?? '' }, undefined)).toMatchObject(
      { roles: ['admin', 'registered'] },
    );
  });

  it('validates usernames, roles and passwords', async () => {
    const auth = createAuthService(authContext(t.db));
    for (const input of [
      { username: '' },
      { username: 'a b' },
      { username: 'x'.repeat(200) },
      { username: 'ok', password: 'short' },
      { username: 'ok', roles: ['bad role'] },
    ]) {
      await expect(auth.users.addUser(input)).rejects.toMatchObject({ code: AUTH_ERRORS.INVALID_USER, kind: 'invalid' });
    }
    await auth.users.addUser({ username: 'Judy' });
    await expect(auth.users.addUser({ username: 'judy' })).rejects.toMatchObject({ code: AUTH_ERRORS.USER_EXISTS, kind: 'conflict' });
  });
});
