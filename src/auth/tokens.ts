import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify, SignJWT } from 'jose';
import type { Queryable } from '../db/index.ts';
import { AUTH_ERRORS, authError } from './errors.ts';
import type { SigningKeys } from './signing-keys.ts';
import { issuerOf, type AuthContext, type User } from './types.ts';
import { writeAuthEvent } from './users.ts';

/**
 * Access tokens (signed JWTs, short-lived) and refresh tokens (opaque, stored as SHA-256 digests,
 * rotated on every use). The response has the shape of Keycloak's token endpoint, which CDSE clients
 * parse (reference/cdse.md §4).
 */
export interface TokenResponse {
  access_token: string;
  expires_in: number;
  refresh_expires_in: number;
  refresh_token?: string;
  token_type: 'Bearer';
  'not-before-policy': 0;
  session_state?: string;
  scope: string;
}

function digest(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

async function signAccessToken(
  ctx: AuthContext,
  keys: SigningKeys,
  user: User,
  clientId: string,
  sessionId: string | undefined,
): Promise<string> {
  const key = await keys.signingKey();
  const nowS = Math.floor(ctx.clock() / 1000);
  return new SignJWT({
    typ: 'Bearer',
    azp: clientId,
    ...(sessionId ? { sid: sessionId } : {}),
    preferred_username: user.username,
    ...(user.email ? { email: user.email } : {}),
    realm_access: { roles: user.roles },
    groups: user.groups,
    scope: 'profile email',
  })
    .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: 'JWT' })
    .setIssuer(issuerOf(ctx))
    .setSubject(user.id)
    .setAudience(ctx.settings.audience)
    .setIssuedAt(nowS)
    .setExpirationTime(nowS + ctx.settings.accessTokenTtlS)
    .setJti(randomUUID())
    .sign(key.privateKey);
}

async function insertRefreshToken(ctx: AuthContext, tx: Queryable, user: User, clientId: string, sessionId: string): Promise<string> {
  const token = `eohr_${randomBytes(32).toString('base64url')}`;
  const now = ctx.clock();
  await tx.query(
    `INSERT INTO refresh_tokens (id, session_id, user_id, token_hash, client_id, created_at, expires_at)
     VALUES ($1, $2, $3, $4, $5, to_timestamp($6 / 1000.0), to_timestamp($7 / 1000.0))`,
    [randomUUID(), sessionId, user.id, digest(token), clientId, now, now + ctx.settings.refreshTokenTtlS * 1000],
  );
  return token;
}

/** Starts a session: an access token and, unless `refresh` is false (client credentials), a refresh token. */
export async function issueTokens(
  ctx: AuthContext,
  keys: SigningKeys,
  user: User,
  clientId: string,
  refresh: boolean,
): Promise<TokenResponse> {
  if (!refresh) {
    const access = await signAccessToken(ctx, keys, user, clientId, undefined);
    return {
      access_token: access,
      expires_in: ctx.settings.accessTokenTtlS,
      refresh_expires_in: 0,
      token_type: 'Bearer',
      'not-before-policy': 0,
      scope: 'profile email',
    };
  }
  const sessionId = randomUUID();
  const refreshToken = await ctx.db.transaction(async (tx) => {
    const token = await insertRefreshToken(ctx, tx, user, clientId, sessionId);
    await writeAuthEvent(tx, 'session.started', { userId: user.id, username: user.username, sessionId, clientId });
    return token;
  });
  return response(ctx, await signAccessToken(ctx, keys, user, clientId, sessionId), refreshToken, sessionId);
}

function response(ctx: AuthContext, access: string, refreshToken: string, sessionId: string): TokenResponse {
  return {
    access_token: access,
    expires_in: ctx.settings.accessTokenTtlS,
    refresh_expires_in: ctx.settings.refreshTokenTtlS,
    refresh_token: refreshToken,
    token_type: 'Bearer',
    'not-before-policy': 0,
    session_state: sessionId,
    scope: 'profile email',
  };
}

interface RefreshRow {
  id: string;
  session_id: string;
  user_id: string;
  client_id: string;
  expires_ms: number;
  used_at: string | null;
  revoked_at: string | null;
}

/**
 * Exchanges a refresh token for new tokens and retires it. Presenting a token that was already rotated
 * means it leaked: the whole session is revoked (OAuth 2.0 Security BCP, RFC 9700 §4.14.2).
 */
export async function refreshTokens(
  ctx: AuthContext,
  keys: SigningKeys,
  token: string,
  clientId: string,
  loadUser: (id: string) => Promise<User | undefined>,
): Promise<TokenResponse> {
  const invalid = (why: string) => authError(AUTH_ERRORS.INVALID_GRANT, `invalid refresh token: ${why}`);
  const r = await ctx.db.query<RefreshRow>(
    `SELECT id, session_id, user_id, client_id, extract(epoch FROM expires_at) * 1000 AS expires_ms, used_at, revoked_at
     FROM refresh_tokens WHERE token_hash = $1`,
    [digest(token)],
  );
  const row = r.rows[0];
  if (!row) throw invalid('unknown');
  const now = ctx.clock();
  if (row.used_at !== null && row.revoked_at === null) {
    await revokeSession(ctx, row.session_id, row.user_id, 'refresh token reused');
    throw invalid('already used; the session is revoked');
  }
  if (row.revoked_at !== null) throw invalid('revoked');
  if (Number(row.expires_ms) <= now) throw invalid('expired');
  if (row.client_id !== clientId) throw invalid('issued to another client');
  const user = await loadUser(row.user_id);
  if (!user || user.disabled) throw invalid('the user is disabled');
  const next = await ctx.db.transaction(async (tx) => {
    const used = await tx.query(`UPDATE refresh_tokens SET used_at = to_timestamp($2 / 1000.0) WHERE id = $1 AND used_at IS NULL`, [
      row.id,
      now,
    ]);
    if (used.rowCount === 0) throw invalid('already used');
    return insertRefreshToken(ctx, tx, user, clientId, row.session_id);
  });
  return response(ctx, await signAccessToken(ctx, keys, user, clientId, row.session_id), next, row.session_id);
}

export async function revokeSession(ctx: AuthContext, sessionId: string, userId: string, reason: string): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    await tx.query(`UPDATE refresh_tokens SET revoked_at = to_timestamp($2 / 1000.0) WHERE session_id = $1 AND revoked_at IS NULL`, [
      sessionId,
      ctx.clock(),
    ]);
    await writeAuthEvent(tx, 'session.revoked', { userId, sessionId, reason });
  });
}

/**
 * Verifies one of the hub's own access tokens: signature by a published key (only the configured
 * algorithm, so `alg: none` and HMAC tricks fail), issuer, audience, expiry. Returns the user id.
 */
export async function verifyAccessToken(ctx: AuthContext, keys: SigningKeys, token: string): Promise<{ userId: string }> {
  const bad = (why: string) => authError(AUTH_ERRORS.INVALID_TOKEN, `invalid access token: ${why}`);
  let kid: string | undefined;
  try {
    kid = decodeProtectedHeader(token).kid;
  } catch {
    throw bad('malformed');
  }
  const jwks = createLocalJWKSet(await keys.verificationJwks(kid));
  try {
    const { payload } = await jwtVerify(token, jwks, {
      issuer: issuerOf(ctx),
      audience: ctx.settings.audience,
      algorithms: [ctx.settings.signingAlg],
      currentDate: new Date(ctx.clock()),
      requiredClaims: ['sub', 'exp', 'iat'],
    });
    if (typeof payload.sub !== 'string') throw bad('no subject');
    return { userId: payload.sub };
  } catch (error) {
    if (error instanceof Error && 'code' in error && typeof error.code === 'string' && error.code.startsWith('ERR_J'))
      throw bad(error.code);
    throw error;
  }
}
