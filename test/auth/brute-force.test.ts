import { expect, it } from 'vitest';
import { AUTH_ERRORS, createAuthService } from '../../src/auth/index.ts';
import { withDb } from '../support/with-db.ts';
import { authContext } from './helpers.ts';

withDb('brute-force protection', (t) => {
  const grant = (username: string, password: string) => ({ grant_type: 'password', client_id: 'c', username, password });

  it('locks a username across server processes and lifts the lock when the failures leave the window', async () => {
    const ctx = authContext(t.db, { maxFailuresPerUser: 3, failureWindowMs: 60_000 });
    const one = createAuthService(ctx);
    const two = createAuthService(ctx); // another process: shares nothing but the database
    await one.users.addUser({ username: 'kim', password: 'kim password' });
    await expect(one.token(grant('kim', 'a'), '198.51.100.1')).rejects.toMatchObject({ code: AUTH_ERRORS.INVALID_CREDENTIALS });
    ctx.advance(10_000);
    await expect(two.token(grant('kim', 'b'), '198.51.100.2')).rejects.toMatchObject({ code: AUTH_ERRORS.INVALID_CREDENTIALS });
    await expect(one.token(grant('KIM', 'c'), '198.51.100.3')).rejects.toMatchObject({ code: AUTH_ERRORS.INVALID_CREDENTIALS });
    const locked = two.token(grant('kim', 'kim password'), '198.51.100.4');
    await expect(locked).rejects.toMatchObject({ code: AUTH_ERRORS.TOO_MANY_FAILURES, kind: 'rate_limited', details: { retryAfterS: 50 } });
    ctx.advance(50_001); // the first failure leaves the window: two remain, below the limit
    expect(await two.token(grant('kim', 'kim password'), '198.51.100.4')).toMatchObject({ token_type: 'Bearer' });
  });

  it('locks a client address that guesses across many usernames', async () => {
    const ctx = authContext(t.db, { maxFailuresPerAddress: 4, maxFailuresPerUser: 100 });
    const auth = createAuthService(ctx);
    await auth.users.addUser({ username: 'lee', password: 'lee password' });
    for (const name of ['u1', 'u2', 'u3', 'u4']) {
      await expect(auth.token(grant(name, 'x'), '203.0.113.9')).rejects.toMatchObject({ code: AUTH_ERRORS.INVALID_CREDENTIALS });
    }
    await expect(auth.token(grant('lee', 'lee password'), '203.0.113.9')).rejects.toMatchObject({ code: AUTH_ERRORS.TOO_MANY_FAILURES });
    expect(await auth.token(grant('lee', 'lee password'), '203.0.113.10')).toMatchObject({ token_type: 'Bearer' });
  });
});
