import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/index.ts';
import { buildHub } from '../../../src/hub/index.ts';
import { withDb } from '../../support/with-db.ts';

const basic = (u: string, p: string) => `Basic ${Buffer.from(`${u}:${p}`).toString('base64')}`;

describe('the admin API', () => {
  withDb('refuses non-admins', (t) => {
    it('answers 401 to anonymous callers, 403 to registered users and 200 to admins', async () => {
      const config = loadConfig({
        env: {},
        overrides: { dataDir: '/tmp/eohub-auth-admin', demo: { onEmptyStart: false }, auth: { adminPassword: 'admin secret 2' } },
      });
      const hub = await buildHub(config, { db: t.db, log: pino({ level: 'silent' }) });
      try {
        await hub.deps.auth.users.addUser({ username: 'dave', password: 'dave password' });
        const anon = await hub.app.inject({ url: '/admin/users' });
        expect(anon.statusCode).toBe(401);
        expect(anon.headers['www-authenticate']).toMatch(/^Bearer/);
        expect((await hub.app.inject({ url: '/admin/users', headers: { authorization: basic('dave', 'dave password') } })).statusCode).toBe(
          403,
        );
        const admin = { authorization: basic('admin', 'admin secret 2') };
        const created = await hub.app.inject({
          method: 'POST',
          url: '/admin/users',
          headers: admin,
          payload: { username: 'erin', password: 'erin password', roles: ['institutional'] },
        });
        expect(created.statusCode).toBe(201);
        expect(
          (await hub.app.inject({ method: 'POST', url: '/admin/users', headers: admin, payload: { username: 'ERIN' } })).statusCode,
        ).toBe(409);
        expect((await hub.app.inject({ method: 'POST', url: '/admin/users', headers: admin, payload: { username: '' } })).statusCode).toBe(
          400,
        );
        const disabled = await hub.app.inject({ method: 'PATCH', url: '/admin/users/erin', headers: admin, payload: { disabled: true } });
        expect(disabled.json()).toMatchObject({ disabled: true });
        const before = (await hub.app.inject({ url: '/auth/realms/eohub/protocol/openid-connect/certs' })).json<{
          keys: { kid: string }[];
        }>().keys;
        const rotated = await hub.app.inject({ method: 'POST', url: '/admin/signing-keys/rotate', headers: admin });
        const after = (await hub.app.inject({ url: '/auth/realms/eohub/protocol/openid-connect/certs' })).json<{
          keys: { kid: string }[];
        }>().keys;
        expect(after.map((k) => k.kid)).toEqual([rotated.json<{ kid: string }>().kid, ...before.map((k) => k.kid)]);
        expect(
          (
            await hub.app.inject({
              method: 'POST',
              url: '/admin/signing-keys/rotate',
              headers: { authorization: basic('dave', 'dave password') },
            })
          ).statusCode,
        ).toBe(403);
        const refused = await hub.app.inject({ url: '/stac', headers: { authorization: basic('erin', 'erin password') } });
        expect(refused.statusCode).toBe(401);
        expect(refused.json()).toMatchObject({ code: 'AUTH_USER_DISABLED' });
      } finally {
        await hub.close();
      }
    });
  });
});
