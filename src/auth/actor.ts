import { createHmac, randomBytes } from 'node:crypto';
import { decodeJwt } from 'jose';
import { looksLikeApiKey, verifyApiKey } from './api-keys.ts';
import { AUTH_ERRORS, authError } from './errors.ts';
import type { ExternalIdentity } from './external.ts';
import { checkPassword } from './grants.ts';
import type { SigningKeys } from './signing-keys.ts';
import { verifyAccessToken } from './tokens.ts';
import { ANONYMOUS, issuerOf, type Actor, type AuthContext, type User } from './types.ts';
import { findUser, findUserById } from './users.ts';

/** What the HTTP layer found in a request; resolving it gives the Actor. */
export type Credential =
  | { type: 'none' }
  | { type: 'bearer'; token: string }
  | { type: 'apiKey'; key: string }
  | { type: 'basic'; username: string; password: string };

export function actorOf(user: Pick<User, 'id' | 'username' | 'roles' | 'groups'>): Actor {
  return { kind: 'user', id: user.id, username: user.username, roles: [...user.roles], groups: [...user.groups] };
}

/**
 * Resolves credentials to an Actor. Local users are read from the database (briefly cached), so that
 * a disabled account or a removed role takes effect within `userCacheMs` even for unexpired tokens.
 */
export class ActorResolver {
  private readonly cache = new Map<string, { user: User | undefined; at: number }>();
  /**
   * HTTP Basic clients (sentinelsat) send the password with every request, and each check costs one
   * scrypt run; a check that succeeded is remembered for userCacheMs under an HMAC with a per-process
   * key, so that the memory holds nothing a password could be recovered from.
   */
  private readonly basicCache = new Map<string, { userId: string; at: number }>();
  private readonly basicKey = randomBytes(32);

  constructor(
    private readonly ctx: AuthContext,
    private readonly keys: SigningKeys,
    private readonly external: ((token: string, nowMs: number) => Promise<ExternalIdentity>) | undefined,
  ) {}

  private async cached(key: string, load: () => Promise<User | undefined>): Promise<User | undefined> {
    const now = this.ctx.clock();
    const hit = this.cache.get(key);
    if (hit && now - hit.at < this.ctx.settings.userCacheMs) return hit.user;
    const user = await load();
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(key, { user, at: now });
    return user;
  }

  /** Drops cached state (after an admin change in this process). */
  forget(): void {
    this.cache.clear();
    this.basicCache.clear();
  }

  private async basic(username: string, password: string, address: string | undefined): Promise<Actor> {
    const key = createHmac('sha256', this.basicKey).update(username.toLowerCase()).update('\0').update(password).digest('base64');
    const now = this.ctx.clock();
    const hit = this.basicCache.get(key);
    if (hit && now - hit.at < this.ctx.settings.userCacheMs) return this.localActor(hit.userId);
    const user = await checkPassword(this.ctx, username, password, address);
    if (this.basicCache.size > 10_000) this.basicCache.clear();
    this.basicCache.set(key, { userId: user.id, at: now });
    return actorOf(user);
  }

  private async localActor(userId: string): Promise<Actor> {
    const user = await this.cached(`id:${userId}`, () => findUserById(this.ctx, userId));
    if (!user) throw authError(AUTH_ERRORS.INVALID_TOKEN, 'the token names an unknown user');
    if (user.disabled) throw authError(AUTH_ERRORS.USER_DISABLED, 'the account is disabled');
    return actorOf(user);
  }

  async resolve(credential: Credential, address: string | undefined): Promise<Actor> {
    switch (credential.type) {
      case 'none':
        return ANONYMOUS;
      case 'basic':
        return this.basic(credential.username, credential.password, address);
      case 'apiKey':
        return this.apiKey(credential.key);
      case 'bearer':
        return looksLikeApiKey(credential.token) ? this.apiKey(credential.token) : this.jwt(credential.token);
    }
  }

  private async apiKey(key: string): Promise<Actor> {
    const found = await verifyApiKey(this.ctx, key);
    if (!found) throw authError(AUTH_ERRORS.INVALID_CREDENTIALS, 'invalid API key');
    return this.localActor(found.userId);
  }

  private async jwt(token: string): Promise<Actor> {
    let iss: unknown;
    try {
      iss = decodeJwt(token).iss;
    } catch {
      throw authError(AUTH_ERRORS.INVALID_TOKEN, 'malformed bearer token');
    }
    if (iss === issuerOf(this.ctx)) return this.localActor((await verifyAccessToken(this.ctx, this.keys, token)).userId);
    if (this.external && iss === this.ctx.settings.external?.issuer) {
      const identity = await this.external(token, this.ctx.clock());
      // A local account of the same name that an admin disabled also shuts out its external sign-in.
      const local = await this.cached(`name:${identity.username.toLowerCase()}`, () => findUser(this.ctx, identity.username));
      if (local?.disabled) throw authError(AUTH_ERRORS.USER_DISABLED, 'the account is disabled');
      return { kind: 'user', id: identity.subject, username: identity.username, roles: identity.roles, groups: identity.groups };
    }
    throw authError(AUTH_ERRORS.INVALID_TOKEN, 'token from an untrusted issuer');
  }
}
