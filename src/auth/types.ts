import type { Db } from '../db/index.ts';

/** Roles the hub knows; `registered` belongs to every user and is never stored. Other names are groups. */
export const KNOWN_ROLES = ['admin', 'registered', 'institutional'] as const;
export type Role = (typeof KNOWN_ROLES)[number];

/**
 * Who is calling: resolved by the HTTP layer on every request, handed to capabilities in their context.
 * `view` names the portal view the request came in through (config access.views, by host name): access/
 * narrows what the actor sees to that view's collections. It travels with the actor so that every
 * capability that asks access/ for a scope gets the narrowing without an argument of its own.
 */
export type Actor = (
  | { kind: 'anonymous' }
  | { kind: 'user'; id: string; username: string; roles: readonly string[]; groups: readonly string[] }
) & { view?: string };

export const ANONYMOUS: Actor = Object.freeze({ kind: 'anonymous' });

export interface AuthSettings {
  /** Keycloak-style realm in the token URLs (`/auth/realms/<realm>/...`). */
  realm: string;
  audience: string;
  accessTokenTtlS: number;
  refreshTokenTtlS: number;
  signingAlg: 'ES256' | 'RS256';
  maxFailuresPerUser: number;
  maxFailuresPerAddress: number;
  failureWindowMs: number;
  userCacheMs: number;
  external?: ExternalIdpSettings | undefined;
}

export interface ExternalIdpSettings {
  issuer: string;
  jwksUrl: string;
  audience: string;
  /** Dotted path of the claim listing roles, e.g. `realm_access.roles`. */
  rolesClaim: string;
  groupsClaim: string;
  usernameClaim: string;
  /** Least time between two JWKS fetches triggered by unknown kids. */
  jwksCooldownMs: number;
}

export interface AuthContext {
  db: Db;
  settings: AuthSettings;
  /** The hub's base URL; the issuer is `<baseUrl>/auth/realms/<realm>`. */
  baseUrl: string;
  /** Milliseconds since the epoch; tests inject their own. */
  clock: () => number;
}

export interface User {
  id: string;
  username: string;
  email: string | null;
  disabled: boolean;
  roles: string[];
  groups: string[];
  created: string;
}

/** Splits stored names into roles (with the implicit `registered`) and free-form groups. */
export function splitRoles(names: readonly string[]): { roles: string[]; groups: string[] } {
  const known = new Set<string>(KNOWN_ROLES);
  const roles = ['registered', ...names.filter((n) => known.has(n) && n !== 'registered')].sort();
  const groups = names.filter((n) => !known.has(n)).sort();
  return { roles, groups };
}

export function issuerOf(ctx: Pick<AuthContext, 'baseUrl' | 'settings'>): string {
  return `${ctx.baseUrl.replace(/\/$/, '')}/auth/realms/${ctx.settings.realm}`;
}
