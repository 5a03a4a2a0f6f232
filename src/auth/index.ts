/**
 * Identity: who is calling. Owns the tables users, user_roles, api_keys, signing_keys, refresh_tokens and
 * auth_failures (migration 0007) and writes the events user.*, apikey.*, signing_key.created and session.*.
 * Passwords (scrypt), API keys, the hub's own OIDC-compatible tokens (Keycloak/CDSE token endpoint shape,
 * signed JWTs, JWKS in the database), trust in an external OIDC provider, brute-force protection, the
 * first admin, and resolving credentials to an Actor. Access policies and quotas are not here yet.
 * Plain TypeScript: api/auth parses headers and forms and renders what this returns.
 */
import { ActorResolver, type Credential } from './actor.ts';
import { createApiKey, listApiKeys, revokeApiKey, type ApiKeyInfo } from './api-keys.ts';
import { createExternalVerifier } from './external.ts';
import { grantTokens } from './grants.ts';
import { generatePassword } from './passwords.ts';
import { SigningKeys } from './signing-keys.ts';
import type { TokenResponse } from './tokens.ts';
import { issuerOf, type Actor, type AuthContext, type User } from './types.ts';
import { addUserRole, createUser, getUser, listUsers, removeUserRole, setUserDisabled, setUserPassword, type NewUser } from './users.ts';

export { AUTH_ERRORS } from './errors.ts';
export {
  ANONYMOUS,
  KNOWN_ROLES,
  issuerOf,
  type Actor,
  type AuthContext,
  type AuthSettings,
  type ExternalIdpSettings,
  type User,
} from './types.ts';
export type { Credential } from './actor.ts';
export type { ApiKeyInfo } from './api-keys.ts';
export type { TokenResponse } from './tokens.ts';
export type { NewUser } from './users.ts';
export { hashPassword, verifyPassword, generatePassword } from './passwords.ts';

/** The user administration every front end (CLI, admin HTTP API) calls. */
export interface UserAdmin {
  addUser(input: NewUser): Promise<User>;
  listUsers(): Promise<User[]>;
  getUser(username: string): Promise<User>;
  setDisabled(username: string, disabled: boolean): Promise<User>;
  setPassword(username: string, password: string): Promise<User>;
  addRole(username: string, role: string): Promise<User>;
  removeRole(username: string, role: string): Promise<User>;
  createApiKey(username: string, name: string): Promise<{ key: string; info: ApiKeyInfo }>;
  listApiKeys(username: string): Promise<ApiKeyInfo[]>;
  revokeApiKey(prefixOrId: string): Promise<ApiKeyInfo>;
  /** Starts signing with a new key; the previous one stays published until its tokens expire. */
  rotateSigningKey(): Promise<{ kid: string }>;
}

export interface AuthService {
  readonly realm: string;
  readonly issuer: string;
  /** The token endpoint: form fields in, Keycloak-shaped tokens out (throws AUTH_* errors). */
  token(form: Record<string, string>, address: string | undefined): Promise<TokenResponse>;
  jwks(): Promise<{ keys: Record<string, unknown>[] }>;
  /** OpenID Connect Discovery 1.0 §3 metadata. */
  openidConfiguration(): Record<string, unknown>;
  resolveActor(credential: Credential, address: string | undefined): Promise<Actor>;
  rotateSigningKey(): Promise<string>;
  users: UserAdmin;
}

export function createAuthService(ctx: AuthContext): AuthService {
  const keys = new SigningKeys(ctx);
  const resolver = new ActorResolver(ctx, keys, ctx.settings.external ? createExternalVerifier(ctx.settings.external) : undefined);
  const issuer = issuerOf(ctx);
  // Changes made through this process take effect at once here; other processes see them after userCacheMs.
  const changed =
    <A extends unknown[], R>(fn: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      const r = await fn(...args);
      resolver.forget();
      return r;
    };
  return {
    realm: ctx.settings.realm,
    issuer,
    token: (form, address) => grantTokens(ctx, keys, form, address),
    jwks: () => keys.publicJwks(),
    openidConfiguration: () => {
      const base = `${issuer}/protocol/openid-connect`;
      return {
        issuer,
        token_endpoint: `${base}/token`,
        jwks_uri: `${base}/certs`,
        grant_types_supported: ['password', 'refresh_token', 'client_credentials'],
        response_types_supported: ['token'],
        subject_types_supported: ['public'],
        id_token_signing_alg_values_supported: [ctx.settings.signingAlg],
        token_endpoint_auth_methods_supported: ['client_secret_post', 'client_secret_basic'],
        claims_supported: ['iss', 'sub', 'aud', 'exp', 'iat', 'jti', 'preferred_username', 'email', 'realm_access', 'groups'],
        scopes_supported: ['openid', 'profile', 'email'],
      };
    },
    resolveActor: (credential, address) => resolver.resolve(credential, address),
    rotateSigningKey: () => keys.rotate(),
    users: {
      addUser: changed((input: NewUser) => createUser(ctx, input)),
      listUsers: () => listUsers(ctx),
      getUser: (username) => getUser(ctx, username),
      setDisabled: changed((username: string, disabled: boolean) => setUserDisabled(ctx, username, disabled)),
      setPassword: changed((username: string, password: string) => setUserPassword(ctx, username, password)),
      addRole: changed((username: string, role: string) => addUserRole(ctx, username, role)),
      removeRole: changed((username: string, role: string) => removeUserRole(ctx, username, role)),
      createApiKey: (username, name) => createApiKey(ctx, username, name),
      listApiKeys: (username) => listApiKeys(ctx, username),
      revokeApiKey: changed((prefixOrId: string) => revokeApiKey(ctx, prefixOrId)),
      rotateSigningKey: async () => ({ kid: await keys.rotate() }),
    },
  };
}

/**
 * The first admin: when no user holds `admin`, creates `admin` with the given password, or with a
 * generated one that is returned (for the caller to print once) and never stored in clear or logged.
 */
export async function ensureFirstAdmin(
  ctx: AuthContext,
  password: string | undefined,
): Promise<{ created: boolean; generatedPassword?: string }> {
  const r = await ctx.db.query(`SELECT 1 FROM user_roles WHERE name = 'admin' LIMIT 1`);
  if (r.rowCount > 0) return { created: false };
  const generated = password === undefined ? generatePassword() : undefined;
  try {
    await createUser(ctx, { username: 'admin', password: password ?? generated, roles: ['admin'] });
  } catch (error) {
    // Another process created it first, or an `admin` without the role exists: leave it to the operator.
    if (error instanceof Error && 'code' in error && error.code === 'AUTH_USER_EXISTS') return { created: false };
    throw error;
  }
  return generated === undefined ? { created: true } : { created: true, generatedPassword: generated };
}

/** The oldest enabled admin: who the local admin CLI and preset credentials act as. */
export async function firstActiveAdmin(ctx: Pick<AuthContext, 'db'>): Promise<string | undefined> {
  const r = await ctx.db.query<{ username: string }>(
    `SELECT u.username FROM users u JOIN user_roles r ON r.user_id = u.id AND r.name = 'admin' WHERE NOT u.disabled ORDER BY u.created_at LIMIT 1`,
  );
  return r.rows[0]?.username;
}

/** A fresh API key for the local admin CLI (the previous local keys are revoked). */
export async function issueLocalAdminKey(ctx: AuthContext): Promise<string | undefined> {
  const admin = await firstActiveAdmin(ctx);
  if (!admin) return undefined;
  const old = await ctx.db.query<{ prefix: string }>(`SELECT prefix FROM api_keys WHERE name = 'local-admin-cli' AND revoked_at IS NULL`);
  for (const k of old.rows) await revokeApiKey(ctx, k.prefix);
  return (await createApiKey(ctx, admin, 'local-admin-cli')).key;
}
