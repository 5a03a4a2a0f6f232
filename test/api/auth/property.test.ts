import fc from 'fast-check';
import { SignJWT } from 'jose';
import { pino } from 'pino';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/index.ts';
import { buildHub, type Hub } from '../../../src/hub/index.ts';
import { withDb } from '../../support/with-db.ts';

const TOKEN_URL = '/auth/realms/eohub/protocol/openid-connect/token';

// Pieces of real credentials so that random joins get past the first check: JWT-looking segments,
// API-key prefixes, Basic payloads with and without colons, header names and token-endpoint fields.
const jwtish = fc.oneof(
  fc.constantFrom('eyJhbGciOiJub25lIn0', 'eyJhbGciOiJFUzI1NiIsImtpZCI6IngifQ', 'eyJ9', '', 'e30', '!!'),
  fc.base64String({ maxLength: 40 }).map((s) => s.replace(/=+$/, '')),
);
const token = fc.oneof(
  fc.tuple(jwtish, jwtish, jwtish).map((p) => p.join('.')),
  fc.string({ maxLength: 80 }).map((s) => `eoh_${s}`),
  fc.stringMatching(/^[0-9a-f]{12}$/).map((p) => `eoh_${p}_${'A'.repeat(43)}`),
  fc.string({ maxLength: 120 }),
);
const authorization = fc.oneof(
  token.map((t) => `Bearer ${t}`),
  fc
    .tuple(fc.string({ maxLength: 20 }), fc.string({ maxLength: 20 }))
    .map(([u, p]) => `Basic ${Buffer.from(`${u}:${p}`).toString('base64')}`),
  fc.string({ maxLength: 40 }).map((s) => `Basic ${s}`),
  fc.constantFrom('Bearer', 'Basic', 'Digest abc', 'bearer  x', ''),
  fc.string({ maxLength: 60 }),
);
const field = fc.constantFrom('grant_type', 'client_id', 'client_secret', 'username', 'password', 'refresh_token', 'scope', 'totp');
const value = fc.oneof(
  fc.constantFrom('password', 'refresh_token', 'client_credentials', 'authorization_code', 'admin', ''),
  token,
  fc.string({ maxLength: 30 }),
);
const body = fc.oneof(
  fc.array(fc.tuple(field, value), { maxLength: 6 }).map((pairs) => new URLSearchParams(pairs).toString()),
  fc.string({ maxLength: 200 }),
);

withDb('random credentials and token requests', (t) => {
  let hub: Hub;
  beforeAll(async () => {
    const config = loadConfig({
      env: {},
      overrides: {
        dataDir: '/tmp/eohub-auth-prop',
        demo: { onEmptyStart: false },
        auth: { adminPassword: 'admin secret 4', maxFailuresPerAddress: 1_000_000, maxFailuresPerUser: 1_000_000 },
      },
    });
    hub = await buildHub(config, { db: t.db, log: pino({ level: 'silent' }) });
  });
  afterAll(async () => {
    await hub.close();
  });

  it('answers random Authorization and X-API-Key headers 401 with WWW-Authenticate (or anonymous 200), never 500', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          authorization.map((a) => ({ authorization: a })),
          token.map((k) => ({ 'x-api-key': k })),
        ),
        async (headers) => {
          const res = await hub.app.inject({ url: '/health', headers });
          expect([200, 401], `${JSON.stringify(headers)} → ${res.statusCode} ${res.body}`).toContain(res.statusCode);
          if (res.statusCode === 401) {
            expect(res.headers['www-authenticate']).toMatch(/^(Bearer|Basic) realm="eohub"/);
            expect(res.json()).toMatchObject({ code: expect.stringMatching(/^AUTH_/) });
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it('answers random token-endpoint bodies 400 or 401 in the OAuth 2 error shape, never 500', async () => {
    await fc.assert(
      fc.asyncProperty(
        body,
        fc.constantFrom('application/x-www-form-urlencoded', 'application/json', 'text/plain'),
        async (payload, type) => {
          const res = await hub.app.inject({ method: 'POST', url: TOKEN_URL, headers: { 'content-type': type }, payload });
          expect([400, 401], `${payload} → ${res.statusCode} ${res.body}`).toContain(res.statusCode);
          expect(Object.keys(res.json()).sort()).toEqual(['error', 'error_description']);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('refuses tokens with random claims signed by a stranger under the hub issuer', async () => {
    const { generateKeyPair } = await import('jose');
    const { privateKey } = await generateKeyPair('ES256');
    await fc.assert(
      fc.asyncProperty(fc.dictionary(fc.string({ maxLength: 10 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 5 }), async (claims) => {
        const jwt = await new SignJWT(claims)
          .setProtectedHeader({ alg: 'ES256', kid: 'k' })
          .setIssuer(hub.deps.auth.issuer)
          .sign(privateKey);
        const res = await hub.app.inject({ url: '/stac', headers: { authorization: `Bearer ${jwt}` } });
        expect(res.statusCode).toBe(401);
      }),
      { numRuns: 40 },
    );
  });
});
