import { z } from 'zod';
import { verifyApiKey } from './api-keys.ts';
import { assertNotLocked, clearUserFailures, failureSubjects, recordFailure } from './brute-force.ts';
import { AUTH_ERRORS, authError } from './errors.ts';
import { verifyPassword } from './passwords.ts';
import type { SigningKeys } from './signing-keys.ts';
import { issueTokens, refreshTokens, type TokenResponse } from './tokens.ts';
import type { AuthContext, User } from './types.ts';
import { findLoginRow, findUserById } from './users.ts';

/** The token endpoint's form (RFC 6749 §4.3, §4.4, §6), as Keycloak and CDSE accept it. */
const field = z.string().min(1).max(4096);
export const tokenRequestSchema = z.discriminatedUnion('grant_type', [
  z.object({ grant_type: z.literal('password'), client_id: field, username: field, password: z.string().max(4096) }),
  z.object({ grant_type: z.literal('refresh_token'), client_id: field, refresh_token: field }),
  z.object({ grant_type: z.literal('client_credentials'), client_id: field, client_secret: field }),
]);

const SUPPORTED = new Set(['password', 'refresh_token', 'client_credentials']);

function parseTokenRequest(form: Record<string, string>): z.infer<typeof tokenRequestSchema> {
  const grant = form['grant_type'];
  if (grant === undefined) throw authError(AUTH_ERRORS.INVALID_REQUEST, 'missing grant_type');
  if (!SUPPORTED.has(grant)) throw authError(AUTH_ERRORS.UNSUPPORTED_GRANT_TYPE, `unsupported grant_type ${grant.slice(0, 64)}`);
  const r = tokenRequestSchema.safeParse(form);
  if (!r.success)
    throw authError(AUTH_ERRORS.INVALID_REQUEST, `missing or invalid: ${r.error.issues.map((i) => i.path.join('.')).join(', ')}`);
  return r.data;
}

/**
 * Checks a username and password with brute-force protection (per user and per client address).
 * Used by the password grant and by HTTP Basic.
 */
export async function checkPassword(ctx: AuthContext, username: string, password: string, address: string | undefined): Promise<User> {
  const subjects = failureSubjects(username, address);
  await assertNotLocked(ctx, subjects);
  const row = await findLoginRow(ctx, username);
  const ok = await verifyPassword(password, row?.passwordHash ?? null);
  if (!row || !ok) {
    await recordFailure(ctx, subjects);
    throw authError(AUTH_ERRORS.INVALID_CREDENTIALS, 'invalid user credentials');
  }
  if (row.disabled) throw authError(AUTH_ERRORS.USER_DISABLED, 'the account is disabled');
  await clearUserFailures(ctx, row.username);
  const user = await findUserById(ctx, row.id);
  if (!user) throw authError(AUTH_ERRORS.INVALID_CREDENTIALS, 'invalid user credentials');
  return user;
}

export async function grantTokens(
  ctx: AuthContext,
  keys: SigningKeys,
  form: Record<string, string>,
  address: string | undefined,
): Promise<TokenResponse> {
  const req = parseTokenRequest(form);
  switch (req.grant_type) {
    case 'password': {
      const user = await checkPassword(ctx, req.username, req.password, address);
      return issueTokens(ctx, keys, user, req.client_id, true);
    }
    case 'refresh_token':
      return refreshTokens(ctx, keys, req.refresh_token, req.client_id, (id) => findUserById(ctx, id));
    case 'client_credentials': {
      // The API key is the client secret; counted per address like a password, as it is guessed the same way.
      const subjects = failureSubjects(undefined, address);
      await assertNotLocked(ctx, subjects);
      const key = await verifyApiKey(ctx, req.client_secret);
      const user = key ? await findUserById(ctx, key.userId) : undefined;
      if (!key || !user) {
        await recordFailure(ctx, subjects);
        throw authError(AUTH_ERRORS.INVALID_CREDENTIALS, 'invalid client credentials', { client: true });
      }
      if (user.disabled) throw authError(AUTH_ERRORS.USER_DISABLED, 'the account is disabled', { client: true });
      return issueTokens(ctx, keys, user, req.client_id, false);
    }
  }
}
