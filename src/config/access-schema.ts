import { z } from 'zod';

/**
 * Who may call the hub and what they see (schema.ts includes these sections): CORS of the browser-facing
 * APIs, accounts and tokens, and the collections' access policies with the portal views.
 */
export const corsSchema = z
  .object({
    origins: z
      .array(z.string().min(1))
      .default(['*'])
      .describe(
        "Origins allowed to call the CDSE-style APIs from a browser (CORS), as CDSE's browser apps call them: OData, resto OpenSearch, the token endpoint, OIDC discovery and JWKS; `*` allows any, `[]` none. STAC has its own list (stac.corsOrigins); DHuS, the S3 API and the admin API never answer CORS. Env EOHUB_CORS_ORIGINS (comma-separated).",
      ),
  })
  .prefault({})
  .describe('CORS of the browser-facing APIs besides STAC');

export const authSchema = z
  .object({
    realm: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,64}$/)
      .default('eohub')
      .describe('Realm in the Keycloak-style token URLs (/auth/realms/<realm>/protocol/openid-connect/token). Env EOHUB_AUTH_REALM.'),
    audience: z.string().min(1).default('eohub').describe('`aud` of the access tokens the hub issues. Env EOHUB_AUTH_AUDIENCE.'),
    accessTokenTtlS: z.coerce
      .number()
      .int()
      .min(30)
      .max(86_400)
      .default(600)
      .describe('Lifetime of access tokens in seconds (CDSE: 600). Env EOHUB_AUTH_ACCESS_TOKEN_TTL_S.'),
    refreshTokenTtlS: z.coerce
      .number()
      .int()
      .min(60)
      .max(90 * 86_400)
      .default(3600)
      .describe('Lifetime of refresh tokens in seconds (CDSE: 3600); each refresh rotates the token. Env EOHUB_AUTH_REFRESH_TOKEN_TTL_S.'),
    signingAlg: z
      .enum(['ES256', 'RS256'])
      .default('ES256')
      .describe('Algorithm of the signing keys the hub generates (new keys only). Env EOHUB_AUTH_SIGNING_ALG.'),
    maxFailuresPerUser: z.coerce
      .number()
      .int()
      .min(1)
      .default(10)
      .describe('Failed sign-ins for one username within the window before it is locked (429). Env EOHUB_AUTH_MAX_FAILURES_PER_USER.'),
    maxFailuresPerAddress: z.coerce
      .number()
      .int()
      .min(1)
      .default(50)
      .describe(
        'Failed sign-ins from one client address within the window before it is locked (429). Env EOHUB_AUTH_MAX_FAILURES_PER_ADDRESS.',
      ),
    failureWindowMs: z.coerce
      .number()
      .int()
      .min(1000)
      .default(15 * 60_000)
      .describe('Window over which failed sign-ins are counted, in ms. Env EOHUB_AUTH_FAILURE_WINDOW_MS.'),
    userCacheMs: z.coerce
      .number()
      .int()
      .min(0)
      .max(300_000)
      .default(5000)
      .describe("How long a user's state (disabled, roles) is reused when resolving a token, in ms. Env EOHUB_AUTH_USER_CACHE_MS."),
    adminPassword: z
      .string()
      .min(8)
      .optional()
      .describe(
        'Password of the first admin (user `admin`), created when no admin exists; when unset a generated password is printed once. A secret: never logged. Env EOHUB_ADMIN_PASSWORD.',
      ),
    external: z
      .object({
        issuer: z.string().min(1).describe("`iss` of the external provider's tokens. Env EOHUB_AUTH_OIDC_ISSUER."),
        jwksUrl: z.url().describe('JWKS URL of the external provider. Env EOHUB_AUTH_OIDC_JWKS_URL.'),
        audience: z.string().min(1).describe('`aud` the external tokens must carry. Env EOHUB_AUTH_OIDC_AUDIENCE.'),
        rolesClaim: z
          .string()
          .min(1)
          .default('realm_access.roles')
          .describe('Dotted path of the claim listing roles. Env EOHUB_AUTH_OIDC_ROLES_CLAIM.'),
        groupsClaim: z
          .string()
          .min(1)
          .default('groups')
          .describe('Dotted path of the claim listing groups. Env EOHUB_AUTH_OIDC_GROUPS_CLAIM.'),
        usernameClaim: z
          .string()
          .min(1)
          .default('preferred_username')
          .describe('Claim holding the username. Env EOHUB_AUTH_OIDC_USERNAME_CLAIM.'),
        jwksCooldownMs: z.coerce
          .number()
          .int()
          .min(0)
          .max(3_600_000)
          .default(30_000)
          .describe(
            "Least time between two fetches of the provider's JWKS when tokens name unknown keys, in ms (protects the provider from random kids). Env EOHUB_AUTH_OIDC_JWKS_COOLDOWN_MS.",
          ),
      })
      .optional()
      .describe("Trust tokens of an external OpenID Connect provider besides the hub's own"),
  })
  .prefault({})
  .describe('Accounts and tokens');

/**
 * A portal view (access/views.ts): the collections a hub shows to requests that arrive on one of its host
 * names. Host names are compared without port and case; a collection entry may end in `*` (a name prefix),
 * so that a view keeps covering collections created later.
 */
export const accessViewSchema = z
  .object({
    name: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'a view name: lower-case letters, digits and hyphens')
      .describe('Name of the view, as logs and metrics show it.'),
    hosts: z
      .array(
        z
          .string()
          .regex(/^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*$/, 'a host name without port')
          .transform((h) => h.toLowerCase()),
      )
      .min(1)
      .describe('Host names (Host or X-Forwarded-Host, without port) whose requests enter this view.'),
    collections: z
      .array(z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:-]*\*?$|^\*$/, 'a collection name, or a name prefix ending in *'))
      .min(1)
      .describe('Collections the view exposes: names, or prefixes ending in `*` (`SENTINEL-3*`).'),
    publicUrl: z
      .url()
      .optional()
      .describe("Base URL of links in responses through this view; by default the request's own scheme and host."),
  })
  .strict();

function checkViewsDistinct(views: readonly z.infer<typeof accessViewSchema>[], ctx: z.RefinementCtx): void {
  const names = new Set<string>();
  const hosts = new Map<string, string>();
  for (const [i, view] of views.entries()) {
    if (names.has(view.name)) ctx.addIssue({ code: 'custom', path: [i, 'name'], message: `two views are named ${view.name}` });
    names.add(view.name);
    for (const host of view.hosts) {
      const other = hosts.get(host);
      if (other !== undefined && other !== view.name)
        ctx.addIssue({ code: 'custom', path: [i, 'hosts'], message: `host ${host} is in views ${other} and ${view.name}` });
      hosts.set(host, view.name);
    }
  }
}

export const accessSchema = z
  .object({
    defaultPolicy: z
      .enum(['public', 'registered'])
      .default('registered')
      .describe(
        'Policy of collections that set none: `registered` (as CDSE: anyone searches, downloads need a login) or `public`. Restricted collections are set per collection (`eohub admin collection access`). Env EOHUB_ACCESS_DEFAULT_POLICY.',
      ),
    cacheMs: z.coerce
      .number()
      .int()
      .min(0)
      .max(300_000)
      .default(5000)
      .describe(
        "How long the collections' access policies are reused before they are read again, in ms; changes through this process apply at once, other processes see them after this. Env EOHUB_ACCESS_CACHE_MS.",
      ),
    views: z
      .array(accessViewSchema)
      .superRefine(checkViewsDistinct)
      .default([])
      .describe(
        'Portal views (none by default): each exposes only some collections to requests arriving on its host names (Host header), in every API; a view only narrows what the collection policies allow. Env EOHUB_ACCESS_VIEWS (JSON array of {name, hosts, collections, publicUrl?}).',
      ),
  })
  .prefault({})
  .describe('Access policies');
