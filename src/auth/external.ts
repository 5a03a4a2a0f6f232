import { createRemoteJWKSet, jwtVerify, type JWTPayload } from 'jose';
import { AUTH_ERRORS, authError } from './errors.ts';
import { KNOWN_ROLES, type ExternalIdpSettings } from './types.ts';

/**
 * Trusting an external OpenID Connect provider (Keycloak, CDSE, an institutional IdP): its tokens are
 * verified against its JWKS, which jose caches and refetches when a token names an unknown `kid`
 * (at most every `jwksCooldownMs`, 30 s by default, so that random kids cannot make the hub hammer the provider).
 */
export interface ExternalIdentity {
  subject: string;
  username: string;
  roles: string[];
  groups: string[];
}

/** Asymmetric algorithms only: `none` and HMAC (whose key would be public) never verify. */
const ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];

function claimAt(payload: JWTPayload, path: string): unknown {
  let value: unknown = payload;
  for (const part of path.split('.')) {
    if (value === null || typeof value !== 'object') return undefined;
    // a non-null object (checked above): its members are read by name
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

export function createExternalVerifier(settings: ExternalIdpSettings): (token: string, nowMs: number) => Promise<ExternalIdentity> {
  const jwks = createRemoteJWKSet(new URL(settings.jwksUrl), {
    cooldownDuration: settings.jwksCooldownMs,
    cacheMaxAge: 600_000,
    timeoutDuration: 5000,
  });
  return async (token, nowMs) => {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, jwks, {
        issuer: settings.issuer,
        audience: settings.audience,
        algorithms: ALGORITHMS,
        currentDate: new Date(nowMs),
        requiredClaims: ['sub', 'exp'],
      }));
    } catch (error) {
      const code = error instanceof Error && 'code' in error ? String(error.code) : 'ERR_UNKNOWN';
      throw authError(AUTH_ERRORS.INVALID_TOKEN, `invalid token from ${settings.issuer}: ${code}`);
    }
    const username = claimAt(payload, settings.usernameClaim);
    const subject = payload.sub ?? '';
    const known = new Set<string>(KNOWN_ROLES);
    return {
      subject,
      username: typeof username === 'string' && username.length > 0 ? username : subject,
      roles: ['registered', ...strings(claimAt(payload, settings.rolesClaim)).filter((r) => known.has(r) && r !== 'registered')].sort(),
      // Keycloak writes groups as paths (`/institutional/esa`); the leading slash is not part of the name.
      groups: strings(claimAt(payload, settings.groupsClaim))
        .map((g) => g.replace(/^\//, ''))
        .sort(),
    };
  };
}
